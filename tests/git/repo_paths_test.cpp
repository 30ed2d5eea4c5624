// discover_repo_paths(): git's own rules, checked in a subprocess so the
// environment variables under test never leak into this process.
#include <catch2/catch.hpp>

#include "probe_hooks.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {
std::string canon(const fs::path& p) { return fs::weakly_canonical(p).string(); }
std::string value(const std::string& out, const std::string& key) {
  for (auto& l : lines_of(out))
    if (l.rfind(key + "=", 0) == 0) return l.substr(key.size() + 1);
  return "<missing " + key + ">";
}
}  // namespace

TEST_CASE("from a subdirectory the work tree and git dir are found by walking up") {
  GitRepo repo;
  fs::create_directories(repo / "deep/er");
  auto r = run_probe(repo, "paths", repo / "deep/er");
  REQUIRE(r.exit_code == 0);
  CHECK(canon(value(r.out, "work_tree")) == canon(repo.root()));
  CHECK(canon(value(r.out, "git_dir")) == canon(repo / ".git"));
  CHECK(value(r.out, "bare") == "0");
}

TEST_CASE("a linked worktree has its own git dir and the main common dir") {
  GitRepo repo;
  repo.commit_file("a", "a\n");
  TempDir parent;
  auto wt = parent / "wt";
  repo.git("worktree add -q -b wt '" + wt.string() + "'");
  auto r = run_probe(repo, "paths", wt);
  REQUIRE(r.exit_code == 0);
  CHECK(canon(value(r.out, "work_tree")) == canon(wt));
  CHECK(canon(value(r.out, "git_dir")) == canon(repo / ".git/worktrees/wt"));
  CHECK(canon(value(r.out, "common_dir")) == canon(repo / ".git"));
}

TEST_CASE("a bare repository is recognised, with GIT_DIR or without") {
  GitRepo bare(true);
  auto r = run_probe(bare, "paths", bare.root());
  REQUIRE(r.exit_code == 0);
  CHECK(value(r.out, "bare") == "1");
  CHECK(canon(value(r.out, "git_dir")) == canon(bare.root()));
  auto r2 = run_probe(bare, "paths", bare.root(), {{"GIT_DIR", "."}});
  REQUIRE(r2.exit_code == 0);
  CHECK(value(r2.out, "bare") == "1");
  CHECK(canon(value(r2.out, "git_dir")) == canon(bare.root()));
}

TEST_CASE("GIT_DIR and GIT_WORK_TREE relative to the current directory win over the walk") {
  GitRepo repo;
  TempDir other;
  auto rel_git = fs::relative(repo / ".git", other.path()).string();
  auto rel_wt = fs::relative(repo.root(), other.path()).string();
  auto r = run_probe(repo, "paths", other.path(), {{"GIT_DIR", rel_git}, {"GIT_WORK_TREE", rel_wt}});
  REQUIRE(r.exit_code == 0);
  CHECK(canon(value(r.out, "git_dir")) == canon(repo / ".git"));
  CHECK(canon(value(r.out, "work_tree")) == canon(repo.root()));
}

TEST_CASE("a repository opened by hand with GIT_WORK_TREE reads its index") {
  GitRepo repo;
  repo.commit_file("a.txt", "1\n", "one");
  repo.write("a.txt", "1\n2\n");
  repo.git("add a.txt");
  TempDir other;
  auto r = run_probe(repo, "staged", other.path(),
                     {{"GIT_DIR", (repo / ".git").string()}, {"GIT_WORK_TREE", repo.root().string()}});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(row_for(rows_of(r.out), "a.txt").ranges == "2-2");
}

TEST_CASE("a broken gitfile is an error that says which file and what to do") {
  TempDir dir;
  write_file(dir / ".git", "gitdir: /nonexistent/place\n");
  GitRepo env_source;
  auto r = run_probe(env_source, "paths", dir.path());
  CHECK(r.exit_code == 3);
  CHECK(r.err.find((dir / ".git").string()) != std::string::npos);
  CHECK(r.err.find("worktree prune") != std::string::npos);
}

TEST_CASE("a linked worktree of a bare repository is not bare, with GIT_DIR set as hooks get it") {
  GitRepo bare(true);
  GitRepo seed;
  seed.commit_file("a", "a\n");
  seed.git("push -q '" + bare.root().string() + "' main");
  TempDir parent;
  auto wt = parent / "wt";
  bare.git("worktree add -q '" + wt.string() + "' main");
  auto r = run_probe(bare, "paths", wt, {{"GIT_DIR", (bare.root() / "worktrees/wt").string()}});
  REQUIRE(r.exit_code == 0);
  CHECK(value(r.out, "bare") == "0");
  CHECK(canon(value(r.out, "work_tree")) == canon(wt));
  CHECK(canon(value(r.out, "common_dir")) == canon(bare.root()));
}
