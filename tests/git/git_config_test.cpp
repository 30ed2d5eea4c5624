// Config reads and the writes install needs, checked with the git binary.
#include <catch2/catch.hpp>

#include "git/repository.hpp"
#include "probe_hooks.hpp"

using namespace hookagent;
using namespace hookagent::test;
namespace fs = std::filesystem;

TEST_CASE("config writes land in the repository config and a repeated add is a no-op") {
  GitRepo repo;
  auto opened = Repository::discover(repo.root());
  REQUIRE(opened);
  REQUIRE(opened->add_config_multivar("notes.rewriteRef", "refs/notes/hookagent/*"));
  REQUIRE(opened->add_config_multivar("notes.rewriteRef", "refs/notes/hookagent/*"));
  REQUIRE(opened->add_config_multivar("notes.rewriteRef", "refs/notes/commits"));
  REQUIRE(opened->set_config("notes.hookagent/code-review.mergeStrategy", "cat_sort_uniq"));
  CHECK(repo.git("config --local --get-all notes.rewriteRef").out ==
        "refs/notes/hookagent/*\nrefs/notes/commits\n");
  CHECK(repo.git("config --local notes.hookagent/code-review.mergeStrategy").out == "cat_sort_uniq\n");
  CHECK(opened->get_config("notes.hookagent/code-review.mergeStrategy").value() == "cat_sort_uniq");
  CHECK(opened->get_config_all("notes.rewriteRef").value().size() == 2);
  CHECK_FALSE(opened->get_config("no.such.key").value().has_value());

  REQUIRE(opened->remove_config_multivar_value("notes.rewriteRef", "refs/notes/hookagent/*"));
  CHECK(repo.git("config --local --get-all notes.rewriteRef").out == "refs/notes/commits\n");
  REQUIRE(opened->unset_config("notes.rewriteRef"));
  REQUIRE(opened->unset_config("notes.rewriteRef"));  // unsetting twice is fine
  CHECK(repo.git("config --local --get-all notes.rewriteRef", true).exit_code != 0);
  CHECK((!fs::exists(repo.home() / ".gitconfig") || read_file(repo.home() / ".gitconfig").empty()));
}

TEST_CASE("hooks live in the common dir, or where core.hooksPath says") {
  GitRepo repo;
  repo.commit_file("a", "a\n");
  auto r = run_probe(repo, "hooks-dir", repo.root());
  CHECK(fs::weakly_canonical(lines_of(r.out).at(0)) == fs::weakly_canonical(repo / ".git/hooks"));

  TempDir parent;
  auto wt = parent / "wt";
  repo.git("worktree add -q -b wt '" + wt.string() + "'");
  auto r_wt = run_probe(repo, "hooks-dir", wt);
  CHECK(fs::weakly_canonical(lines_of(r_wt.out).at(0)) == fs::weakly_canonical(repo / ".git/hooks"));

  repo.git("config core.hooksPath .githooks");
  fs::create_directories(repo / "sub");
  auto r2 = run_probe(repo, "hooks-dir", repo / "sub");
  CHECK(fs::weakly_canonical(lines_of(r2.out).at(0)) == fs::weakly_canonical(repo / ".githooks"));

  repo.git("config core.hooksPath '~/hooks'");
  auto r3 = run_probe(repo, "hooks-dir", repo.root());
  CHECK(lines_of(r3.out).at(0) == (repo.home() / "hooks").string());
}
