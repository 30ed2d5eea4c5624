// Installed hooks fired by real git: chaining, stdin, minimal environments,
// worktrees, bare servers, a removed binary.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "dir_snapshot.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

fs::path build_root() {
  const char* b = std::getenv("HOOKAGENT_TEST_BUILD_ROOT");
  return b ? fs::path(b) : fs::current_path();
}

void write_hook(const fs::path& p, const std::string& body) {
  write_file(p, body);
  fs::permissions(p, fs::perms(0755));
}

// A foreign hook that records $0, its arguments and its stdin, then exits `code`.
std::string recording_hook(const fs::path& log, int code) {
  return "#!/bin/sh\n"
         "{ echo \"zero=$(basename \"$0\")\"; echo \"args=$*\"; echo stdin:; cat; } > '" + log.string() + "'\n"
         "exit " + std::to_string(code) + "\n";
}

}  // namespace

TEST_CASE("a chained pre-commit that fails blocks the commit and sees git's view", "[chain]") {
  GitRepo repo;
  auto log = repo.root().parent_path() / "pre-commit.log";
  write_hook(repo.root() / ".git/hooks/pre-commit", recording_hook(log, 1));
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.write("a.txt", "a\n");
  repo.git("add a.txt");
  auto r = repo.git("commit -q -m a", true);
  CHECK(r.exit_code != 0);
  CHECK(repo.git("rev-parse --verify -q HEAD", true).exit_code != 0);  // nothing committed
  auto seen = read_file(log);
  CHECK(seen.find("zero=pre-commit\n") != std::string::npos);  // "$0" is the path git ran
  CHECK(seen.find("args=\n") != std::string::npos);
}

TEST_CASE("a chained commit-msg gets git's arguments; success lets the commit through", "[chain]") {
  GitRepo repo;
  auto log = repo.root().parent_path() / "commit-msg.log";
  write_hook(repo.root() / ".git/hooks/commit-msg", recording_hook(log, 0));
  REQUIRE(repo.hookagent("install --hooks commit-msg").exit_code == 0);
  REQUIRE(fs::exists(repo.root() / ".git/hooks/commit-msg.hookagent-chained"));
  repo.commit_file("a.txt", "a\n", "first");
  auto seen = read_file(log);
  CHECK(seen.find("args=.git/COMMIT_EDITMSG") != std::string::npos);
}

TEST_CASE("a husky-style hook that finds its helpers from $0 still works", "[chain][husky]") {
  GitRepo repo;
  auto hooks = repo.root() / ".git/hooks";
  auto log = repo.root().parent_path() / "husky.log";
  write_file(hooks / "helper.sh", "name=$(basename \"$0\")\n");
  write_hook(hooks / "pre-commit",
             "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/helper.sh\"\necho \"ran $name\" > '" + log.string() + "'\n");
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.commit_file("a.txt", "a\n");
  CHECK(read_file(log) == "ran pre-commit\n");
}

TEST_CASE("a non-executable foreign hook stays ignored, as git ignored it", "[chain]") {
  GitRepo repo;
  auto log = repo.root().parent_path() / "never.log";
  write_file(repo.root() / ".git/hooks/pre-commit", recording_hook(log, 1));
  fs::permissions(repo.root() / ".git/hooks/pre-commit", fs::perms(0644));
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.commit_file("a.txt", "a\n");
  CHECK_FALSE(fs::exists(log));
}

TEST_CASE("a chained pre-push sees every ref line, and the push goes through", "[chain][push]") {
  GitRepo remote(true);
  GitRepo repo;
  repo.git("remote add origin '" + remote.root().string() + "'");
  auto log = repo.root().parent_path() / "pre-push.log";
  write_hook(repo.root() / ".git/hooks/pre-push", recording_hook(log, 0));
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.commit_file("a.txt", "a\n");
  repo.git("branch feature");
  auto r = repo.git("push -q origin main feature");
  CHECK(r.exit_code == 0);
  auto seen = read_file(log);
  CHECK(seen.find("args=origin " + remote.root().string()) != std::string::npos);
  CHECK(seen.find("refs/heads/main " + repo.head() + " refs/heads/main") != std::string::npos);
  CHECK(seen.find("refs/heads/feature " + repo.head() + " refs/heads/feature") != std::string::npos);
}

