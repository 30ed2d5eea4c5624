// `hookagent scan` and `hookagent baseline` against real repositories with
// real commits: scopes, line numbers of the new blob, suppressions, formats,
// and that no output ever holds a full secret.
#include <catch2/catch.hpp>

#include <set>
#include <nlohmann/json.hpp>

#include "scan_test_support.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::scan::testing;
using nlohmann::json;

namespace {

// A repo that runs only the test rules (no bundled packs), with one commit
// holding an old token on line 4.
struct Fixture {
  test::GitRepo repo;
  std::string old_tok = fake_token(11);
  std::string new_tok = fake_token(12);
  std::string first;
  Fixture() {
    // Dropping the bundled packs is a loosening: only a trusted layer may (the local file).
    repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
    repo.write(".gitleaks.toml", kTestRules);
    repo.git("add .gitleaks.toml");
    first = repo.commit_file("a.py", "line1\nline2\nline3\nold = '" + old_tok + "'\n", "first");
    // Staged: one added line (2) above the old token, which moves to line 5.
    repo.write("a.py", "line1\nnew = '" + new_tok + "'\nline2\nline3\nold = '" + old_tok + "'\n");
    repo.git("add a.py");
  }
  json scan_json(const std::string& args, int expect_exit) {
    auto r = repo.hookagent("scan " + args + " --format json");
    INFO(r.out << r.err);
    CHECK(r.exit_code == expect_exit);
    return json::parse(r.out);
  }
};

void no_secret_in(const std::string& out, const Fixture& f) {
  CHECK(out.find(f.old_tok) == std::string::npos);
  CHECK(out.find(f.new_tok) == std::string::npos);
}

}  // namespace

TEST_CASE("--staged reports only added lines, with new-blob line numbers", "[scopes]") {
  Fixture f;
  json j = f.scan_json("--staged", 1);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["file"] == "a.py");
  CHECK(j["findings"][0]["line"] == 2);
  CHECK(j["findings"][0]["rule_id"] == "test-token");
}

TEST_CASE("--commit, --range and --history scan the commits' added lines", "[scopes]") {
  Fixture f;
  std::string second = (f.repo.git("commit -q -m second"), f.repo.head());
  json c = f.scan_json("--commit HEAD", 1);
  REQUIRE(c["findings"].size() == 1);
  CHECK(c["findings"][0]["line"] == 2);
  CHECK(c["findings"][0]["commit"] == second);
  json r = f.scan_json("--range " + f.first + "..HEAD", 1);
  REQUIRE(r["findings"].size() == 1);
  json h = f.scan_json("--history", 1);
  REQUIRE(h["findings"].size() == 2);  // the old token in the first commit too
}

TEST_CASE("a history scan skips what a -diff attribute marks binary and scans the other paths, in every commit", "[scopes][history]") {
  // Bulk reads remember `-diff` per path: a memo answering for the wrong path
  // would skip app.js (a text file with findings) in a later commit.
  Fixture f;
  f.repo.write(".gitattributes", "*.cfg -diff\n");
  f.repo.git("add .gitattributes");
  f.repo.git("commit -q -m attrs");
  for (int i = 0; i < 3; ++i) {
    f.repo.commit_file("keys.cfg", "x = '" + fake_token(40 + i) + "'\n", "min " + std::to_string(i));
    f.repo.commit_file("app.js", std::string(static_cast<std::size_t>(i), '\n') + "y = '" + fake_token(50 + i) + "'\n",
                       "app " + std::to_string(i));
  }
  json h = f.scan_json("--history --verbose", 1);
  std::multiset<std::string> files;
  for (const auto& x : h["findings"]) files.insert(x["file"].get<std::string>());
  CHECK(files.count("app.js") == 3);
  CHECK(files.count("keys.cfg") == 0);
  CHECK(files.count("a.py") == 2);  // the fixture's two commits
  CHECK(h["summary"]["files_skipped"] == 3);
}

