// `scan --history --shard K/N`: N real processes, run side by side, cover the
// history exactly once. Their findings together are the unsharded scan's.
#include <catch2/catch.hpp>

#include <cstdio>

#include "fleet_fixture.hpp"

using namespace hookagent;
namespace fs = std::filesystem;

namespace {

// Commits a run's JSON summary says it scanned: "history (N commits, ...".
int scanned_commits(const std::string& json_text) {
  auto scope = nlohmann::json::parse(json_text).at("summary").at("scope").get<std::string>();
  auto open = scope.find('(');
  REQUIRE(open != std::string::npos);
  return std::stoi(scope.substr(open + 1));
}

}  // namespace

TEST_CASE("the union of N shards run as parallel processes equals the unsharded history scan", "[fleet][shard]") {
  test::GitRepo repo;
  auto made = fleet_test::generate_history(repo, 300, 9);
  REQUIRE(made.commits > 300);  // side-branch commits too
  auto whole = repo.hookagent("scan --history --format json");
  INFO(whole.err);
  REQUIRE(whole.exit_code == 1);
  const auto expected = fleet_test::finding_keys(whole.out);
  REQUIRE(expected.size() >= static_cast<std::size_t>(made.with_secret));
  REQUIRE(scanned_commits(whole.out) == made.commits);

  for (int n : {1, 2, 7, 16}) {
    DYNAMIC_SECTION("N = " << n) {
      // One shell starts all N at once and waits for them: real concurrent processes.
      test::TempDir out;
      std::string script;
      for (int k = 1; k <= n; ++k) {
        const std::string base = "'" + (out / ("shard" + std::to_string(k))).string();
        script += "('" + test::hookagent_bin() + "' scan --history --shard " + std::to_string(k) + "/" +
                  std::to_string(n) + " --format json -j 1 > " + base + ".json' 2> " + base + ".err'; echo $? > " +
                  base + ".rc') &\n";
      }
      script += "wait\n";
      auto ran = test::sh(script, repo.root(), repo.env());
      REQUIRE(ran.exit_code == 0);
      std::multiset<std::string> united;
      int commits = 0;
      for (int k = 1; k <= n; ++k) {
        const std::string name = "shard" + std::to_string(k);
        INFO(name << ": " << test::read_file(out / (name + ".err")));
        const int rc = std::stoi(test::read_file(out / (name + ".rc")));
        CHECK((rc == 0 || rc == 1));
        const std::string text = test::read_file(out / (name + ".json"));
        commits += scanned_commits(text);
        for (const auto& key : fleet_test::finding_keys(text)) {
          // Each finding's commit belongs to this shard by its id: first 32 bits mod N.
          const uint32_t head = static_cast<uint32_t>(std::stoul(key.substr(0, 8), nullptr, 16));
          CHECK(static_cast<int>(head % n) == k - 1);
          united.insert(key);
        }
      }
      CHECK(commits == made.commits);  // every commit in exactly one shard
      CHECK(united == expected);
    }
  }
}

TEST_CASE("a shard index out of range is a usage error naming the valid range", "[fleet][shard]") {
  test::GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  for (const char* bad : {"8/7", "0/3", "-1/4", "2", "a/b", "1/0"}) {
    auto r = repo.hookagent(std::string("scan --history --shard ") + bad);
    INFO(bad << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--shard") != std::string::npos);
  }
  auto r = repo.hookagent("scan --history --shard 8/7");
  CHECK(r.err.find("out of range 1 to 7") != std::string::npos);
  CHECK(r.err.find("1/7 ... 7/7") != std::string::npos);
  auto staged = repo.hookagent("scan --staged --shard 1/2");
  CHECK(staged.exit_code == 2);
  CHECK(staged.err.find("--history only") != std::string::npos);
}

TEST_CASE("a shard of a history with fewer commits than shards scans nothing and passes", "[fleet][shard]") {
  test::GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  int commits = 0;
  for (int k = 1; k <= 16; ++k) {
    auto r = repo.hookagent("scan --history --format json --shard " + std::to_string(k) + "/16");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    commits += scanned_commits(r.out);
  }
  CHECK(commits == 1);
}
