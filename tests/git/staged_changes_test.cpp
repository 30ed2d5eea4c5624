// Staged changes, read inside a real pre-commit hook run by a real `git commit`.
#include <catch2/catch.hpp>

#include "probe_hooks.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

// A repo with a first commit and a pre-commit hook that runs `git_probe staged`.
struct StagedFixture {
  GitRepo repo;
  TempDir outputs;
  fs::path out = outputs / "pre-commit.out";
  StagedFixture() {
    repo.commit_file("a.txt", "a1\na2\na3\n", "base");
    repo.commit_file("b.txt", "b1\nb2\n", "base b");
    repo.commit_file("c.txt", "c1\n", "base c");
    install_probe_hook(repo, "pre-commit", "staged", out);
  }
  HookRun run() {
    auto r = read_hook_run(out);
    INFO("probe output:\n" << r.out);
    CHECK(r.out.find("probe exit") == std::string::npos);
    CHECK(r.before == r.after);  // the index files and the work tree were not touched
    return r;
  }
};

}  // namespace

TEST_CASE("plain commit sees the staged file and its added lines") {
  StagedFixture f;
  f.repo.write("a.txt", "a1\nnew\na2\na3\nend\n");
  f.repo.git("add a.txt");
  f.repo.git("commit -q -m edit");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].status == "M");
  CHECK(rows[0].path == "a.txt");
  CHECK(rows[0].ranges == "2-2,5-5");
  CHECK(rows[0].size == "17");
}

TEST_CASE("commit -a sees tracked edits through index.lock, not untracked files") {
  StagedFixture f;
  f.repo.write("b.txt", "b1\nb2\nb3\n");
  f.repo.write("untracked.txt", "nope\n");
  f.repo.git("commit -q -a -m all");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  CHECK(row_for(rows, "b.txt").ranges == "3-3");
}

TEST_CASE("partial commit sees only the paths being committed") {
  StagedFixture f;
  f.repo.write("a.txt", "a1\nstaged\na2\na3\n");
  f.repo.git("add a.txt");                    // staged, but not part of this commit
  f.repo.write("b.txt", "b1\nunstaged\nb2\n");  // unstaged edit, not committed
  f.repo.write("c.txt", "c1\nc2\n");
  auto index_before = f.repo.read(".git/index");
  f.repo.git("commit -q -m partial c.txt");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  CHECK(row_for(rows, "c.txt").ranges == "2-2");
  // After the commit, the other edits are where the user left them.
  CHECK(f.repo.read("b.txt") == "b1\nunstaged\nb2\n");
  auto status = f.repo.git("status --porcelain").out;
  CHECK(status.find("M  a.txt") != std::string::npos);
  CHECK(status.find(" M b.txt") != std::string::npos);
}

TEST_CASE("a linked worktree reads its own index") {
  StagedFixture f;
  TempDir wt_parent;
  fs::path wt = wt_parent / "wt";
  f.repo.git("worktree add -q -b side '" + wt.string() + "'");
  f.repo.write("a.txt", "main side edit\n");
  f.repo.git("add a.txt");  // staged in the main worktree: must not show up
  write_file(wt / "c.txt", "c1\nfrom worktree\n");
  f.repo.git_in(wt, "add c.txt");
  f.repo.git_in(wt, "commit -q -m wt");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  CHECK(row_for(rows, "c.txt").ranges == "2-2");
}

TEST_CASE("GIT_DIR and GIT_WORK_TREE set by hand from another directory") {
  StagedFixture f;
  TempDir elsewhere;
  f.repo.write("a.txt", "a1\na2\na3\na4\n");
  f.repo.git("add a.txt");
  auto gd = (f.repo.root() / ".git").string();
  auto wt = f.repo.root().string();
  f.repo.git_in(elsewhere.path(), "--git-dir='" + gd + "' --work-tree='" + wt + "' commit -q -m byhand");
  auto r = sh("GIT_DIR='" + gd + "' GIT_WORK_TREE='" + wt + "' git commit -q --allow-empty -m env", elsewhere.path(),
              f.repo.env());
  REQUIRE(r.exit_code == 0);
  // The second (empty) commit is what the hook saw last: nothing staged.
  CHECK(rows_of(f.run().out).empty());
  f.repo.write("b.txt", "b1\nb2\nb3\n");
  REQUIRE(sh("GIT_DIR='" + gd + "' GIT_WORK_TREE='" + wt + "' git commit -q -a -m env2", elsewhere.path(),
             f.repo.env()).exit_code == 0);
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  CHECK(row_for(rows, "b.txt").ranges == "3-3");
}