TEST_CASE("a clean file needs no diff; a file with findings is narrowed to its added lines", "[scopes]") {
  Fixture f;
  // Many clean files staged next to a.py: only a.py's finding on its added line comes out.
  for (int i = 0; i < 20; ++i) f.repo.write("clean" + std::to_string(i) + ".py", "x = " + std::to_string(i) + "\n");
  // A file that was binary and is now text holding a token: skipped as binary, as git's diff says.
  f.repo.write("blob.dat", std::string("\0\1\2", 3));
  f.repo.git("add -A");
  f.repo.git("commit -q -m blob-and-a");  // a.py's new token is committed here too
  f.repo.write("blob.dat", "key = '" + fake_token(13) + "'\n");
  f.repo.write("a.py", "line1\nnew = '" + f.new_tok + "'\nline2\nline3\nold = '" + f.old_tok + "'\nlast\n");
  f.repo.git("add -A");
  auto r = f.repo.hookagent("scan --staged --format json");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);  // a.py's tokens sit on old lines now; blob.dat is binary on one side
  json j = json::parse(r.out);
  CHECK(j["findings"].empty());
  CHECK_THAT(r.out + r.err, Catch::Contains("blob.dat"));
}

TEST_CASE("scan PATH scans whole files and honours .gitignore", "[scopes]") {
  Fixture f;
  f.repo.write(".gitignore", "ignored/\n");
  f.repo.write("ignored/x.py", "k = '" + fake_token(13) + "'\n");
  json j = f.scan_json(".", 1);
  REQUIRE(j["findings"].size() == 2);  // both tokens of a.py, nothing from ignored/
  for (const auto& one : j["findings"]) CHECK(one["file"] == "a.py");
}

TEST_CASE("baseline accepts today's findings; only new ones block afterwards", "[scopes]") {
  Fixture f;
  auto b = f.repo.hookagent("baseline");
  INFO(b.out << b.err);
  REQUIRE(b.exit_code == 0);
  std::string ignore = f.repo.read(".hookagentignore");
  no_secret_in(ignore, f);
  CHECK(f.repo.hookagent("scan .").exit_code == 0);
  f.repo.write("b.py", "k = '" + fake_token(14) + "'\n");
  json j = f.scan_json(".", 1);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["file"] == "b.py");
}

TEST_CASE("--block-on decides the exit code", "[scopes]") {
  Fixture f;
  f.repo.git("reset -q");  // nothing staged
  f.repo.write("tool.py", "os.system(cmd)\n");  // medium
  CHECK(f.repo.hookagent("scan tool.py").exit_code == 0);
  CHECK(f.repo.hookagent("scan tool.py --block-on medium").exit_code == 1);
  CHECK(f.repo.hookagent("scan tool.py --block-on never").exit_code == 0);
}

TEST_CASE("no output format ever holds a full secret", "[scopes]") {
  Fixture f;
  for (const char* format : {"terminal", "json", "sarif"}) {
    auto r = f.repo.hookagent(std::string("scan . --format ") + format);
    INFO(format << "\n" << r.out << r.err);
    CHECK(r.exit_code == 1);
    no_secret_in(r.out + r.err, f);
  }
}

