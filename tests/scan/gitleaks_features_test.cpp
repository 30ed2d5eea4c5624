// gitleaks' newer config features and our precision layer on top:
// [[rules.required]] composite rules, skipReport, the digit check of
// `generic*` rules, old rule ids kept as aliases, unknown keys named, and
// findings that report without blocking (rule confidence, test/docs paths).
#include <catch2/catch.hpp>

#include <chrono>
#include <cctype>
#include <nlohmann/json.hpp>

#include "scan/finding_context.hpp"
#include "scan/rule_set.hpp"
#include "scan_test_support.hpp"
#include "support/git_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::scan;
using namespace hookagent::scan::testing;
using nlohmann::json;

namespace {

std::vector<Finding> scan_with(const std::string& rules, const std::string& text, const std::string& path = "a.txt") {
  Scanner s(compile_text(rules));
  return s.scan_text(text, TextContext{path, "", nullptr});
}

std::size_t count_rule(const std::vector<Finding>& fs, const std::string& id) {
  return static_cast<std::size_t>(std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.rule_id == id; }));
}

// A user id and a key that are harmless alone and a credential together.
const char* kComposite = R"TOML(
[[rules]]
id = "acme-key"
regex = '''acme_key\s*=\s*"([a-z0-9]{16})"'''
secretGroup = 1
keywords = ["acme_key"]
  [[rules.required]]
  id = "acme-user"
  withinLines = 2

[[rules]]
id = "acme-user"
regex = '''acme_user\s*=\s*"(u[0-9]{6})"'''
keywords = ["acme_user"]
skipReport = true
)TOML";

}  // namespace

TEST_CASE("[[rules.required]]: the primary reports only with its required rule nearby; skipReport never reports",
          "[gitleaks][composite]") {
  const std::string key = "acme_key = \"" + expand_sample("{{rand:16:a-z0-9}}", 3) + "\"\n";
  const std::string user = "acme_user = \"u123456\"\n";
  SECTION("together within 2 lines: one finding, of the primary") {
    auto fs = scan_with(kComposite, user + "x = 1\n" + key);
    CHECK(count_rule(fs, "acme-key") == 1);
    CHECK(count_rule(fs, "acme-user") == 0);
  }
  SECTION("alone, or too far apart: nothing") {
    CHECK(scan_with(kComposite, key).empty());
    CHECK(scan_with(kComposite, user).empty());
    CHECK(scan_with(kComposite, user + "1\n2\n3\n" + key).empty());
  }
  SECTION("withinColumns bounds the column distance") {
    std::string rules = kComposite;
    rules.replace(rules.find("withinLines = 2"), 15, "withinColumns = 5");
    CHECK(count_rule(scan_with(rules, user + key), "acme-key") == 1);
    CHECK(scan_with(rules, user + "            " + key).empty());
  }
  SECTION("the required rule counts on an unchanged line of a staged change") {
    Scanner s(compile_text(kComposite));
    std::vector<hookagent::LineRange> added{{2, 2}};
    auto fs = s.scan_text(user + key, TextContext{"a.txt", "", &added});
    CHECK(count_rule(fs, "acme-key") == 1);
  }
  SECTION("an unknown required id is an error naming the rule") {
    auto specs = load_gitleaks_text("[[rules]]\nid = \"a\"\nregex = '''x'''\n[[rules.required]]\nid = \"nope\"\n",
                                    "team.toml");
    REQUIRE(specs);
    auto compiled = compile_rules(*specs);
    REQUIRE_FALSE(compiled);
    CHECK(compiled.error().what.find("requires an unknown rule 'nope'") != std::string::npos);
    CHECK(compiled.error().where == "team.toml:1");
  }
}

