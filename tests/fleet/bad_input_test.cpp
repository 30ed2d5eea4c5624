// Fleet bad input (issue 14): what a CI fleet hands `scan --shard` and
// `report merge` when a job is misconfigured or dies: every case is refused or
// merged as far as it can be, and the message says what to do.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fleet_fixture.hpp"

using namespace hookagent;
using nlohmann::json;

namespace {

struct Fleet {
  test::GitRepo repo;
  fleet_test::History made = fleet_test::generate_history(repo, 40, 5);
  std::filesystem::path out = repo.home() / "reports";

  Fleet() { std::filesystem::create_directories(out); }

  // One shard's SARIF, as its job writes it.
  std::string shard_sarif(int k, int n) {
    auto r = repo.hookagent("scan --history --shard " + std::to_string(k) + "/" + std::to_string(n) +
                            " --format sarif --exit-code 0");
    REQUIRE(r.exit_code == 0);
    auto path = out / ("shard-" + std::to_string(k) + ".sarif");
    test::write_file(path, r.out);
    return path.string();
  }
  test::ProcessResult merge(const std::vector<std::string>& files) const {
    std::string args = "report merge";
    for (const auto& f : files) args += " '" + f + "'";
    return repo.hookagent(args);
  }
};

}  // namespace

TEST_CASE("a shard index a CI engine left empty or out of range is a usage error saying what to write",
          "[fleet][bad-input]") {
  Fleet fleet;
  // GitLab without `parallel:` sets no CI_NODE_INDEX/CI_NODE_TOTAL: the job runs --shard "/".
  for (const std::string bad : {"/", "/4", "1/", "0/4", "5/4", "4/0", "1/5000", "one/4"}) {
    auto r = fleet.repo.hookagent("scan --history --shard '" + bad + "'");
    INFO(bad << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--shard") != std::string::npos);
    CHECK((r.err.find("write K/N") != std::string::npos || r.err.find("use 1/4 ... 4/4") != std::string::npos));
    CHECK(r.out.empty());
  }
}

TEST_CASE("an empty or cut-off shard report names the job to re-run", "[fleet][bad-input][merge]") {
  Fleet fleet;
  const std::string good = fleet.shard_sarif(1, 2);
  const std::string whole = fleet.shard_sarif(2, 2);
  const std::string text = test::read_file(whole);
  test::write_file(fleet.out / "empty.sarif", "");
  test::write_file(fleet.out / "cut.sarif", text.substr(0, text.size() / 2));
  for (const std::string name : {"empty.sarif", "cut.sarif"}) {
    auto r = fleet.merge({good, (fleet.out / name).string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(name + ":") != std::string::npos);
    CHECK(r.err.find("did not finish; re-run that job") != std::string::npos);
    CHECK(r.out.empty());
  }
  // A file that is not JSON at all keeps the general hint.
  test::write_file(fleet.out / "notes.txt", "shard 2 was fine\n");
  auto other = fleet.merge({good, (fleet.out / "notes.txt").string()});
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("must be a SARIF file") != std::string::npos);
}

TEST_CASE("SARIF of other versions is left out, counted and named; the rest is merged", "[fleet][bad-input][merge]") {
  Fleet fleet;
  const std::string one = fleet.shard_sarif(1, 2);
  const std::string two = fleet.shard_sarif(2, 2);
  json older = json::parse(test::read_file(two));
  older["version"] = "2.0.0";
  test::write_file(fleet.out / "older.sarif", older.dump());
  test::write_file(fleet.out / "no-version.sarif", R"({"runs": []})");

  auto r = fleet.merge({one, (fleet.out / "older.sarif").string(), (fleet.out / "no-version.sarif").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("older.sarif: SARIF version 2.0.0 cannot be merged into 2.1.0") != std::string::npos);
  CHECK(r.err.find("no-version.sarif: SARIF version (none)") != std::string::npos);
  CHECK(r.err.find("re-run that job with a current hookagent") != std::string::npos);
  CHECK(r.err.find("merged 1 of 3 report(s)") != std::string::npos);
  CHECK(r.err.find("the findings of the reports left out (named above) are missing") != std::string::npos);
  json doc = json::parse(r.out);
  CHECK(doc["version"] == "2.1.0");
  CHECK(doc["runs"][0]["results"].size() == json::parse(test::read_file(one))["runs"][0]["results"].size());

  // Every input current: nothing is said to be missing.
  auto all = fleet.merge({one, two});
  CHECK(all.exit_code == 0);
  CHECK(all.err.find("merged 2 of 2 report(s)") != std::string::npos);
  CHECK(all.err.find("missing") == std::string::npos);
}
