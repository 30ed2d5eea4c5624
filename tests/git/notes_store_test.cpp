// Notes written with compare-and-swap: concurrent writers lose nothing.
#include <catch2/catch.hpp>

#include <algorithm>

#include "git/notes_store.hpp"
#include "probe_hooks.hpp"

using namespace hookagent;
using namespace hookagent::test;

TEST_CASE("20 concurrent writer processes each append a line and none is lost") {
  GitRepo repo;
  auto commit = repo.commit_file("a.txt", "1\n", "one");
  const std::string ref = "refs/notes/hookagent/test";
  std::string script = "for i in $(seq 1 20); do '" + probe_path() + "' note-append " + ref + " " + commit +
                       " \"{\\\"writer\\\":$i}\" || echo \"writer $i failed\" & done; wait";
  auto r = sh(script, repo.root(), repo.env());
  INFO(r.out << r.err);
  CHECK(r.out.find("failed") == std::string::npos);
  // git itself reads what we wrote.
  auto shown = repo.git("notes --ref=hookagent/test show " + commit).out;
  auto lines = lines_of(shown);
  CHECK(lines.size() == 20);
  for (int i = 1; i <= 20; ++i)
    CHECK(std::count(lines.begin(), lines.end(), "{\"writer\":" + std::to_string(i) + "}") == 1);
}

TEST_CASE("a note is read back, and carried to a rewritten commit without duplicates") {
  GitRepo repo;
  auto old_commit = repo.commit_file("a.txt", "1\n", "one");
  auto opened = Repository::discover(repo.root());
  REQUIRE(opened);
  NotesStore notes(*opened);
  const std::string ref = "refs/notes/hookagent/code-review";
  CHECK_FALSE(notes.read(ref, old_commit).value().has_value());
  REQUIRE(notes.append_with_retry(ref, old_commit, "{\"a\":1}"));
  REQUIRE(notes.append_with_retry(ref, old_commit, "{\"b\":2}"));
  CHECK(notes.read_lines(ref, old_commit).value() == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"});

  repo.git("commit -q --amend -m one-again");
  auto new_commit = repo.head();
  REQUIRE(notes.append_with_retry(ref, new_commit, "{\"b\":2}"));
  CHECK(notes.carry(ref, old_commit, new_commit).value());
  CHECK(notes.carry(ref, old_commit, new_commit).value());  // a second carry adds nothing
  CHECK(notes.read_lines(ref, new_commit).value() == std::vector<std::string>{"{\"b\":2}", "{\"a\":1}"});
  auto none = repo.commit_file("b.txt", "b\n", "two");
  CHECK_FALSE(notes.carry(ref, none, new_commit).value());
}

TEST_CASE("a note line with a newline is refused rather than splitting the record") {
  GitRepo repo;
  auto commit = repo.commit_file("a.txt", "1\n", "one");
  auto opened = Repository::discover(repo.root());
  REQUIRE(opened);
  NotesStore notes(*opened);
  CHECK_FALSE(notes.append_with_retry("refs/notes/hookagent/x", commit, "a\nb"));
}
