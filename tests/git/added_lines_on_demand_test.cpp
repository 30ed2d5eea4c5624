// Added lines left pending by the diff (AddedLines::OnDemand) and filled later
// come out exactly as the eager diff computes them, for every kind of change.
#include <catch2/catch.hpp>

#include "probe_hooks.hpp"

using namespace hookagent::test;

namespace {

// One commit holding every kind of change a diff reports.
void commit_every_kind(GitRepo& repo) {
  repo.commit_file("edit.txt", "e1\ne2\ne3\ne4\ne5\n", "base");
  repo.commit_file("long.txt", "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n", "long");
  repo.commit_file("gone.txt", "g\n", "gone");
  repo.commit_file("mode.txt", "m\n", "mode");
  std::string was_binary = std::string("B\0\x01", 3) + "\n";
  repo.commit_file("was_binary.dat", was_binary, "binary");
  repo.commit_file("attr.min.js", "a\n", "attr");
  repo.write(".gitattributes", "*.min.js -diff\n");
  repo.write("edit.txt", "e1\nnew\ne3\ne4\ne5\nend\n");      // lines 2 and 6
  repo.git("mv long.txt moved.txt");
  repo.write("moved.txt", "l1\nl2\nl3\nl4\nX\nl6\nl7\nl8\nl9\n");  // rename with an edit
  repo.git("rm -q gone.txt");
  repo.write("was_binary.dat", "now text\n");               // binary on the old side only
  repo.write("attr.min.js", "a\nb\n");                      // -diff: binary by attribute
  repo.write("added.txt", "n1\nn2\n");
  repo.write("empty.txt", "");
  repo.git("add -A");
  repo.git("update-index --chmod=+x mode.txt");  // after add -A, which would take the file's mode
}

}  // namespace

TEST_CASE("staged changes filled on demand equal the eager diff") {
  GitRepo repo;
  commit_every_kind(repo);
  auto eager = run_probe(repo, "staged", repo.root());
  auto later = run_probe(repo, "staged-on-demand", repo.root());
  REQUIRE(eager.exit_code == 0);
  REQUIRE(later.exit_code == 0);
  CHECK(rows_of(eager.out).size() == 9);
  CHECK(later.out == eager.out);
  CHECK(row_for(rows_of(later.out), "edit.txt").ranges == "2-2,6-6");
  CHECK(row_for(rows_of(later.out), "moved.txt").ranges == "5-5");
  CHECK(row_for(rows_of(later.out), "was_binary.dat").kind == "bin");
  CHECK(row_for(rows_of(later.out), "attr.min.js").kind == "bin");
}

TEST_CASE("a commit's changes filled on demand equal the eager diff") {
  GitRepo repo;
  commit_every_kind(repo);
  repo.git("commit -q -m every-kind");
  auto eager = run_probe(repo, "commit HEAD", repo.root());
  auto later = run_probe(repo, "commit-on-demand HEAD", repo.root());
  REQUIRE(eager.exit_code == 0);
  REQUIRE(later.exit_code == 0);
  CHECK(later.out == eager.out);
  auto root = run_probe(repo, "commit-on-demand HEAD~6", repo.root());  // a root commit
  CHECK(row_for(rows_of(root.out), "edit.txt").ranges == "1-5");
}

TEST_CASE("-diff is honoured from every attribute file libgit2 reads, not only a tracked .gitattributes") {
  // The diff skips libgit2's per-path lookup when no attribute file exists
  // (git/attribute_sources.hpp); each kind of file must still count.
  GitRepo repo;
  repo.commit_file("keep.txt", "k\n", "base");
  repo.write("sub/deep/x.min.js", "a\n");
  repo.write("y.dat", "b\n");
  repo.write("z.cfg", "c\n");
  repo.write("w.txt", "d\n");
  repo.git("add -A");
  repo.write("sub/.gitattributes", "*.min.js -diff\n");  // untracked, two levels up from the file
  repo.write(".git/info/attributes", "*.dat binary\n");
  const auto global = repo.root().parent_path() / "global-attributes";
  write_file(global, "*.cfg -diff\n");
  repo.git("config core.attributesFile '" + global.string() + "'");
  auto r = run_probe(repo, "staged", repo.root());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto rows = rows_of(r.out);
  CHECK(row_for(rows, "sub/deep/x.min.js").kind == "bin");
  CHECK(row_for(rows, "y.dat").kind == "bin");
  CHECK(row_for(rows, "z.cfg").kind == "bin");
  CHECK(row_for(rows, "w.txt").kind != "bin");
  // With none of them, nothing is binary.
  std::filesystem::remove(repo.root() / "sub/.gitattributes");
  std::filesystem::remove(repo.root() / ".git/info/attributes");
  repo.git("config --unset core.attributesFile");
  rows = rows_of(run_probe(repo, "staged", repo.root()).out);
  for (auto name : {"sub/deep/x.min.js", "y.dat", "z.cfg", "w.txt"}) CHECK(row_for(rows, name).kind != "bin");
}
