// Walks every rule of the bundled packs (rules/secrets.toml, rules/danger.toml)
// through the real loader and scanner, as gitleaks does for its built-in rules:
// each positive sample must fire its rule, each negative must not, and every rule
// carries the metadata reports need. Samples hold {{rand:N:CHARSET}} placeholders
// that expand here, at test time, so the repository never stores a live-looking
// secret; the last case checks that our own files scan clean.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/gitleaks_loader.hpp"
#include "scan/rule_spec.hpp"
#include "scan/scanner.hpp"

namespace fs = std::filesystem;
using namespace hookagent;

namespace {

fs::path source_root() {
  const char* root = std::getenv("HOOKAGENT_TEST_SOURCE_ROOT");
  return root ? fs::path(root) : fs::current_path();
}

struct Pack {
  std::string name;  // "secrets" or "danger"
  scan::RuleSpecSet specs;
  std::shared_ptr<const scan::RuleSet> compiled;
};

// Loads one pack through the engine's own loader and compiler; a pack that does
// not load or compile fails the test with the loader's file:line message.
Pack load_pack(const std::string& name) {
  fs::path file = source_root() / "rules" / (name + ".toml");
  auto specs = load_gitleaks_file(file);
  if (!specs) FAIL(file.string() << ": " << specs.error().what << " at " << specs.error().where);
  auto compiled = scan::compile_rules(*specs);
  if (!compiled) FAIL(file.string() << ": " << compiled.error().what << " at " << compiled.error().where);
  return Pack{name, std::move(*specs), std::move(*compiled)};
}

const std::vector<Pack>& packs() {
  static const std::vector<Pack> loaded = [] {
    std::vector<Pack> v;
    v.push_back(load_pack("secrets"));
    v.push_back(load_pack("danger"));
    return v;
  }();
  return loaded;
}

// The random stretches expand_sample() put into `expanded`, found by walking the
// template: literal text is copied unchanged and each {{rand:N:...}} becomes N bytes.
std::vector<std::string> random_parts(const std::string& tmpl, const std::string& expanded) {
  std::vector<std::string> parts;
  std::size_t in = 0, out = 0;
  while (true) {
    std::size_t open = tmpl.find("{{rand:", in);
    std::size_t close = open == std::string::npos ? open : tmpl.find("}}", open);
    if (close == std::string::npos) break;
    out += open - in;
    std::size_t n = std::strtoul(tmpl.c_str() + open + 7, nullptr, 10);
    if (out + n <= expanded.size()) parts.push_back(expanded.substr(out, n));
    out += n;
    in = close + 2;
  }
  return parts;
}

std::string sample_path(const scan::RuleSpec& rule) {
  return rule.sample_path.empty() ? "sample.txt" : rule.sample_path;
}

std::vector<Finding> findings_of(const std::vector<Finding>& all, const std::string& id) {
  std::vector<Finding> mine;
  for (const Finding& f : all)
    if (f.rule_id == id) mine.push_back(f);
  return mine;
}

// Several seeds, so that an entropy threshold too close to what random text
// reaches shows up as a failure here rather than as a flaky run later.
constexpr uint64_t kSeeds[] = {1, 7, 42, 1234, 99991};

void report(const std::vector<std::string>& failures) {
  for (const std::string& f : failures) std::cerr << "  " << f << "\n";
}

}  // namespace

TEST_CASE("both packs load through the gitleaks loader and compile") {
  for (const Pack& pack : packs()) {
    INFO(pack.name);
    CHECK(pack.specs.rules.size() > 0);
    std::cerr << "rules/" << pack.name << ".toml: " << pack.specs.rules.size() << " rules\n";
  }
}

TEST_CASE("rule ids are unique across the packs") {
  std::map<std::string, std::string> seen;
  std::vector<std::string> failures;
  for (const Pack& pack : packs())
    for (const scan::RuleSpec& rule : pack.specs.rules)
      if (auto [it, fresh] = seen.emplace(rule.id, pack.name); !fresh)
        failures.push_back(rule.id + " in " + pack.name + " already defined in " + it->second);
  report(failures);
  CHECK(failures.empty());
}