TEST_CASE("SARIF 2.1.0 has rules, locations and fingerprints", "[scopes]") {
  Fixture f;
  auto r = f.repo.hookagent("scan --staged --format sarif");
  json j = json::parse(r.out);
  CHECK(j["version"] == "2.1.0");
  const json& run = j["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "hookagent");
  REQUIRE(run["tool"]["driver"]["rules"].size() == 1);
  const json& rule = run["tool"]["driver"]["rules"][0];
  CHECK(rule["id"] == "test-token");
  CHECK(rule["properties"]["security-severity"] == "8.0");
  CHECK(rule.contains("helpUri"));
  const json& res = run["results"][0];
  CHECK(res["ruleId"] == "test-token");
  CHECK(res["level"] == "error");
  CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.py");
  CHECK(res["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(res["locations"][0]["physicalLocation"]["region"]["startColumn"] == 8);
  CHECK_FALSE(res["partialFingerprints"].empty());
}

TEST_CASE("a broken .gitleaks.toml is a config error with file:line", "[scopes]") {
  Fixture f;
  f.repo.write(".gitleaks.toml", "[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n");
  auto r = f.repo.hookagent("scan --staged");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(".gitleaks.toml:3"));
  CHECK_THAT(r.err, Catch::Contains("broken"));
}

TEST_CASE("two scopes at once is a usage error", "[scopes]") {
  Fixture f;
  CHECK(f.repo.hookagent("scan --staged a.py").exit_code == 2);
  CHECK(f.repo.hookagent("scan --format yaml").exit_code == 2);
}

TEST_CASE("rules list shows the rules a scan would run", "[scopes]") {
  Fixture f;
  auto r = f.repo.hookagent("rules list");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("test-token"));
  CHECK_THAT(r.out, Catch::Contains("CWE-78"));
}

TEST_CASE("a CI contract: a missing path is exit 2 (never a green job), one format vocabulary, global flags anywhere",
          "[scopes][cli]") {
  Fixture f;
  auto missing = f.repo.hookagent("scan does-not-exist/ --format sarif");
  INFO(missing.out << missing.err);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no such file or directory: does-not-exist/") != std::string::npos);
  CHECK(missing.out.find("executionSuccessful") == std::string::npos);  // no report that says all went well
  auto partly = f.repo.hookagent("scan a.py nope.py");
  CHECK(partly.exit_code == 2);
  // text and terminal are one format; global flags go before or after the subcommand.
  auto text = f.repo.hookagent("scan a.py --format text --no-color");
  auto terminal = f.repo.hookagent("--no-color scan a.py --format terminal");
  INFO(text.out << text.err);
  CHECK(text.exit_code == 1);
  CHECK(text.out == terminal.out);
  CHECK(f.repo.hookagent("rules list --format terminal --quiet").exit_code == 0);
  CHECK(f.repo.hookagent("scan a.py --format yaml").err.find("use text (or terminal), json or sarif") != std::string::npos);
  auto unknown = f.repo.hookagent("sacn a.py");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown command 'sacn'") != std::string::npos);
}

TEST_CASE(".gitleaksignore is read as gitleaks reads it: file:rule:line and commit:file:rule:line", "[scopes][gitleaks]") {
  Fixture f;
  json before = f.scan_json("--commit " + f.first, 1);
  REQUIRE(before["findings"].size() == 1);
  const std::string rule = before["findings"][0]["rule_id"];
  // A commit-scoped entry for the committed token; a plain one for the staged token (line 2).
  f.repo.write(".gitleaksignore", "# from gitleaks\n" + f.first + ":a.py:" + rule + ":4\na.py:" + rule + ":2\n"
                                  "not-a-fingerprint\n");
  json commit = f.scan_json("--commit " + f.first, 0);
  CHECK(commit["findings"].empty());
  json staged = f.scan_json("--staged", 0);
  CHECK(staged["findings"].empty());
  // Another commit id does not match, and the line must match.
  f.repo.write(".gitleaksignore", "0123456789abcdef0123456789abcdef01234567:a.py:" + rule + ":4\na.py:" + rule + ":3\n");
  CHECK(f.scan_json("--commit " + f.first, 1)["findings"].size() == 1);
  CHECK(f.scan_json("--staged", 1)["findings"].size() == 1);
}

TEST_CASE("history of a shallow clone: the commits it holds are scanned, the oldest whole, and the summary says so",
          "[scopes][history]") {
  Fixture f;
  f.repo.git("commit -q -m second");
  f.repo.commit_file("b.py", "b = '" + fake_token(21) + "'\n", "third");
  test::GitRepo shallow;
  shallow.git("fetch -q --depth 1 file://" + f.repo.root().string() + " HEAD");
  shallow.git("reset -q --hard FETCH_HEAD");
  REQUIRE(std::filesystem::exists(shallow.root() / ".git/shallow"));
  shallow.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  auto r = shallow.hookagent("scan --history --no-color");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);                                   // findings, not "object not found"
  CHECK(r.out.find("this clone is shallow") != std::string::npos);
  CHECK(r.out.find("[commit ") != std::string::npos);         // which commit added it
  CHECK(r.out.find("b.py") != std::string::npos);
  CHECK(r.out.find("a.py") != std::string::npos);             // the boundary commit, scanned as a whole tree
}

TEST_CASE("skipped files are one line of counts; --verbose lists them", "[scopes]") {
  Fixture f;
  for (int i = 0; i < 5; ++i) f.repo.write("bin/blob" + std::to_string(i) + ".dat", std::string("\0\1\2binary", 9));
  auto r = f.repo.hookagent("scan bin --no-color");
  INFO(r.out << r.err);
  CHECK(r.out.find("skipped 5 file(s): 5 binary (--verbose lists them)") != std::string::npos);
  CHECK(r.out.find("blob3.dat") == std::string::npos);
  auto v = f.repo.hookagent("scan bin --verbose --no-color");
  CHECK(v.out.find("blob3.dat: skipped, binary") != std::string::npos);
}

