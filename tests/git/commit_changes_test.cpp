// One commit against its first parent, a range of trees, and rev_list.
#include <catch2/catch.hpp>

#include "git/repository.hpp"
#include "probe_hooks.hpp"

using namespace hookagent;
using namespace hookagent::test;

TEST_CASE("a root commit is diffed against the empty tree") {
  GitRepo repo;
  auto root = repo.commit_file("a.txt", "1\n2\n", "root");
  auto r = run_probe(repo, "commit " + root, repo.root());
  REQUIRE(r.exit_code == 0);
  auto row = row_for(rows_of(r.out), "a.txt");
  CHECK(row.status == "A");
  CHECK(row.ranges == "1-2");
}

namespace {

// root, then `side.txt` on a side branch and a second line of a.txt on main,
// then main merges side: four commits, HEAD the merge.
void commit_a_merge(GitRepo& repo) {
  repo.commit_file("a.txt", "1\n", "root");
  repo.git("checkout -q -b side");
  repo.commit_file("side.txt", "s\n", "side");
  repo.git("checkout -q main");
  repo.commit_file("a.txt", "1\n2\n", "main");
  repo.git("merge -q --no-edit --no-ff side");
}

}  // namespace

TEST_CASE("a commit is diffed against its first parent, merges included") {
  GitRepo repo;
  commit_a_merge(repo);
  auto r = run_probe(repo, "commit HEAD", repo.root());
  REQUIRE(r.exit_code == 0);
  auto rows = rows_of(r.out);
  REQUIRE(rows.size() == 1);  // vs first parent: only what side brought
  CHECK(rows[0].path == "side.txt");
  auto r2 = run_probe(repo, "commit HEAD^1", repo.root());
  CHECK(row_for(rows_of(r2.out), "a.txt").ranges == "2-2");
}

TEST_CASE("range changes diff two trees, and rev_list hides what refs already hold") {
  GitRepo repo;
  auto c1 = repo.commit_file("a.txt", "1\n", "one");
  repo.git("branch base");
  auto c2 = repo.commit_file("a.txt", "1\n2\n", "two");
  auto c3 = repo.commit_file("b.txt", "b\n", "three");
  auto r = run_probe(repo, "range " + c1 + " " + c3, repo.root());
  REQUIRE(r.exit_code == 0);
  auto rows = rows_of(r.out);
  CHECK(rows.size() == 2);
  CHECK(row_for(rows, "a.txt").ranges == "2-2");

  auto opened = Repository::discover(repo.root());
  REQUIRE(opened);
  auto ids = opened->rev_list("HEAD", {"refs/heads/base"});
  REQUIRE(ids);
  CHECK(*ids == std::vector<std::string>{c2, c3});  // oldest first
  auto none = opened->rev_list("HEAD", {"refs/"});
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("a history's commit list as raw ids is git's topological order, oldest first") {
  GitRepo repo;
  commit_a_merge(repo);
  auto opened = Repository::discover(repo.root());
  REQUIRE(opened);
  auto ids = opened->rev_list_ids("HEAD", {});
  REQUIRE(ids);
  REQUIRE(ids->size() == 4);
  auto hex = opened->rev_list("HEAD", {});
  REQUIRE(hex);
  CHECK(ids->to_hex() == *hex);
  for (std::size_t i = 0; i < ids->size(); ++i) CHECK((*ids)[i] == (*hex)[i]);
  // git's own order: every parent before its children, the merge last.
  auto git_order = repo.git("rev-list --topo-order --reverse HEAD").out;
  CHECK(git_order.substr(git_order.size() - 41, 40) == (*ids)[3]);
  CHECK(git_order.find((*ids)[0]) == 0);

  CommitIds parsed;
  CHECK(parsed.push_back_hex(std::string(40, 'A')));  // upper case is read, printed lower
  CHECK(parsed[0] == std::string(40, 'a'));
  CHECK_FALSE(parsed.push_back_hex("abc"));                 // abbreviated: refused
  CHECK_FALSE(parsed.push_back_hex(std::string(39, 'a') + "g"));
  CHECK(parsed.size() == 1);
  std::vector<std::string> rejected;
  auto some = commit_ids_from_hex({(*ids)[1], "HEAD", (*ids)[2]}, &rejected);
  CHECK(some.to_hex() == std::vector<std::string>{(*ids)[1], (*ids)[2]});
  CHECK(rejected == std::vector<std::string>{"HEAD"});
}

TEST_CASE("an unknown revision names itself and how to check it") {
  GitRepo repo;
  repo.commit_file("a.txt", "1\n", "one");
  auto r = run_probe(repo, "commit no-such-rev", repo.root());
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("no-such-rev") != std::string::npos);
  CHECK(r.err.find("git rev-parse") != std::string::npos);
}

TEST_CASE("blobs are read whole and streamed in pieces") {
  GitRepo repo;
  repo.commit_file("a.txt", "hello\nworld\n", "one");
  auto opened = Repository::discover(repo.root());
  REQUIRE(opened);
  auto changes = opened->commit_changes("HEAD");
  REQUIRE(changes);
  REQUIRE(changes->size() == 1);
  auto id = (*changes)[0].new_id;
  CHECK(opened->read_blob(id).value() == "hello\nworld\n");
  CHECK(opened->blob_size(id).value() == 12);
  std::string streamed;
  REQUIRE(opened->stream_blob(id, [&](std::string_view piece) { streamed += piece; return true; }));
  CHECK(streamed == "hello\nworld\n");
  repo.git("gc -q");  // now packed: the stream falls back to one read
  streamed.clear();
  REQUIRE(opened->stream_blob(id, [&](std::string_view piece) { streamed += piece; return true; }));
  CHECK(streamed == "hello\nworld\n");
}