TEST_CASE("a failing chained pre-push blocks the push", "[chain][push]") {
  GitRepo remote(true);
  GitRepo repo;
  repo.git("remote add origin '" + remote.root().string() + "'");
  write_hook(repo.root() / ".git/hooks/pre-push", "#!/bin/sh\ncat >/dev/null\nexit 1\n");
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.commit_file("a.txt", "a\n");
  CHECK(repo.git("push -q origin main", true).exit_code != 0);
  CHECK(remote.git("rev-parse --verify -q refs/heads/main", true).exit_code != 0);
}

TEST_CASE("pre-receive in a bare server repository chains and accepts a clean push", "[chain][bare]") {
  GitRepo server(true);
  auto log = server.root().parent_path() / "pre-receive.log";
  write_hook(server.root() / "hooks/pre-receive", recording_hook(log, 0));
  auto r = server.hookagent("install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  GitRepo repo;
  repo.git("remote add origin '" + server.root().string() + "'");
  repo.commit_file("a.txt", "a\n");
  auto p = repo.git("push origin main", true);
  INFO(p.err);
  CHECK(p.exit_code == 0);
  auto seen = read_file(log);
  CHECK(seen.find(std::string(40, '0') + " " + repo.head() + " refs/heads/main") != std::string::npos);
  CHECK(p.err.find("hookagent pre-receive:") == std::string::npos);  // no error from us
}

TEST_CASE("installed hooks work under env -i PATH=/usr/bin:/bin", "[chain][env]") {
  GitRepo repo;
  auto log = repo.root().parent_path() / "envi.log";
  write_hook(repo.root() / ".git/hooks/pre-commit", recording_hook(log, 0));
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.write("a.txt", "a\n");
  repo.git("add a.txt");
  ProcessOptions o;
  o.cwd = repo.root();
  o.clear_env = true;
  // No warm server left behind in /tmp for 15 minutes (hooks_warm tests it).
  o.env_set = {{"PATH", "/usr/bin:/bin"}, {"HOOKAGENT_WARM", "0"}};
  auto r = run_process({"/usr/bin/git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q",
                        "-m", "minimal env"},
                       o);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(log));
  CHECK(r.err.find("internal error") == std::string::npos);
}

TEST_CASE("a removed hook binary: one clear line, the commit succeeds, the chained hook still runs", "[chain][missing]") {
  GitRepo repo;
  TempDir bin;
  fs::copy_file(build_root() / "hooks/pre-commit", bin / "pre-commit");
  fs::permissions(bin / "pre-commit", fs::perms(0755));
  auto log = repo.root().parent_path() / "chained.log";
  write_hook(repo.root() / ".git/hooks/pre-commit", recording_hook(log, 0));
  auto env = repo.env();
  env["HOOKAGENT_HOOK_BINARY_DIR"] = bin.path().string();
  // The native copy (the default) and the sh shim say the same, in their own voice.
  const bool sh_shim = GENERATE(false, true);
  INFO("sh shim: " << sh_shim);
  auto r = sh("'" + hookagent_bin() + "' install --hooks pre-commit" + (sh_shim ? " --sh-shim" : ""), repo.root(), env);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  fs::remove(bin / "pre-commit");
  repo.write("a.txt", "a\n");
  repo.git("add a.txt");
  auto c = repo.git("commit -q -m a", true);
  INFO(c.err);
  CHECK(c.exit_code == 0);
  CHECK(c.err == std::string(sh_shim ? "hookagent: " : "hookagent pre-commit: ") + (bin / "pre-commit").string() +
                     " is missing (removed or moved); reinstall hookagent or run 'hookagent uninstall'. "
                     "Skipping hookagent's pre-commit checks.\n");
  CHECK(fs::exists(log));
}