TEST_CASE("generic* rules with an entropy bar need a digit in the secret, as in gitleaks", "[gitleaks]") {
  const char* rules = R"TOML(
[[rules]]
id = "generic-thing"
regex = '''thing\s*=\s*"([A-Za-z0-9]{12,})"'''
secretGroup = 1
entropy = 2.5
keywords = ["thing"]
[[rules]]
id = "vendor-thing"
regex = '''vthing\s*=\s*"([A-Za-z0-9]{12,})"'''
secretGroup = 1
entropy = 2.5
keywords = ["vthing"]
)TOML";
  CHECK(scan_with(rules, "thing = \"PasswordPolicyEnforced\"\n").empty());
  CHECK(count_rule(scan_with(rules, "thing = \"Pa55wordPolicyEnforced\"\n"), "generic-thing") == 1);
  // Only rules named generic*: a vendor rule keeps every match.
  CHECK(count_rule(scan_with(rules, "vthing = \"PasswordPolicyEnforced\"\n"), "vendor-thing") == 1);
}

TEST_CASE("old rule ids stay valid: aliases in targetRules, disabledRules, and both ignore files", "[gitleaks][aliases]") {
  // The team file renames its own rule and keeps the old id as an alias.
  const std::string rules = std::string(kTestRules) + R"TOML(
[[rules]]
id = "new-name"
aliases = ["old-name"]
regex = '''\b(nn_[a-z0-9]{20})\b'''
keywords = ["nn_"]
)TOML";
  SECTION("the rule set maps the old id to the new one") {
    auto set = compile_text(rules);
    CHECK(set->canonical_id("old-name") == "new-name");
    CHECK(set->canonical_id("new-name") == "new-name");
    CHECK(set->canonical_id("unknown") == "unknown");
  }
  test::GitRepo repo;
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  const std::string secret = expand_sample("nn_{{rand:20:a-z0-9}}", 5);
  repo.write("app.py", "k = '" + secret + "'\n");
  auto scan = [&](int expect) {
    auto r = repo.hookagent("scan app.py --format json");
    INFO(r.out << r.err);
    CHECK(r.exit_code == expect);
    return r.exit_code <= 1 ? json::parse(r.out) : json();
  };
  SECTION("disabledRules with the old id switches the rule off, with a note saying the new id") {
    repo.write(".gitleaks.toml", rules + "\n[extend]\ndisabledRules = [\"old-name\"]\n");
    json j = scan(0);
    CHECK(j["findings"].empty());
    CHECK(j["summary"]["notes"].dump().find("an old id of 'new-name'") != std::string::npos);
  }
  SECTION("a global allowlist targeting the old id applies") {
    repo.write(".gitleaks.toml", rules + "\n[[allowlists]]\ntargetRules = [\"old-name\"]\npaths = ['''app\\.py''']\n");
    CHECK(scan(0)["findings"].empty());
  }
  SECTION(".gitleaksignore and .hookagentignore entries written under the old id") {
    repo.write(".gitleaks.toml", rules);
    json before = scan(1);
    REQUIRE(before["findings"].size() == 1);
    CHECK(before["findings"][0]["rule_id"] == "new-name");
    const std::string fp = before["findings"][0]["fingerprint"];
    repo.write(".gitleaksignore", "app.py:old-name:1\n");
    CHECK(scan(0)["findings"].empty());
    repo.write(".gitleaksignore", "");
    std::string old_fp = fp;
    old_fp.replace(old_fp.find(":new-name:"), 10, ":old-name:");
    repo.write(".hookagentignore", old_fp + "\n");
    CHECK(scan(0)["findings"].empty());
  }
}

