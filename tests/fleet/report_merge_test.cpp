// `hookagent report merge`: the reports of N shard jobs joined into one SARIF
// 2.1.0 log equal to the unsharded scan's, duplicates removed by fingerprint,
// other SARIF versions named and left out, malformed files named with a position.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

#include "fleet_fixture.hpp"

using namespace hookagent;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::multiset<std::string> result_keys(const json& sarif) {
  std::multiset<std::string> keys;
  for (const auto& run : sarif.at("runs"))
    for (const auto& r : run.at("results"))
      keys.insert(r.at("ruleId").get<std::string>() + " " + r.at("partialFingerprints").dump() + " " +
                  r.at("properties").value("commit", ""));
  return keys;
}

// Every ruleIndex points at the rule its ruleId names, and each rule id is listed once.
void check_rules_consistent(const json& sarif) {
  for (const auto& run : sarif.at("runs")) {
    const auto& rules = run.at("tool").at("driver").at("rules");
    std::set<std::string> ids;
    for (const auto& rule : rules) CHECK(ids.insert(rule.at("id").get<std::string>()).second);
    for (const auto& r : run.at("results"))
      CHECK(rules.at(r.at("ruleIndex").get<std::size_t>()).at("id") == r.at("ruleId"));
  }
}

struct ShardReports {
  test::GitRepo repo;
  test::TempDir out;
  std::vector<std::string> files;
  json whole;
  ShardReports() {
    fleet_test::generate_history(repo, 120, 7);
    auto all = repo.hookagent("scan --history --format sarif");
    REQUIRE(all.exit_code == 1);
    whole = json::parse(all.out);
    for (int k = 1; k <= 4; ++k) {  // three SARIF shards and one JSON one
      const std::string fmt = k == 4 ? "json" : "sarif";
      auto r = repo.hookagent("scan --history --shard " + std::to_string(k) + "/4 --format " + fmt);
      REQUIRE((r.exit_code == 0 || r.exit_code == 1));
      files.push_back((out / ("shard" + std::to_string(k) + "." + fmt)).string());
      test::write_file(files.back(), r.out);
    }
  }
  test::ProcessResult merge(const std::vector<std::string>& names) const {
    std::string args = "report merge";
    for (const auto& n : names) args += " '" + n + "'";
    return repo.hookagent(args);
  }
};

}  // namespace

TEST_CASE("merging the shards' SARIF and JSON gives the unsharded scan's results, once each", "[fleet][merge]") {
  ShardReports s;
  auto merged = s.merge(s.files);
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  json doc = json::parse(merged.out);
  CHECK(doc.at("version") == "2.1.0");
  REQUIRE(doc.at("runs").size() == 1);  // one tool, one run
  CHECK(result_keys(doc) == result_keys(s.whole));
  check_rules_consistent(doc);
  CHECK(merged.err.find("0 duplicate(s) removed") != std::string::npos);

  // A re-run job's report given twice, and the whole scan on top: nothing counted twice.
  auto again = s.merge({s.files[0], s.files[1], s.files[2], s.files[3], s.files[1],
                        (s.out / "shard1.sarif").string()});
  REQUIRE(again.exit_code == 0);
  CHECK(result_keys(json::parse(again.out)) == result_keys(s.whole));
  const auto dups = result_keys(json::parse(s.merge({s.files[0]}).out)).size() +
                    result_keys(json::parse(s.merge({s.files[1]}).out)).size();
  CHECK(again.err.find(std::to_string(dups) + " duplicate(s) removed") != std::string::npos);
}

TEST_CASE("SARIF of other versions: what can be merged is, the rest is named", "[fleet][merge]") {
  ShardReports s;
  // The same tool at an older version, describing one rule differently.
  json older = json::parse(test::read_file(s.files[0]));
  auto& driver = older["runs"][0]["tool"]["driver"];
  driver["version"] = "0.0.9";
  REQUIRE(!driver["rules"].empty());
  const std::string changed = driver["rules"][0]["id"];
  driver["rules"][0]["shortDescription"]["text"] = "old wording";
  test::write_file(s.out / "older.sarif", older.dump());
  test::write_file(s.out / "v2.sarif", R"({"version": "2.0.0", "runs": []})");
  test::write_file(s.out / "other-tool.sarif",
                   R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "othertool", "rules": [{"id": "x"}]}},
                       "results": [{"ruleId": "x", "message": {"text": "m"}, "locations": []}]}]})");
  auto r = s.merge({s.files[0], (s.out / "older.sarif").string(), (s.out / "v2.sarif").string(),
                    (s.out / "other-tool.sarif").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  json doc = json::parse(r.out);
  CHECK(doc["runs"].size() == 2);  // hookagent (both versions in one run) and othertool
  CHECK(r.err.find("v2.sarif: SARIF version 2.0.0 cannot be merged") != std::string::npos);
  CHECK(r.err.find("rule " + changed + " differs between versions") != std::string::npos);
  CHECK(r.err.find("runs of versions") != std::string::npos);
  CHECK(doc["runs"][0]["tool"]["driver"]["version"] != "0.0.9");  // the newest describes the rules
  CHECK(doc.dump().find("old wording") == std::string::npos);
  check_rules_consistent(doc);
  // The left-out file travels in the log too.
  CHECK(doc["runs"][0]["invocations"][0].dump().find("v2.sarif") != std::string::npos);

  auto none = s.merge({(s.out / "v2.sarif").string()});
  CHECK(none.exit_code == 2);
}

TEST_CASE("a malformed report is an error naming the file and the JSON position", "[fleet][merge]") {
  ShardReports s;
  test::write_file(s.out / "bad.sarif", "{\"version\": \"2.1.0\",\n  \"runs\": [1,]\n}\n");
  auto r = s.merge({s.files[0], (s.out / "bad.sarif").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.sarif:2:") != std::string::npos);
  CHECK(r.err.find("malformed JSON") != std::string::npos);
  CHECK(r.out.empty());
  auto missing = s.merge({(s.out / "nope.sarif").string()});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("the merged log validates against the SARIF 2.1.0 schema", "[schema]") {
  const char* build = std::getenv("HOOKAGENT_TEST_BUILD_ROOT");
  const fs::path schema = fs::path(build ? build : ".") /
                          "sarif-schema/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
  if (!fs::exists(schema)) {
    std::printf("skipped: no SARIF schema at %s (.ci/run installs it)\n", schema.c_str());
    std::exit(77);
  }
  ShardReports s;
  auto merged = s.merge(s.files);
  REQUIRE(merged.exit_code == 0);
  test::write_file(s.out / "merged.sarif", merged.out);
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  auto v = test::sh(python + " '" + (test::source_root() / "tests/scan/validate_sarif.py").string() + "' '" +
                        schema.string() + "' merged.sarif",
                    s.out.path(), s.repo.env());
  INFO(v.out << v.err);
  if (v.exit_code == 77) {
    std::printf("skipped: %s\n", v.out.c_str());
    std::exit(77);
  }
  CHECK(v.exit_code == 0);
}
