// The gitleaks TOML format, loaded unchanged (src/config/gitleaks_loader).
#include <catch2/catch.hpp>

#include "config/gitleaks_loader.hpp"
#include "scan/redactor.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::scan;

namespace {
RuleSpecSet load(const std::string& text) {
  auto r = load_gitleaks_text(text, "rules.toml");
  INFO((r ? std::string() : r.error().message()));
  REQUIRE(r);
  return *r;
}
Error load_error(const std::string& text) {
  auto r = load_gitleaks_text(text, "rules.toml");
  REQUIRE_FALSE(r);
  return r.error();
}
}  // namespace

TEST_CASE("every gitleaks rule field is read", "[loader]") {
  auto set = load(R"(
title = "team rules"
[[rules]]
id = "awesome-rule-1"
description = "awesome rule 1"
regex = '''(?i)awesome_([a-z0-9]{10})'''
secretGroup = 1
entropy = 3.5
path = '''\.env$'''
keywords = ["auth", "Awesome"]
tags = ["tag", "another tag"]
unknownKey = "ignored like gitleaks does"
severity = "critical"
cwe = "CWE-798"
fix = "rotate it"
positives = ["x"]
negatives = ["y"]
  [[rules.allowlists]]
  description = "ignore commit A"
  condition = "AND"
  commits = ["commit-A"]
  paths = ['''go\.mod''']
  stopwords = ["client"]
  regexTarget = "line"
  regexes = ['''(?i)parseur[il]''']
)");
  REQUIRE(set.rules.size() == 1);
  const RuleSpec& r = set.rules[0];
  CHECK(r.id == "awesome-rule-1");
  CHECK(r.description == "awesome rule 1");
  CHECK(r.secret_group == 1);
  CHECK(r.entropy == Approx(3.5));
  CHECK(r.path == "\\.env$");
  CHECK(r.keywords == std::vector<std::string>{"auth", "Awesome"});
  CHECK(r.tags.size() == 2);
  CHECK(r.severity == Severity::Critical);
  CHECK(r.cwe == "CWE-798");
  CHECK(r.fix == "rotate it");
  CHECK(r.positives.size() == 1);
  CHECK(r.is_secret());
  REQUIRE(r.allowlists.size() == 1);
  const AllowlistSpec& a = r.allowlists[0];
  CHECK(a.condition == AllowCondition::And);
  CHECK(a.regex_target == RegexTarget::Line);
  CHECK(a.commits == std::vector<std::string>{"commit-A"});
  CHECK(a.stopwords == std::vector<std::string>{"client"});
  CHECK(a.where == "rules.toml:18");
  CHECK(r.where == "rules.toml:3");
}

TEST_CASE("legacy [rules.allowlist] and global [allowlist] / [[allowlists]] are read", "[loader]") {
  auto set = load(R"(
[allowlist]
description = "global"
paths = ['''vendor/''']
[[allowlists]]
targetRules = ["r1"]
regexes = ['''EXAMPLE''']
regexTarget = "match"
[[rules]]
id = "r1"
regex = '''x'''
[rules.allowlist]
stopwords = ["example"]
)");
  REQUIRE(set.global_allowlists.size() == 2);
  CHECK(set.global_allowlists[1].target_rules == std::vector<std::string>{"r1"});
  CHECK(set.global_allowlists[1].regex_target == RegexTarget::Match);
  REQUIRE(set.rules[0].allowlists.size() == 1);
  CHECK(set.rules[0].allowlists[0].stopwords == std::vector<std::string>{"example"});
}

TEST_CASE("[extend] path merges rules by id and appends allowlists", "[loader]") {
  test::TempDir dir;
  test::write_file(dir / "base.toml", R"(
[[rules]]
id = "gitlab-pat"
description = "GitLab PAT"
regex = '''glpat-[0-9a-zA-Z_\-]{20}'''
keywords = ["glpat-"]
[[rules]]
id = "disabled-one"
regex = '''zzz'''
)");
  test::write_file(dir / "team.toml", R"(
[extend]
path = "base.toml"
disabledRules = ["disabled-one"]
[[rules]]
id = "gitlab-pat"
  [[rules.allowlists]]
  regexTarget = "line"
  regexes = ['''MY-glpat-''']
[[rules]]
id = "own"
regex = '''own-[0-9]{4}'''
)");
  auto set = load_gitleaks_file(dir / "team.toml");
  REQUIRE(set);
  // disabledRules are recorded here and applied by load_rule_set, once every pack is in.
  REQUIRE(set->rules.size() == 3);
  CHECK(set->disabled_rules == std::vector<std::string>{"disabled-one"});
  CHECK(set->disabled_where.find("team.toml:2") != std::string::npos);
  CHECK(set->rules[0].id == "gitlab-pat");
  CHECK(set->rules[0].description == "GitLab PAT");  // inherited
  CHECK(set->rules[0].allowlists.size() == 1);       // appended
  CHECK(set->rules[2].id == "own");
  CHECK(set->files.size() == 2);
}