TEST_CASE("a team file: unknown keys are named, a rule overriding a bundled one says so once", "[gitleaks]") {
  test::TempDir dir;
  test::write_file(dir / ".gitleaks.toml",
                   "titel = \"typo\"\n[extend]\nuseDefault = true\n"
                   "[[rules]]\nid = \"generic-api-key\"\nentropy = 4.0\nregexs = ['''x''']\n"
                   "[[rules.allowlists]]\nstopword = [\"x\"]\n");
  RuleSources sources;
  sources.packs = {"secrets"};
  sources.gitleaks_config = dir / ".gitleaks.toml";
  auto set = load_rule_set(sources);
  REQUIRE(set);
  std::string notes;
  for (const auto& n : (*set)->notes) notes += n + "\n";
  INFO(notes);
  CHECK(notes.find(".gitleaks.toml:1: unknown key 'titel' in the top level") != std::string::npos);
  CHECK(notes.find("unknown key 'regexs' in rule 'generic-api-key'") != std::string::npos);
  CHECK(notes.find("unknown key 'stopword' in an allowlist") != std::string::npos);
  CHECK(notes.find("rule 'generic-api-key' has the id of the rule 'generic-api-key'") != std::string::npos);
  // Our own keys and gitleaks' are not reported.
  CHECK(notes.find("'entropy'") == std::string::npos);
}

TEST_CASE("path context: test code, fixtures, examples, docs and datasets", "[precision]") {
  CHECK(path_context("src/app/main.py").empty());
  CHECK(path_context("contest/winner.py").empty());
  CHECK(path_context("tests/test_api.py") == "test code");
  CHECK(path_context("pkg/server/handler_test.go") == "test code");
  CHECK(path_context("web/src/Button.spec.tsx") == "test code");
  CHECK(path_context("src/test/java/com/acme/UserServiceTest.java") == "test code");
  CHECK(path_context("spec/fixtures/data.json") == "test code");
  CHECK(path_context("app/Fixtures/users.yml") == "a fixture");
  CHECK(path_context("examples/quickstart.js") == "an example");
  CHECK(path_context("docs/setup.txt") == "docs");
  CHECK(path_context("README.md") == "docs");
  CHECK(path_context("data/train.csv") == "a dataset");
}

TEST_CASE("what blocks: low-confidence rules and findings in tests report without blocking", "[precision]") {
  auto finding = [](std::string file, std::string category, double confidence, std::string id = "r") {
    Finding f;
    f.rule_id = std::move(id);
    f.file = std::move(file);
    f.category = std::move(category);
    f.confidence = confidence;
    f.severity = Severity::High;
    return f;
  };
  ScanConfig cfg;
  std::vector<Finding> fs{finding("src/a.py", "injection", 1.0), finding("src/a.py", "injection", 0.6),
                          finding("tests/test_a.py", "injection", 1.0),
                          finding("tests/test_a.py", "secret", 1.0, "aws-access-token"),
                          finding("tests/test_a.py", "secret", 1.0, "generic-api-key")};
  REQUIRE(mark_advisory_findings(fs, cfg));
  CHECK(fs[0].advisory.empty());
  CHECK(blocks(fs[0], Severity::High));
  CHECK(fs[1].advisory.find("medium-confidence rule") != std::string::npos);
  CHECK_FALSE(blocks(fs[1], Severity::Low));
  CHECK(fs[2].advisory.find("in test code") != std::string::npos);
  CHECK(fs[2].severity == Severity::Medium);  // one lower
  CHECK(fs[3].advisory.empty());              // a vendor key leaks from a test too
  CHECK(fs[4].advisory.find("in test code") != std::string::npos);

  ScanConfig strict;
  strict.context = "strict";
  strict.block_confidence = "medium";
  std::vector<Finding> again{finding("src/a.py", "injection", 0.6), finding("tests/test_a.py", "injection", 1.0),
                             finding("src/a.py", "injection", 0.3)};
  REQUIRE(mark_advisory_findings(again, strict));
  CHECK(again[0].advisory.empty());
  CHECK(again[1].advisory.empty());
  CHECK(again[2].advisory.find("low-confidence") != std::string::npos);

  ScanConfig custom;
  custom.context_paths = {"^extern/"};
  std::vector<Finding> vendored{finding("extern/x.c", "injection", 1.0)};
  REQUIRE(mark_advisory_findings(vendored, custom));
  CHECK(vendored[0].advisory.find("scan.context_paths") != std::string::npos);
  custom.context_paths = {"(unclosed"};
  auto bad = mark_advisory_findings(vendored, custom, ".git/hookagent.toml:3:1");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == ".git/hookagent.toml:3:1");
  CHECK(bad.error().what.find("(unclosed") != std::string::npos);
}