TEST_CASE("a detached HEAD is diffed against the commit it points at") {
  StagedFixture f;
  f.repo.git("checkout -q --detach HEAD~1");
  f.repo.write("a.txt", "a1\na2\na3\ndetached\n");
  f.repo.git("commit -q -a -m detached");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  CHECK(row_for(rows, "a.txt").ranges == "4-4");
}

TEST_CASE("the first commit of an empty repository is diffed against the empty tree") {
  GitRepo repo;
  TempDir outputs;
  auto out = outputs / "pre-commit.out";
  install_probe_hook(repo, "pre-commit", "staged", out);
  repo.write("first.txt", "one\ntwo\n");
  repo.write("empty.txt", "");
  repo.git("add .");
  repo.git("commit -q -m first");
  auto r = read_hook_run(out);
  CHECK(r.before == r.after);
  auto rows = rows_of(r.out);
  REQUIRE(rows.size() == 2);
  CHECK(row_for(rows, "first.txt").status == "A");
  CHECK(row_for(rows, "first.txt").ranges == "1-2");
  CHECK(row_for(rows, "empty.txt").ranges == "-");
}

TEST_CASE("renames, deletions and mode changes are reported as such") {
  StagedFixture f;
  f.repo.commit_file("long.txt", "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n", "long");
  f.repo.git("mv long.txt moved.txt");
  f.repo.git("rm -q b.txt");
  f.repo.git("update-index --chmod=+x c.txt");
  f.repo.git("commit -q -m shuffle");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 3);
  auto moved = row_for(rows, "moved.txt");
  CHECK(moved.status == "R");
  CHECK(moved.old_path == "long.txt");
  CHECK(moved.ranges == "-");
  auto deleted = row_for(rows, "b.txt");
  CHECK(deleted.status == "D");
  auto chmod = row_for(rows, "c.txt");
  CHECK(chmod.status == "M");
  CHECK(chmod.modes == "100644 100755");
  CHECK(chmod.ranges == "-");
}

TEST_CASE("a submodule gitlink is reported with its mode and no lines") {
  StagedFixture f;
  auto head = f.repo.head();
  f.repo.git("update-index --add --cacheinfo 160000," + head + ",vendor/lib");
  f.repo.git("commit -q -m gitlink");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 1);
  auto link = row_for(rows, "vendor/lib");
  CHECK(link.status == "A");
  CHECK(link.modes == "000000 160000");
  CHECK(link.ranges == "-");
}

TEST_CASE("a binary file is flagged binary with no added lines") {
  StagedFixture f;
  std::string bytes = "PNG";
  bytes += std::string("\0\x01\x02\xff", 4);
  bytes += "more";
  f.repo.write("image.bin", bytes);
  f.repo.git("add image.bin");
  f.repo.git("commit -q -m binary");
  auto row = row_for(rows_of(f.run().out), "image.bin");
  CHECK(row.kind == "bin");
  CHECK(row.ranges == "-");
  CHECK(row.size == std::to_string(bytes.size()));
}

TEST_CASE("paths with invalid UTF-8, spaces and newlines come through byte for byte") {
  StagedFixture f;
  std::string bad = std::string("caf") + char(0xe9) + ".txt";  // Latin-1 é: invalid UTF-8
  f.repo.write(bad, "x\n");
  f.repo.write("with space.txt", "y\n");
  f.repo.write("new\nline.txt", "z\n");
  f.repo.git("add -A");
  f.repo.git("commit -q -m names");
  auto rows = rows_of(f.run().out);
  REQUIRE(rows.size() == 3);
  CHECK(row_for(rows, "caf\\xe9.txt").ranges == "1-1");
  CHECK(row_for(rows, "with space.txt").ranges == "1-1");
  CHECK(row_for(rows, "new\\x0aline.txt").ranges == "1-1");
}

TEST_CASE("a file named in GIT_INDEX_FILE that does not exist is a clear error") {
  StagedFixture f;
  auto r = run_probe(f.repo, "staged", f.repo.root(), {{"GIT_INDEX_FILE", "no-such-index"}});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("the index git named does not exist") != std::string::npos);
}

TEST_CASE("outside any repository the error says so and what to do") {
  TempDir dir;
  GitRepo env_source;
  auto r = run_probe(env_source, "staged", dir.path(), {{"GIT_CEILING_DIRECTORIES", dir.path().parent_path().string()}});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("not inside a git repository") != std::string::npos);
  CHECK(r.err.find("git init") != std::string::npos);
}
