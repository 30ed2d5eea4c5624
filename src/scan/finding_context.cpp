#include "scan/finding_context.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <re2/re2.h>

#include "scan/rule_set.hpp"

namespace hookagent::scan {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view s) { return name.ends_with(s); });
}

std::string_view folder_context(std::string_view folder) {
  static constexpr std::array<std::string_view, 16> tests{
      "test",     "tests",    "__tests__", "spec",      "specs",    "testing",   "testdata", "test-data",
      "test_data", "__mocks__", "mocks",   "e2e",       "testutil", "testutils", "unittest", "unittests"};
  static constexpr std::array<std::string_view, 4> fixtures{"fixtures", "fixture", "__fixtures__", "testfixtures"};
  static constexpr std::array<std::string_view, 6> examples{"examples", "example", "samples", "sample", "demo", "demos"};
  static constexpr std::array<std::string_view, 3> docs{"docs", "doc", "documentation"};
  static constexpr std::array<std::string_view, 2> data{"datasets", "dataset"};
  // Other people's code, copied in: a finding is theirs to fix (or a reason to update).
  static constexpr std::array<std::string_view, 6> vendored{"vendor",      "node_modules", "third_party",
                                                            "third-party", "thirdparty",   "bower_components"};
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), folder) != list.end(); };
  if (in(tests)) return "test code";
  if (in(fixtures)) return "a fixture";
  if (in(examples)) return "an example";
  if (in(docs)) return "docs";
  if (in(data)) return "a dataset";
  if (in(vendored)) return "vendored code";
  return {};
}

std::string_view file_context(std::string_view name) {
  // Test files by each language's naming convention.
  if (name.starts_with("test_") || ends_with_any(name, {"_test.py", "_test.go", "_test.rb", "_spec.rb", "_test.rs",
                                                         "_test.c", "_test.cc", "_test.cpp", "_unittest.cc",
                                                         "test.java", "tests.java", "test.kt", "test.cs",
                                                         "tests.cs", "test.php", "_test.exs", "conftest.py"}))
    return "test code";
  for (std::string_view mark : {".test.", ".spec.", ".e2e."})
    if (name.find(mark) != std::string_view::npos) return "test code";
  if (ends_with_any(name, {".md", ".markdown", ".rst", ".adoc", ".asciidoc"})) return "docs";
  if (ends_with_any(name, {".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"})) return "a dataset";
  if (ends_with_any(name, {".env.example", ".env.sample", ".env.template", ".env.dist"})) return "an example";
  // Generated and minified files, by the names their generators give them
  // (protoc, grpc, Windows Forms designers, bundlers): edited by no one.
  if (ends_with_any(name, {".min.js", ".min.mjs", "-min.js", ".bundle.js", "_pb2.py", "_pb2_grpc.py", ".pb.go",
                           ".pb.gw.go", ".pb.cc", ".pb.h", ".designer.cs", ".g.cs", ".g.dart"}) ||
      name.find(".generated.") != std::string_view::npos)
    return "generated code";
  return {};
}

Severity one_lower(Severity s) {
  return s == Severity::Info ? Severity::Info : static_cast<Severity>(static_cast<int>(s) - 1);
}

}  // namespace

std::string_view path_context(std::string_view path) {
  std::string p = lower(path);
  std::string_view rest(p);
  std::string_view found;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    found = slash == std::string_view::npos ? file_context(part) : folder_context(part);
    if (!found.empty()) return found;  // the literals live in static storage
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return {};
}

Status mark_advisory_findings(std::vector<Finding>& findings, const ScanConfig& scan,
                              const std::string& context_paths_where,
                              const std::unordered_set<std::string>& context_secret_rules) {
  const RuleConfidence bar = parse_rule_confidence(scan.block_confidence).value_or(RuleConfidence::High);
  const double bar_score = rule_confidence_score(bar);
  std::vector<std::unique_ptr<RE2>> extra;
  for (const auto& pattern : scan.context_paths) {
    auto re = std::make_unique<RE2>(pattern, RE2::Quiet);
    if (!re->ok())
      return fail(ErrorKind::Config, "scan.context_paths holds an invalid regex '" + pattern + "': " + re->error(),
                  context_paths_where, "write RE2 syntax, e.g. '^third_party/'");
    extra.push_back(std::move(re));
  }
  for (Finding& f : findings) {
    if (f.source != FindingSource::Rules || !f.advisory.empty()) continue;
    if (f.confidence + 1e-9 < bar_score) {
      f.advisory = std::string(f.confidence >= 0.5 ? "medium" : "low") +
                   "-confidence rule (scan.block_confidence = \"" + scan.block_confidence + "\")";
      continue;
    }
    if (scan.context != "aware") continue;
    const bool sure_secret = f.category == "secret" && f.confidence >= 1.0 && !f.rule_id.starts_with("generic") &&
                             !context_secret_rules.count(f.rule_id);
    if (sure_secret) continue;
    std::string why(path_context(f.file));
    if (why.empty() && std::any_of(extra.begin(), extra.end(),
                                   [&](const auto& re) { return RE2::PartialMatch(f.file, *re); }))
      why = "a path in scan.context_paths";
    if (why.empty()) continue;
    f.advisory = "in " + why + " (scan.context = \"strict\" makes it block)";
    f.severity = one_lower(f.severity);
  }
  return ok();
}

}  // namespace hookagent::scan