TEST_CASE("end to end: a danger finding in a test file is shown, marked, and does not block the commit", "[precision]") {
  test::GitRepo repo;
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  repo.write(".gitleaks.toml", "[[rules]]\nid = \"team-shell\"\ncategory = \"injection\"\nseverity = \"high\"\n"
                               "regex = '''os\\.system\\('''\nkeywords = [\"os.system\"]\n");
  const std::string code = "import os\ndef run(cmd):\n    os.system(cmd)\n";
  repo.write("tests/test_tool.py", code);
  repo.git("add .gitleaks.toml tests/test_tool.py");
  auto test_commit = repo.git("commit -q -m 'test helper'", true);
  INFO(test_commit.out << test_commit.err);
  CHECK(test_commit.exit_code == 0);
  CHECK((test_commit.out + test_commit.err).find("advisory, does not block: in test code") != std::string::npos);
  // The same code shipped blocks.
  repo.write("src/tool.py", code);
  repo.git("add src/tool.py");
  CHECK(repo.git("commit -q -m 'shipped'", true).exit_code != 0);
  repo.git("reset -q src/tool.py");
  // scan.context = "strict" in a trusted file makes the test finding block too.
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\ncontext = \"strict\"\n");
  json s = json::parse(repo.hookagent("scan tests/test_tool.py --format json").out);
  REQUIRE(s["findings"].size() == 1);
  CHECK(s["findings"][0]["advisory"] == "");
  CHECK(repo.hookagent("scan tests/test_tool.py").exit_code == 1);
  // A committed .hookagent.toml cannot declare every path a test, nor lower the bar.
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  repo.write(".hookagent.toml", "[scan]\ncontext_paths = [\".*\"]\nblock_confidence = \"low\"\n");
  auto untrusted = repo.hookagent("scan src/tool.py --format json");
  INFO(untrusted.err);
  json u = json::parse(untrusted.out);
  REQUIRE(u["findings"].size() == 1);
  CHECK(u["findings"][0]["advisory"] == "");
  CHECK(untrusted.exit_code == 1);
}

namespace {

std::string base64(std::string_view in) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += abc[(v >> k) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    for (int k = 18; k >= 6; k -= 6) out += abc[(v >> k) & 63];
    out += "=";
  }
  return out;
}

std::string hex(std::string_view in) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) out += {digits[c >> 4], digits[c & 15]};
  return out;
}

std::string percent(std::string_view in) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c)) out += static_cast<char>(c);
    else out += {'%', digits[c >> 4], digits[c & 15]};
  }
  return out;
}

std::vector<Finding> scan_decoding(const std::string& text, int depth) {
  ScanOptions o;
  o.max_decode_depth = depth;
  Scanner s(compile_text(kTestRules), o);
  return s.scan_text(text, TextContext{"conf.txt", "", nullptr});
}

}  // namespace