TEST_CASE("SARIF: with useDefault and a rule extended by id, every rule's tags stay unique (schema uniqueItems)",
          "[scopes][sarif]") {
  test::GitRepo repo;
  repo.write(".gitleaks.toml", "[extend]\nuseDefault = true\n[[rules]]\nid = \"github-pat\"\ntags = [\"github\", \"team\"]\n");
  // Built at run time so no scanner flags this repository.
  repo.write("x.py", "t = '" + std::string("gh") + "p_" + "Zq8Lw3Rt6Yp1Nv5Kx9Bm2Hc7Jd4Fs0Ga8Qe1" + "'\n");
  repo.git("add -A");
  auto r = repo.hookagent("scan --staged --format sarif");
  INFO(r.err);
  json j = json::parse(r.out);
  REQUIRE_FALSE(j["runs"][0]["tool"]["driver"]["rules"].empty());
  for (const auto& rule : j["runs"][0]["tool"]["driver"]["rules"]) {
    std::set<std::string> seen;
    for (const auto& t : rule["properties"]["tags"]) {
      INFO(rule["id"] << " " << t);
      CHECK(seen.insert(t.get<std::string>()).second);
    }
  }
}

TEST_CASE("gitleaks-json, csv and junit from the real binary: gitleaks' shapes, masked secrets", "[scopes][gitleaks]") {
  Fixture f;
  // scan PATH: both tokens in a.py (lines 2 and 5), no commit.
  auto gl = f.repo.hookagent("scan . --format gitleaks-json");
  INFO(gl.out << gl.err);
  CHECK(gl.exit_code == 1);
  no_secret_in(gl.out + gl.err, f);
  json arr = json::parse(gl.out);
  REQUIRE(arr.is_array());
  REQUIRE(arr.size() == 2);
  std::set<int> lines;
  for (const json& g : arr) {
    CHECK(g["RuleID"] == "test-token");
    CHECK(g["File"] == "a.py");
    CHECK(g["Commit"] == "");
    CHECK(g["Secret"] == "tkn_****");
    CHECK(g["Fingerprint"] == "a.py:test-token:" + std::to_string(g["StartLine"].get<int>()));
    lines.insert(g["StartLine"].get<int>());
  }
  CHECK(lines == std::set<int>{2, 5});

  auto csv = f.repo.hookagent("scan . --format csv");
  INFO(csv.out << csv.err);
  CHECK(csv.exit_code == 1);
  no_secret_in(csv.out + csv.err, f);
  CHECK(csv.out.rfind("RuleID,Commit,File,SymlinkFile,Secret,Match,StartLine,EndLine,StartColumn,EndColumn,"
                      "Author,Message,Date,Email,Fingerprint,Tags\n", 0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);  // header + 2 rows

  auto junit = f.repo.hookagent("scan . --format junit");
  INFO(junit.out << junit.err);
  CHECK(junit.exit_code == 1);
  no_secret_in(junit.out + junit.err, f);
  CHECK(junit.out.find("failures=\"2\"") != std::string::npos);
  auto clean = f.repo.hookagent("scan .gitleaks.toml --format junit");
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("tests=\"1\" failures=\"0\"") != std::string::npos);

  // A commit's findings carry gitleaks' commit:file:rule:line, which .gitleaksignore then reads.
  auto in_commit = f.repo.hookagent("scan --commit " + f.first + " --format gitleaks-json");
  json committed = json::parse(in_commit.out);
  REQUIRE(committed.size() == 1);
  CHECK(committed[0]["Fingerprint"] == f.first + ":a.py:test-token:4");
  f.repo.write(".gitleaksignore", committed[0]["Fingerprint"].get<std::string>() + "\n");
  CHECK(f.scan_json("--commit " + f.first, 0)["findings"].empty());
  CHECK(f.repo.hookagent("scan a.py --format yaml").err.find("gitleaks-json, csv or junit") != std::string::npos);
}

TEST_CASE("gitleaks flags run unchanged: --exit-code, --redact, --no-banner", "[scopes][cli]") {
  Fixture f;
  CHECK(f.repo.hookagent("scan a.py --redact --no-banner").exit_code == 1);
  CHECK(f.repo.hookagent("scan a.py --exit-code 9").exit_code == 9);
  CHECK(f.repo.hookagent("scan a.py --exit-code 0").exit_code == 0);  // report without failing
  auto clean = f.repo.hookagent("scan --commit " + f.first + " --exit-code 9 --no-ignore --block-on never");
  CHECK(clean.exit_code == 0);
  auto bad = f.repo.hookagent("scan a.py --exit-code 300");
  CHECK(bad.exit_code == 2);
}
