// Opening a repository that libgit2 refuses: a clear error with git's own fix.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "probe_hooks.hpp"

using namespace hookagent::test;

TEST_CASE("a repository owned by another user names the safe.directory fix") {
  // Needs root to hand the repository to another user; elsewhere nothing to check.
  if (geteuid() != 0 || sh("id nobody", "/").exit_code != 0) {
    WARN("not root: ownership case not exercised");
    return;
  }
  GitRepo repo;
  repo.commit_file("a.txt", "1\n", "one");
  REQUIRE(sh("chown -R nobody '" + repo.root().string() + "'", "/").exit_code == 0);
  auto r = run_probe(repo, "staged", repo.root());
  sh("chown -R 0 '" + repo.root().string() + "'", "/");  // let TempDir clean up
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("owned by another user") != std::string::npos);
  CHECK(r.err.find("git config --global --add safe.directory '" + repo.root().string() + "'") != std::string::npos);
}