TEST_CASE("[extend] useDefault means the bundled secrets pack", "[loader]") {
  test::TempDir dir;
  test::write_file(dir / "default.toml", "[[rules]]\nid = \"from-default\"\nregex = '''d'''\n");
  test::write_file(dir / "team.toml", "[extend]\nuseDefault = true\n[[rules]]\nid = \"mine\"\nregex = '''m'''\n");
  auto set = load_gitleaks_file(dir / "team.toml", GitleaksLoadOptions{dir / "default.toml"});
  REQUIRE(set);
  REQUIRE(set->rules.size() == 2);
  CHECK(set->rules[0].id == "from-default");
}

TEST_CASE("errors name file:line and the rule id", "[loader]") {
  SECTION("wrong type") {
    Error e = load_error("[[rules]]\nid = \"r1\"\nregex = '''a'''\nentropy = \"high\"\n");
    CHECK(e.where == "rules.toml:4");
    CHECK_THAT(e.what, Catch::Contains("r1"));
    CHECK(e.kind == ErrorKind::Config);
  }
  SECTION("bad regexTarget") {
    Error e = load_error("[[rules]]\nid = \"r2\"\nregex = '''a'''\n[[rules.allowlists]]\nregexTarget = \"all\"\n");
    CHECK(e.where == "rules.toml:5");
    CHECK_THAT(e.what, Catch::Contains("r2"));
  }
  SECTION("TOML syntax") {
    Error e = load_error("[[rules]]\nid = \"r3\nregex = 1\n");
    CHECK_THAT(e.where, Catch::StartsWith("rules.toml:2"));
  }
  SECTION("missing id") {
    Error e = load_error("\n[[rules]]\nregex = '''a'''\n");
    CHECK(e.where == "rules.toml:2");
  }
  SECTION("invalid regex is reported at compile time with the regex's line") {
    auto set = load("[[rules]]\nid = \"bad-re\"\n\nregex = '''(a'''\n");
    auto compiled = compile_rules(set);
    REQUIRE_FALSE(compiled);
    CHECK(compiled.error().where == "rules.toml:4");
    CHECK_THAT(compiled.error().what, Catch::Contains("bad-re"));
  }
  SECTION("lookahead (not Go syntax) is an error, not a crash") {
    auto set = load("[[rules]]\nid = \"look\"\nregex = '''a(?=b)'''\n");
    CHECK_FALSE(compile_rules(set));
  }
  SECTION("prefilter is keywords or regex") {
    Error e = load_error("[[rules]]\nid = \"pf\"\nregex = '''a'''\nkeywords = [\"a\"]\nprefilter = \"fast\"\n");
    CHECK(e.where == "rules.toml:5");
    CHECK_THAT(e.what, Catch::Contains("pf") && Catch::Contains("keywords"));
    auto set = load("[[rules]]\nid = \"pf\"\nregex = '''a'''\nkeywords = [\"a\"]\nprefilter = \"keywords\"\n");
    CHECK(set.rules.at(0).prefilter == "keywords");
    CHECK(load("[[rules]]\nid = \"pf\"\nregex = '''a'''\nprefilter = \"regex\"\n").rules.at(0).prefilter == "regex");
    Error not_text = load_error("[[rules]]\nid = \"pf\"\nregex = '''a'''\nprefilter = true\n");
    CHECK(not_text.where == "rules.toml:4");
    // An extending config's setting replaces the base rule's; leaving it out keeps it.
    RuleSpecSet base = set;
    merge_rule_specs(base, load("[[rules]]\nid = \"pf\"\nprefilter = \"regex\"\n"));
    CHECK(base.rules.at(0).prefilter == "regex");
    RuleSpecSet kept = set;
    merge_rule_specs(kept, load("[[rules]]\nid = \"pf\"\nentropy = 3.0\n"));
    CHECK(kept.rules.at(0).prefilter == "keywords");
    // Without keywords the setting can do nothing: a note says so.
    auto lone = compile_rules(load("[[rules]]\nid = \"pf\"\nregex = '''a'''\nprefilter = \"keywords\"\n"));
    REQUIRE(lone);
    REQUIRE((*lone)->notes.size() == 1);
    CHECK_THAT((*lone)->notes[0], Catch::Contains("pf") && Catch::Contains("no keywords"));
  }
  SECTION("secretGroup beyond the regex's groups") {
    auto set = load("[[rules]]\nid = \"grp\"\nregex = '''(a)'''\nsecretGroup = 2\n");
    auto compiled = compile_rules(set);
    REQUIRE_FALSE(compiled);
    CHECK_THAT(compiled.error().what, Catch::Contains("grp"));
  }
}

