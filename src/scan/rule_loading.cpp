#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>

#include <re2/re2.h>

#include "config/gitleaks_loader.hpp"
#include "core/paths.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "scan/spec_cache.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;

namespace {

// A regex that matches every sample: an allowlist built on it switches rules off.
bool matches_everything(const std::vector<std::string>& patterns, std::initializer_list<std::string_view> samples) {
  for (const auto& p : patterns) {
    RE2 re(translate_go_regex(p), go_regex_options());
    if (!re.ok()) continue;
    bool all = true;
    for (auto s : samples) all = all && RE2::PartialMatch(s, re);
    if (all) return true;
  }
  return false;
}

// The rule an id names: its own id, or an older id kept in `aliases`.
const RuleSpec* find_rule(const RuleSpecSet& all, const std::string& id) {
  for (const RuleSpec& r : all.rules)
    if (r.id == id) return &r;
  for (const RuleSpec& r : all.rules)
    if (std::find(r.aliases.begin(), r.aliases.end(), id) != r.aliases.end()) return &r;
  return nullptr;
}

// Unknown ids are errors, as in gitleaks: a typo must not silently keep a rule
// on. Old ids are rewritten to the rule's id, with one note each.
Status resolve_rule_ids(RuleSpecSet& all, std::vector<std::string>& ids, const std::string& where,
                        const std::string& field) {
  for (auto& id : ids) {
    const RuleSpec* rule = find_rule(all, id);
    if (!rule)
      return fail(ErrorKind::Config, field + " names an unknown rule '" + id + "'", where,
                  "see `hookagent rules list` for the rule ids (gitleaks refuses unknown ids too)");
    if (rule->id == id) continue;
    all.notes.push_back(where + ": " + field + " uses '" + id + "', an old id of '" + rule->id +
                        "' (still accepted; write the new id)");
    id = rule->id;
  }
  return ok();
}

void note_open_allowlists(RuleSpecSet& all) {
  for (const auto& a : all.global_allowlists) {
    const bool all_paths = matches_everything(a.paths, {"src/main.go", "a", "config/.env", ""});
    const bool all_secrets = matches_everything(a.regexes, {"AKIAIOSFODNN7EXAMPLE", "x", "hunter2"});
    if (all_paths || all_secrets)
      all.notes.push_back("the allowlist at " + a.where + " matches every " + (all_paths ? "path" : "secret") +
                          ": " + (a.target_rules.empty() ? "every rule" : "the rules it names") +
                          " report nothing");
  }
}

// The bundled packs a long-lived process (the warm server) loaded once, and
// what identified their files then. A pack file replaced or touched since
// makes the key differ, so a stale set is never returned.
struct Preloaded {
  std::string key;
  std::shared_ptr<const RuleSet> rules;
};
std::mutex preloaded_mutex;
Preloaded preloaded;

// Empty when the set cannot be kept: a team file is part of it (it lives in
// the repository under review and changes with every checkout).
std::string preload_key(const RuleSources& sources, const fs::path& rules_dir) {
  if (!sources.gitleaks_config.empty()) return {};
  std::string key = sources.honour_team_narrowing ? "narrow\n" : "keep\n";
  for (const std::string& pack : sources.packs) {
    const fs::path file = rules_dir / (pack + ".toml");
    struct stat st {};
    if (stat(file.c_str(), &st) != 0) return {};
    key += file.string() + ' ' + std::to_string(st.st_dev) + ' ' + std::to_string(st.st_ino) + ' ' +
           std::to_string(st.st_size) + ' ' + std::to_string(st.st_mtim.tv_sec) + '.' +
           std::to_string(st.st_mtim.tv_nsec) + ' ' + std::to_string(st.st_ctim.tv_sec) + '.' +
           std::to_string(st.st_ctim.tv_nsec) + '\n';
  }
  return key;
}

Result<std::shared_ptr<const RuleSet>> load_rule_set_now(const RuleSources& sources, const fs::path& rules_dir);

}  // namespace

Result<std::shared_ptr<const RuleSet>> load_rule_set(const RuleSources& sources) {
  const fs::path rules_dir = data_dir() / "rules";
  if (std::string key = preload_key(sources, rules_dir); !key.empty()) {
    std::lock_guard lock(preloaded_mutex);
    if (preloaded.rules && preloaded.key == key) return preloaded.rules;
  }
  return load_rule_set_now(sources, rules_dir);
}

bool rule_set_preloaded() {
  std::lock_guard lock(preloaded_mutex);
  return preloaded.rules != nullptr;
}

Status preload_rule_set(const RuleSources& sources) {
  const fs::path rules_dir = data_dir() / "rules";
  std::string key = preload_key(sources, rules_dir);
  if (key.empty()) return fail(ErrorKind::Usage, "only the bundled packs can be preloaded");
  auto rules = load_rule_set_now(sources, rules_dir);
  if (!rules) return std::unexpected(rules.error());
  warm_up(*rules);
  std::lock_guard lock(preloaded_mutex);
  preloaded = {std::move(key), std::move(*rules)};
  return ok();
}

namespace {

Result<std::shared_ptr<const RuleSet>> load_rule_set_now(const RuleSources& sources, const fs::path& rules_dir) {
  GitleaksLoadOptions options;
  options.default_config = rules_dir / "secrets.toml";
  std::optional<RuleSpecSet> team;
  if (!sources.gitleaks_config.empty()) {
    auto specs = load_gitleaks_file(sources.gitleaks_config, options);
    if (!specs) return std::unexpected(specs.error());
    team = std::move(*specs);
  }
  RuleSpecSet all;
  for (const std::string& pack : sources.packs) {
    if (pack == "secrets" && team && !team->uses_default && sources.honour_team_narrowing) {
      all.notes.push_back(sources.gitleaks_config.string() +
                          " has no `[extend] useDefault = true`: its rules replace the bundled secret rules");
      continue;
    }
    fs::path file = rules_dir / (pack + ".toml");
    std::error_code ec;
    if (!fs::exists(file, ec)) {
      return fail(ErrorKind::Config, "rule pack '" + pack + "' not found", file.string(),
                  "bundled packs are 'secrets' and 'danger'; check scan.packs in .hookagent.toml");
    }
    if (auto cached = read_cached_specs(file)) {
      merge_rule_specs(all, std::move(*cached));
      continue;
    }
    auto specs = load_gitleaks_file(file, options);
    if (!specs) return std::unexpected(specs.error());
    work_out_reach(*specs);
    write_cached_specs(file, *specs);
    merge_rule_specs(all, std::move(*specs));
  }
  if (team) {
    auto notes = std::move(all.notes);
    merge_rule_specs(all, std::move(*team));
    all.notes.insert(all.notes.begin(), notes.begin(), notes.end());
    if (auto s = resolve_rule_ids(all, all.disabled_rules, all.disabled_where, "[extend] disabledRules"); !s)
      return std::unexpected(s.error());
    for (auto& a : all.global_allowlists)
      if (auto s = resolve_rule_ids(all, a.target_rules, a.where, "targetRules"); !s) return std::unexpected(s.error());
    if (sources.honour_team_narrowing)
      std::erase_if(all.rules, [&](const RuleSpec& r) {
        return std::find(all.disabled_rules.begin(), all.disabled_rules.end(), r.id) != all.disabled_rules.end();
      });
    note_open_allowlists(all);
  }
  // Bundled packs compile lazily; a team file eagerly (errors at load time).
  return compile_rules(all, rules_dir.string() + "/");
}

}  // namespace

}  // namespace hookagent::scan
