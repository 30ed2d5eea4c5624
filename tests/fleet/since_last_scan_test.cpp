// `scan --history --since-last-scan`: a nightly job scans only new commits. The
// state lives in refs/hookagent/, is written only by a completed run, and a
// commit scanned once is not scanned again, whatever the branches did since.
#include <catch2/catch.hpp>

#include "fleet_fixture.hpp"

using namespace hookagent;

namespace {

std::string scope_of(const test::ProcessResult& r) {
  return nlohmann::json::parse(r.out).at("summary").at("scope").get<std::string>();
}

std::string notes_of(const test::ProcessResult& r) {
  return nlohmann::json::parse(r.out).at("summary").at("notes").dump();
}

std::string state(const test::GitRepo& repo, const std::string& ref = "refs/hookagent/last-scan") {
  auto r = repo.git("rev-parse --verify -q " + ref, true);
  return r.exit_code == 0 ? r.out.substr(0, r.out.find('\n')) : "";
}

}  // namespace

TEST_CASE("a second run scans only the commits made since the first", "[fleet][incremental]") {
  test::GitRepo repo;
  auto made = fleet_test::generate_history(repo, 60, 20);
  const std::string cmd = "scan --history --since-last-scan --format json";

  auto first = repo.hookagent(cmd);
  INFO(first.err);
  REQUIRE(first.exit_code == 1);  // findings block, and the state is still recorded
  CHECK(scope_of(first).starts_with("history (" + std::to_string(made.commits) + " commits"));
  CHECK(notes_of(first).find("no earlier scan recorded") != std::string::npos);
  const std::string after_first = state(repo);
  REQUIRE(!after_first.empty());
  // The state commit keeps the scanned tip reachable.
  CHECK(repo.git("merge-base --is-ancestor main refs/hookagent/last-scan", true).exit_code == 0);

  auto again = repo.hookagent(cmd);
  CHECK(again.exit_code == 0);
  CHECK(scope_of(again).starts_with("history (0 commits; " + std::to_string(made.commits) + " already scanned"));
  CHECK(notes_of(again).find("skipped " + std::to_string(made.commits) + " commit(s) already scanned") !=
        std::string::npos);
  CHECK(state(repo) == after_first);  // nothing new: no new state commit

  repo.commit_file("new1.txt", "one\n");
  const std::string token = fleet_test::fake_pat(77);
  repo.commit_file("new2.py", "T = \"" + token + "\"\n");
  repo.commit_file("new3.txt", "three\n");
  auto third = repo.hookagent(cmd);
  REQUIRE(third.exit_code == 1);
  CHECK(scope_of(third).starts_with("history (3 commits; " + std::to_string(made.commits) + " already scanned"));
  auto keys = fleet_test::finding_keys(third.out);
  REQUIRE(keys.size() == 1);
  CHECK(keys.begin()->find("new2.py:1 github-pat") != std::string::npos);
  CHECK(third.out.find(token) == std::string::npos);
  // The new state builds on the old one (compare-and-swap from its value).
  CHECK(repo.git("merge-base --is-ancestor " + after_first + " refs/hookagent/last-scan", true).exit_code == 0);
}

TEST_CASE("rewritten history: commits scanned once are not scanned again, new ones are", "[fleet][incremental]") {
  test::GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  repo.commit_file("b.txt", "b\n");
  const std::string dropped = repo.commit_file("c.py", "T = \"" + fleet_test::fake_pat(5) + "\"\n");
  REQUIRE(repo.hookagent("scan --history --since-last-scan").exit_code == 1);

  // A force-push: the last commit is rewritten away, two new ones come.
  repo.git("reset -q --hard HEAD~1");
  repo.commit_file("d.txt", "d\n");
  repo.commit_file("e.txt", "e\n");
  repo.git("reflog expire --expire=now --all");
  repo.git("gc -q --prune=now");
  auto r = repo.hookagent("scan --history --since-last-scan --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(scope_of(r).starts_with("history (2 commits; 2 already scanned"));
  // The dropped commit survives gc: the state keeps it, so a branch that brings it back
  // rescans none of its commits; only the merge, whose diff to its first parent adds c.py again.
  CHECK(repo.git("cat-file -e " + dropped + "^{commit}", true).exit_code == 0);
  repo.git("branch old " + dropped);
  repo.git("merge -q --no-edit old");
  auto merged = repo.hookagent("scan --history --since-last-scan --format json");
  CHECK(merged.exit_code == 1);
  CHECK(scope_of(merged).starts_with("history (1 commits; 5 already scanned"));
  for (const auto& key : fleet_test::finding_keys(merged.out)) CHECK(key.find(dropped) == std::string::npos);
}

TEST_CASE("a recorded state that vanished means a full scan, and the summary says so", "[fleet][incremental]") {
  test::GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  repo.commit_file("b.txt", "b\n");
  // A ref naming an object this clone lacks (written as git would, bypassing its checks).
  test::write_file(repo / ".git/refs/hookagent/last-scan", std::string(40, 'e') + "\n");
  auto r = repo.hookagent("scan --history --since-last-scan --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(scope_of(r).starts_with("history (2 commits)"));
  CHECK(notes_of(r).find("is not in this repository: scanning the whole history") != std::string::npos);
  // The old value matched, so the ref was replaced by a real state.
  CHECK(state(repo) != std::string(40, 'e'));
  CHECK(repo.git("merge-base --is-ancestor HEAD refs/hookagent/last-scan", true).exit_code == 0);
}

TEST_CASE("a run that fails (exit 2) records no state", "[fleet][incremental]") {
  test::GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  repo.write(".gitleaks.toml", "[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n");
  auto r = repo.hookagent("scan --history --since-last-scan");
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(state(repo).empty());
}

TEST_CASE("each shard keeps its own state, so N nightly jobs each scan only their new commits",
          "[fleet][incremental][shard]") {
  test::GitRepo repo;
  auto made = fleet_test::generate_history(repo, 40, 100);
  int first_total = 0, second_total = 0;
  for (int k = 1; k <= 3; ++k) {
    const std::string shard = " --shard " + std::to_string(k) + "/3";
    auto r = repo.hookagent("scan --history --since-last-scan --format json" + shard);
    REQUIRE(r.exit_code == 0);
    first_total += std::stoi(scope_of(r).substr(9));
    CHECK(!state(repo, "refs/hookagent/last-scan-" + std::to_string(k) + "-of-3").empty());
  }
  CHECK(first_total == made.commits);
  CHECK(state(repo).empty());  // the unsharded state is another ref
  for (int i = 0; i < 6; ++i) repo.commit_file("n" + std::to_string(i) + ".txt", "n\n");
  for (int k = 1; k <= 3; ++k) {
    auto r = repo.hookagent("scan --history --since-last-scan --format json --shard " + std::to_string(k) + "/3");
    REQUIRE(r.exit_code == 0);
    second_total += std::stoi(scope_of(r).substr(9));
  }
  CHECK(second_total == 6);
}