TEST_CASE("Go named groups (?<name>) compile", "[loader]") {
  auto set = load("[[rules]]\nid = \"named\"\nregex = '''key=(?<secret>[a-z]+)'''\n");
  CHECK(compile_rules(set));
}

namespace {

bool has_rule(const RuleSet& set, const std::string& id) {
  for (const auto& r : set.rules)
    if (r.id == id) return true;
  return false;
}

Result<std::shared_ptr<const RuleSet>> with_team_file(const test::TempDir& dir, const std::string& text) {
  test::write_file(dir / ".gitleaks.toml", text);
  RuleSources sources;
  sources.gitleaks_config = dir / ".gitleaks.toml";
  return load_rule_set(sources);
}

}  // namespace

TEST_CASE("gitleaks semantics: useDefault, disabledRules across every pack, unknown ids are errors", "[loader][gitleaks]") {
  test::TempDir dir;
  SECTION("a team file without useDefault is the whole secret rule set; danger rules stay") {
    auto set = with_team_file(dir, "[[rules]]\nid = \"team-only\"\nregex = '''team-[0-9]{8}'''\n");
    REQUIRE(set);
    CHECK(has_rule(**set, "team-only"));
    CHECK_FALSE(has_rule(**set, "aws-access-token"));
    CHECK(has_rule(**set, "python-subprocess-shell-true"));
    REQUIRE((*set)->notes.size() == 1);
    CHECK((*set)->notes[0].find("replace the bundled secret rules") != std::string::npos);
  }
  SECTION("useDefault keeps the bundled rules; disabledRules turns one of them off") {
    auto set = with_team_file(dir, "[extend]\nuseDefault = true\ndisabledRules = [\"aws-access-token\"]\n");
    REQUIRE(set);
    CHECK_FALSE(has_rule(**set, "aws-access-token"));
    CHECK(has_rule(**set, "github-pat"));
    CHECK((*set)->notes.empty());
  }
  SECTION("an unknown id in disabledRules or targetRules is an error with file:line") {
    auto bad = with_team_file(dir, "[extend]\nuseDefault = true\ndisabledRules = [\"aws-acess-key-id\"]\n");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().what.find("unknown rule 'aws-acess-key-id'") != std::string::npos);
    CHECK(bad.error().where.find(".gitleaks.toml:1") != std::string::npos);
    auto target = with_team_file(dir, "[extend]\nuseDefault = true\n[[allowlists]]\ntargetRules = [\"nope\"]\n"
                                      "paths = ['''^docs/''']\n");
    REQUIRE_FALSE(target);
    CHECK(target.error().what.find("targetRules names an unknown rule 'nope'") != std::string::npos);
    CHECK(target.error().where.find(".gitleaks.toml:3") != std::string::npos);
  }
  SECTION("an allowlist that matches everything is said, not silently obeyed") {
    auto set = with_team_file(dir, "[extend]\nuseDefault = true\n[[allowlists]]\npaths = ['''.*''']\n"
                                   "[[allowlists]]\nregexes = ['''.''']\n");
    REQUIRE(set);
    REQUIRE((*set)->notes.size() == 2);
    CHECK((*set)->notes[0].find("matches every path: every rule report nothing") != std::string::npos);
    CHECK((*set)->notes[1].find("matches every secret") != std::string::npos);
  }
  SECTION("the redactor keeps the bundled secret rules whatever the team file says") {
    test::write_file(dir / ".gitleaks.toml", "[[rules]]\nid = \"team-only\"\nregex = '''team-[0-9]{8}'''\n");
    auto red = Redactor::load(dir / ".gitleaks.toml");
    REQUIRE(red);
    const std::string key = std::string("AK") + "IA" + "QX7RZ2KM4WPB6TNV";
    CHECK(red->redact("k = " + key).find(key) == std::string::npos);
    CHECK(red->redact("t = team-12345678").find("team-12345678") == std::string::npos);
    // Nor can the file's disabledRules take a bundled rule away from redaction.
    test::write_file(dir / ".gitleaks.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"aws-access-token\"]\n");
    auto narrowed = Redactor::load(dir / ".gitleaks.toml");
    REQUIRE(narrowed);
    CHECK(narrowed->redact("k = " + key).find(key) == std::string::npos);
  }
}