TEST_CASE("a native hook copy runs its origin instead once that is upgraded, with git's argv[0]", "[chain][native]") {
  GitRepo repo;
  TempDir bin;
  fs::copy_file(build_root() / "hooks/pre-commit", bin / "pre-commit");
  fs::permissions(bin / "pre-commit", fs::perms(0755));
  auto env = repo.env();
  env["HOOKAGENT_HOOK_BINARY_DIR"] = bin.path().string();
  auto r = sh("'" + hookagent_bin() + "' install --hooks pre-commit", repo.root(), env);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto hook = repo.root() / ".git/hooks/pre-commit";
  REQUIRE(read_file(hook).starts_with("\x7f" "ELF"));
  // "Upgraded": another program at the origin's path. The copy must not run its own, older code.
  auto log = repo.root().parent_path() / "origin.log";
  fs::remove(bin / "pre-commit");
  write_hook(bin / "pre-commit", "#!/bin/sh\necho \"$0 $HOOKAGENT_HOOK_PATH\" > '" + log.string() + "'\nexit 7\n");
  repo.write("a.txt", "a\n");
  repo.git("add a.txt");
  auto c = repo.git("commit -q -m a", true);
  INFO(c.err);
  CHECK(c.exit_code != 0);  // the origin's exit 7 blocked the commit
  REQUIRE(fs::exists(log));
  const auto line = read_file(log);
  CHECK(line.find("/hooks/pre-commit") != std::string::npos);
  CHECK(line.find(bin.path().string()) == 0);  // $0 of the origin script: the origin itself
  // doctor says the copy is stale and how to refresh it; install does refresh it.
  auto d = sh("'" + hookagent_bin() + "' doctor", repo.root(), env);
  CHECK(d.out.find("copy of " + (bin / "pre-commit").string() + " from before it was upgraded") != std::string::npos);
}

TEST_CASE("index and work tree are byte-identical after hook runs, partial commit included", "[chain][index]") {
  GitRepo repo;
  repo.commit_file("a.txt", "a1\n");
  repo.commit_file("b.txt", "b1\n");
  repo.commit_file("c.txt", "c1\n");
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.write("a.txt", "a2\n");
  repo.write("b.txt", "b2\n");
  repo.git("add a.txt b.txt");
  repo.write("b.txt", "b3 unstaged on top\n");
  repo.write("c.txt", "c2 unstaged\n");

  SECTION("the hook run itself changes no byte of index or work tree") {
    auto before_index = read_file(repo.root() / ".git/index");
    auto before_tree = snapshot(repo.root());
    before_tree.erase(".git/index");
    auto r = sh(".git/hooks/pre-commit", repo.root(), repo.env());
    INFO(r.err);
    CHECK(read_file(repo.root() / ".git/index") == before_index);
    auto after_tree = snapshot(repo.root());
    after_tree.erase(".git/index");
    CHECK(after_tree == before_tree);
  }
  SECTION("a partial commit records a only; staged b and unstaged edits stay") {
    auto r = repo.git("commit -q -m partial a.txt", true);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(repo.git("show --name-only --format= HEAD").out == "a.txt\n");
    CHECK(repo.git("diff --cached --name-only").out == "b.txt\n");
    CHECK(repo.git("show :b.txt").out == "b2\n");
    CHECK(repo.read("b.txt") == "b3 unstaged on top\n");
    CHECK(repo.read("c.txt") == "c2 unstaged\n");
    CHECK(repo.git("diff --name-only").out == "b.txt\nc.txt\n");
  }
}

TEST_CASE("a hook run outside any repository says so in one line", "[bad-input]") {
  TempDir dir;
  ProcessOptions o;
  o.cwd = dir.path();
  o.env_unset = {"GIT_DIR", "GIT_WORK_TREE"};
  o.env_set = {{"GIT_CEILING_DIRECTORIES", dir.path().parent_path().string()}};
  auto r = run_process({(build_root() / "hooks/pre-commit").string()}, o);
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("hookagent pre-commit: ", 0) == 0);
  CHECK(r.err.find('\n') == r.err.size() - 1);
}