TEST_CASE("every rule carries the metadata a report needs") {
  std::vector<std::string> failures;
  for (const Pack& pack : packs()) {
    for (const scan::RuleSpec& rule : pack.specs.rules) {
      auto missing = [&](const char* what) { failures.push_back(pack.name + "/" + rule.id + ": no " + what); };
      if (rule.description.empty()) missing("description");
      if (!rule.severity) missing("severity");
      if (rule.regex.empty() && rule.path.empty()) missing("regex (or path, for a file-name rule)");
      // A rule without keywords runs on every byte; it must say why in its tags.
      bool justified = std::find(rule.tags.begin(), rule.tags.end(), "no-keywords") != rule.tags.end();
      if (rule.keywords.empty() && !justified && !rule.regex.empty()) missing("keywords (or a no-keywords tag)");
      for (const std::string& k : rule.keywords)
        for (char c : k)
          if (c >= 'A' && c <= 'Z') failures.push_back(pack.name + "/" + rule.id + ": keyword '" + k + "' is not lowercase");
      if (rule.positives.empty()) missing("positives");
      if (rule.negatives.empty()) missing("negatives");
      if (rule.cwe.empty()) missing("cwe");
      if (pack.name == "secrets" && !rule.is_secret()) failures.push_back("secrets/" + rule.id + ": category must be secret");
      if (pack.name == "danger") {
        if (rule.is_secret()) failures.push_back("danger/" + rule.id + ": needs a non-secret category");
        if (rule.fix.empty()) missing("fix");
        if (rule.path.empty()) missing("path (language file globs)");
        if (rule.sample_path.empty()) missing("samplePath");
      }
    }
  }
  report(failures);
  CHECK(failures.empty());
}

TEST_CASE("every positive sample fires its rule without showing the secret") {
  std::vector<std::string> failures;
  int checked = 0;
  for (const Pack& pack : packs()) {
    scan::Scanner scanner(pack.compiled);
    for (const scan::RuleSpec& rule : pack.specs.rules) {
      scan::TextContext ctx;
      ctx.path = sample_path(rule);
      for (const std::string& tmpl : rule.positives) {
        for (uint64_t seed : kSeeds) {
          std::string text = scan::expand_sample(tmpl, seed);
          // A file-name rule's samples are paths.
          if (rule.regex.empty()) ctx.path = text;
          auto mine = findings_of(rule.regex.empty() ? scanner.scan_path_only(ctx) : scanner.scan_text(text, ctx),
                                  rule.id);
          ++checked;
          if (mine.empty()) {
            failures.push_back(pack.name + "/" + rule.id + ": positive missed (seed " + std::to_string(seed) +
                               "): " + text.substr(0, 200));
            break;
          }
          if (!rule.is_secret()) continue;
          // Random stretches of 12+ bytes stand for the secret in our samples;
          // none may reach any output in full.
          for (const std::string& part : random_parts(tmpl, text))
            for (const Finding& f : mine)
              if (part.size() >= 12 && f.excerpt.find(part) != std::string::npos)
                failures.push_back(pack.name + "/" + rule.id + ": excerpt shows the secret: " + f.excerpt);
        }
      }
    }
  }
  std::cerr << checked << " positive sample scans\n";
  report(failures);
  CHECK(failures.empty());
}

TEST_CASE("no negative sample fires its rule") {
  std::vector<std::string> failures;
  for (const Pack& pack : packs()) {
    scan::Scanner scanner(pack.compiled);
    for (const scan::RuleSpec& rule : pack.specs.rules) {
      scan::TextContext ctx;
      ctx.path = sample_path(rule);
      for (const std::string& tmpl : rule.negatives) {
        for (uint64_t seed : kSeeds) {
          std::string text = scan::expand_sample(tmpl, seed);
          if (rule.regex.empty()) ctx.path = text;
          auto mine = findings_of(rule.regex.empty() ? scanner.scan_path_only(ctx) : scanner.scan_text(text, ctx),
                                  rule.id);
          if (!mine.empty()) {
            failures.push_back(pack.name + "/" + rule.id + ": negative fired: " + mine.front().excerpt);
            break;
          }
        }
      }
    }
  }
  report(failures);
  CHECK(failures.empty());
}

TEST_CASE("our own rule packs and this test scan clean with every rule") {
  scan::RuleSpecSet all;
  for (const Pack& pack : packs()) merge_rule_specs(all, pack.specs);
  auto compiled = scan::compile_rules(all);
  REQUIRE(compiled);
  scan::Scanner scanner(*compiled);
  std::vector<std::string> failures;
  for (const char* rel : {"rules/secrets.toml", "rules/danger.toml", "tests/scan/rule_packs_test.cpp"}) {
    scan::TextContext ctx;
    ctx.path = rel;
    scan::FileOutcome outcome = scanner.scan_file(source_root() / rel, ctx);
    CHECK_FALSE(outcome.skipped);
    for (const Finding& f : outcome.findings)
      failures.push_back(std::string(rel) + ":" + std::to_string(f.line) + ": " + f.rule_id + ": " + f.excerpt);
  }
  report(failures);
  CHECK(failures.empty());
}