TEST_CASE("decoding: base64, hex and percent-encoded secrets are found, nested to the depth asked", "[gitleaks][decode]") {
  const std::string tok = fake_token(21);
  SECTION("one level of each encoding; the finding points at the encoded run and never shows it") {
    for (auto [encoded, name] : {std::pair{base64("auth: " + tok), "base64"}, {hex("auth: " + tok), "hex"},
                                 {percent("user=me&key=" + tok + "&x=1"), "percent"}}) {
      INFO(name);
      auto fs = scan_decoding("line one\nvalue = \"" + encoded + "\"\n", 5);
      REQUIRE(count_rule(fs, "test-token") == 1);
      const Finding& f = fs[0];
      CHECK(f.decoded == name);
      CHECK(f.line == 2);
      CHECK(f.column == 10);
      CHECK(f.excerpt.find(encoded) == std::string::npos);
      CHECK(f.excerpt.find(tok) == std::string::npos);
      CHECK(scan_decoding("value = \"" + encoded + "\"\n", 0).empty());
    }
  }
  SECTION("nested encodings are followed to max_decode_depth and no further") {
    const std::string twice = base64(base64("token " + tok));
    auto deep = scan_decoding("v = " + twice + "\n", 2);
    REQUIRE(count_rule(deep, "test-token") == 1);
    CHECK(deep[0].decoded == "base64>base64");
    CHECK(scan_decoding("v = " + twice + "\n", 1).empty());
    // Twelve levels with the default depth: bounded, nothing found, no blow-up.
    std::string many = "token " + tok;
    for (int i = 0; i < 12; ++i) many = base64(many);
    CHECK(scan_decoding("v = " + many + "\n", 5).empty());
  }
  SECTION("a secret visible as written is not reported again from its decoding") {
    auto fs = scan_decoding("url = https://h/x?a=" + percent("q=" + tok + "&b=c") + "\n", 5);
    CHECK(count_rule(fs, "test-token") == 1);
  }
  SECTION("inline allow on the line covers the decoded finding too") {
    CHECK(scan_decoding("v = " + base64("token " + tok) + "  # gitleaks:allow\n", 5).empty());
  }
  SECTION("identifiers and paths are not decoded; a long base64 blob stays linear") {
    CHECK(scan_decoding("some_really_long_identifier_name_here = path/to/some/deeply/nested/file_name\n", 5).empty());
    std::string blob;
    for (int i = 0; i < 4000; ++i) blob += base64("line " + std::to_string(i) + " of ordinary text, nothing here\n");
    blob += "\n";
    auto t0 = std::chrono::steady_clock::now();
    CHECK(scan_decoding(blob, 5).empty());
    // Not a speed test (bench/ measures that): only that 250 KB of base64 is not quadratic.
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
  }
}

TEST_CASE("the real binary reports a base64-encoded token with what was decoded, and --max-decode-depth 0 does not",
          "[gitleaks][decode]") {
  test::GitRepo repo;
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  repo.write(".gitleaks.toml", kTestRules);
  repo.write("deploy.yaml", "data:\n  token: " + base64(fake_token(22)) + "\n");
  auto r = repo.hookagent("scan deploy.yaml --format json");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["decoded"] == "base64");
  CHECK(j["findings"][0]["line"] == 2);
  auto text = repo.hookagent("scan deploy.yaml");
  CHECK(text.out.find("[decoded from base64]") != std::string::npos);
  CHECK(repo.hookagent("scan deploy.yaml --max-decode-depth 0").exit_code == 0);
}

TEST_CASE("a secret split into string pieces joined with + on one line reads whole", "[decode]") {
  const std::string tok = fake_token(31);
  const std::string line =
      "key = \"" + tok.substr(0, 10) + "\" + \"" + tok.substr(10, 8) + "\"+\"" + tok.substr(18) + "\";\n";
  auto fs = scan_decoding("x = 1\n" + line, 5);
  REQUIRE(count_rule(fs, "test-token") == 1);
  CHECK(fs[0].decoded == "concatenation");
  CHECK(fs[0].line == 2);
  CHECK(fs[0].column == 7);  // the first piece's opening quote
  CHECK(fs[0].excerpt.find(tok.substr(0, 10)) == std::string::npos);
  // Arithmetic and unrelated pluses change nothing.
  CHECK(scan_decoding("total = a + b + \"x\"\nn = i+1\n", 5).empty());
  CHECK(scan_decoding(line, 0).empty());
}

TEST_CASE("a file-name rule (gitleaks' pkcs12-file) reports a staged binary keystore that no content rule can read",
          "[gitleaks]") {
  test::GitRepo repo;
  repo.write("certs/server.p12", std::string("\x30\x82\x0a\x00\x02\x01\x03", 7) + std::string(64, '\0'));
  repo.git("add certs/server.p12");
  auto r = repo.hookagent("scan --staged --format json");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  json j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule_id"] == "pkcs12-file");
  CHECK(j["summary"]["files_skipped"] == 1);  // its content is still not read
}
