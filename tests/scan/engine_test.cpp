// The matching engine: prefilter, secret group, entropy, allowlists, inline
// allow, masking, fingerprints, redaction.
#include <catch2/catch.hpp>

#include "scan/fingerprint.hpp"
#include "scan/redactor.hpp"
#include "scan/text_tools.hpp"
#include "scan_test_support.hpp"

using namespace hookagent;
using namespace hookagent::scan;
using namespace hookagent::scan::testing;

namespace {
std::vector<Finding> scan_str(const Scanner& s, const std::string& text, const std::string& path = "app/config.py") {
  return s.scan_text(text, TextContext{path, "", nullptr});
}
}  // namespace

TEST_CASE("a token is found with its line, column, rule and masked excerpt", "[engine]") {
  Scanner s = test_scanner();
  std::string tok = fake_token();
  auto f = scan_str(s, "first line\n  api = \"" + tok + "\"\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule_id == "test-token");
  CHECK(f[0].line == 2);
  CHECK(f[0].column == 10);
  CHECK(f[0].severity == Severity::High);
  CHECK(f[0].category == "secret");
  CHECK(f[0].excerpt.find(tok) == std::string::npos);
  CHECK(f[0].excerpt == "  api = \"tkn_****\"");
  CHECK(f[0].fingerprint == make_fingerprint("test-token", "app/config.py", tok));
}

TEST_CASE("secretGroup picks the secret and entropy filters low-entropy values", "[engine]") {
  Scanner s = test_scanner();
  CHECK(scan_str(s, "secret = \"aaaaaaaaaa\"\n").empty());  // entropy 0
  std::string value = expand_sample("{{rand:20:a-z0-9}}", 7);
  auto f = scan_str(s, "secret = \"" + value + "\"\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule_id == "test-assign");
  CHECK(f[0].fingerprint == make_fingerprint("test-assign", "app/config.py", value));
  CHECK(f[0].excerpt == "secret = \"" + value.substr(0, 4) + "****\"");
}

TEST_CASE("stopwords in the secret drop the finding", "[engine]") {
  Scanner s = test_scanner();
  CHECK(scan_str(s, "passwd = \"changeme-Q8x2Zr\"\n").empty());
  CHECK(scan_str(s, "passwd = \"my-EXAMPLE-9s8d7f\"\n").empty());  // case-insensitive
}

TEST_CASE("keywords prefilter: the rule does not run without its keyword", "[engine]") {
  // The regex would match, but its keyword is absent: gitleaks semantics.
  Scanner s = test_scanner(R"(
[[rules]]
id = "kw-only"
regex = '''zz[0-9]{4}'''
keywords = ["needle"]
)");
  CHECK(scan_str(s, "zz1234\n").empty());
  CHECK(scan_str(s, "NEEDLE zz1234\n").size() == 1);
  // A rule without keywords always runs.
  CHECK(scan_str(s, "x BEGIN_MARK_123\n").size() == 1);
}

TEST_CASE("inline hookagent:allow and gitleaks:allow suppress the line only", "[engine]") {
  Scanner s = test_scanner();
  std::string a = fake_token(1), b = fake_token(2);
  auto f = scan_str(s, "k1 = '" + a + "'  # hookagent:allow\nk2 = '" + b + "' // gitleaks:allow\nk3 = '" + a + "'\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].line == 3);
}

TEST_CASE("allowlists: paths, regexes by target, commits, AND/OR, global and targetRules", "[engine]") {
  std::string tok = fake_token(3);
  SECTION("global path allowlist") {
    Scanner s = test_scanner("[allowlist]\npaths = ['''^vendor/''']\n");
    CHECK(scan_str(s, tok, "vendor/lib.py").empty());
    CHECK(scan_str(s, tok, "src/lib.py").size() == 1);
  }
  SECTION("regexTarget match vs secret vs line") {
    Scanner m = test_scanner("[[allowlists]]\nregexTarget = \"match\"\nregexes = ['''^tkn_''']\n");
    CHECK(scan_str(m, "x " + tok).empty());
    Scanner l = test_scanner("[[allowlists]]\nregexTarget = \"line\"\nregexes = ['''FIXTURE''']\n");
    CHECK(scan_str(l, "FIXTURE " + tok).empty());
    CHECK(scan_str(l, "real " + tok).size() == 1);
  }
  SECTION("AND needs every criterion, OR any") {
    std::string rules = "[[allowlists]]\ncondition = \"AND\"\npaths = ['''tests/''']\nregexTarget = \"line\"\nregexes = ['''fake''']\n";
    Scanner s = test_scanner(rules);
    CHECK(scan_str(s, "fake " + tok, "tests/a.py").empty());
    CHECK(scan_str(s, "real " + tok, "tests/a.py").size() == 1);
    CHECK(scan_str(s, "fake " + tok, "src/a.py").size() == 1);
  }
  SECTION("commits") {
    Scanner s = test_scanner("[[allowlists]]\ncommits = ['''abcdef1234''']\n");
    CHECK(s.scan_text(tok, TextContext{"a.py", "abcdef1234567890", nullptr}).empty());
    CHECK(s.scan_text(tok, TextContext{"a.py", "0123456789", nullptr}).size() == 1);
  }
  SECTION("targetRules limits a global allowlist") {
    Scanner s = test_scanner("[[allowlists]]\ntargetRules = [\"test-shell\"]\npaths = ['''.*''']\n");
    CHECK(scan_str(s, tok).size() == 1);
    CHECK(scan_str(s, "os.system(cmd)").empty());
  }
}

TEST_CASE("code rules carry CWE, category, severity and fix, and show the code", "[engine]") {
  Scanner s = test_scanner();
  auto f = scan_str(s, "import os\nos.system(user_input)\n", "tool.py");
  REQUIRE(f.size() == 1);
  CHECK(f[0].cwe == "CWE-78");
  CHECK(f[0].category == "injection");
  CHECK(f[0].severity == Severity::Medium);
  CHECK(f[0].excerpt == "os.system(user_input)");
  CHECK_FALSE(f[0].fix_hint.empty());
}

TEST_CASE("a code finding's excerpt masks a secret on the same line", "[engine]") {
  Scanner s = test_scanner();
  std::string tok = fake_token(4);
  auto f = scan_str(s, "os.system('curl -H " + tok + "')\n");
  REQUIRE(f.size() == 2);
  for (const auto& one : f) CHECK(one.excerpt.find(tok) == std::string::npos);
}

TEST_CASE("fingerprints survive line shifts and differ per secret", "[engine]") {
  Scanner s = test_scanner();
  std::string tok = fake_token(5);
  auto a = scan_str(s, tok + "\n");
  auto b = scan_str(s, "\n\n\n" + tok + "\n");
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0].fingerprint == b[0].fingerprint);
  CHECK(a[0].fingerprint != scan_str(s, fake_token(6))[0].fingerprint);
  CHECK(a[0].fingerprint.find(tok) == std::string::npos);
}

TEST_CASE("masking: short secrets fully, long ones keep 4 characters", "[engine]") {
  CHECK(mask_secret("abc") == "****");
  CHECK(mask_secret("abcdefgh") == "****");
  CHECK(mask_secret("abcdefghijk") == "abcd****");
}

TEST_CASE("Redactor replaces every secret and leaves code alone", "[engine]") {
  Redactor r(compile_text(kTestRules));
  std::string a = fake_token(7), b = fake_token(8);
  std::string text = "key1 = " + a + "\nos.system(x)  # hookagent:allow " + b + "\n";
  std::string out = r.redact(text);
  CHECK(out.find(a) == std::string::npos);
  CHECK(out.find(b) == std::string::npos);  // inline allow does not stop redaction
  CHECK(out == "key1 = [REDACTED:test-token]\nos.system(x)  # hookagent:allow [REDACTED:test-token]\n");
}

TEST_CASE("expand_sample is deterministic and honours the character set", "[engine]") {
  std::string a = expand_sample("k_{{rand:32:a-f0-9}}_z", 42);
  CHECK(a == expand_sample("k_{{rand:32:a-f0-9}}_z", 42));
  CHECK(a != expand_sample("k_{{rand:32:a-f0-9}}_z", 43));
  REQUIRE(a.size() == 36);
  CHECK(a.substr(0, 2) == "k_");
  CHECK(a.substr(34) == "_z");
  CHECK(a.substr(2, 32).find_first_not_of("abcdef0123456789") == std::string::npos);
  CHECK(expand_sample("{{rand:8:A-Za-z0-9+/}}", 1).size() == 8);
  CHECK(expand_sample("no placeholder", 1) == "no placeholder");
}

TEST_CASE("entropy of known strings", "[engine]") {
  CHECK(shannon_entropy("aaaa") == Approx(0));
  CHECK(shannon_entropy("ab") == Approx(1));
  CHECK(shannon_entropy("abcd") == Approx(2));
}

TEST_CASE("invalid UTF-8 and control bytes never reach an excerpt raw", "[engine]") {
  Scanner s = test_scanner();
  std::string tok = fake_token(9);
  auto f = scan_str(s, std::string("\xff\xfe bad \x1b[31m ") + tok + "\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].excerpt == "?? bad ?[31m tkn_****");
}
