// Background reviews end to end: real commits, cherry-picks, rebases and
// amends fire the installed hooks; a detached worker writes git notes.
// The offline skill (security-scan) stands in for an agent so that no
// provider is needed; the agent path is covered in tests/agent.
#include <catch2/catch.hpp>

#include <sstream>

#include "support/git_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRulesReviewConfig =
    "[hooks.post-commit]\nskills = [\"security-scan\"]\n"
    "[hooks.post-merge]\nskills = [\"security-scan\"]\n";

std::string fake_aws_key_line() { return std::string("aws_access_key_id = ") + "AK" + "IA" + "Q4XZ7RM2" + "PLW6VHN3\n"; }

std::string note_of(const GitRepo& repo, const std::string& rev) {
  auto r = repo.git("notes --ref=hookagent/security-scan show " + rev, true);
  if (r.exit_code != 0) return "";
  // Each review writes a "[hookagent] ..." line for git log and its JSON line: keep the JSON.
  std::string json_lines;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.starts_with("[hookagent] ")) json_lines += line + "\n";
  return json_lines;
}

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

void wait_for_jobs(const GitRepo& repo) {
  auto w = repo.hookagent("jobs wait --timeout 120");
  INFO(w.out << w.err);
  REQUIRE(w.exit_code == 0);
}

void setup(GitRepo& repo) {
  repo.write(".git/hookagent.toml", kRulesReviewConfig);
  auto r = repo.hookagent("install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("post-commit queues a background review whose note lands on the commit", "[background]") {
  GitRepo repo;
  setup(repo);
  REQUIRE(fs::exists(repo / ".git/hooks/post-commit"));
  repo.commit_file("a.txt", "hello\n");
  // The key goes in through --no-verify: pre-commit is skipped, post-commit is not.
  repo.write("keys.py", fake_aws_key_line());
  repo.git("add keys.py");
  repo.git("commit -q --no-verify -m key");
  wait_for_jobs(repo);

  auto note = note_of(repo, "HEAD");
  CHECK(note.find("\"tool\":\"hookagent\"") != std::string::npos);
  CHECK(note.find("aws-access-token") != std::string::npos);
  CHECK(note.find("Q4XZ7RM2PLW6VHN3") == std::string::npos);  // masked in notes too
  CHECK(count_lines(note_of(repo, "HEAD~1")) == 1);

  auto show = repo.hookagent("show");
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("security-scan") != std::string::npos);
  CHECK(show.out.find("keys.py:1") != std::string::npos);

  auto log = repo.git("log -1 --notes=hookagent/security-scan");
  CHECK(log.out.find("Notes (hookagent/security-scan)") != std::string::npos);

  auto jobs = repo.hookagent("jobs");
  CHECK(jobs.out.find("done") != std::string::npos);
  CHECK(jobs.out.find("post-commit") != std::string::npos);
}

TEST_CASE("a cherry-pick of several commits queues one review each and all land", "[background]") {
  GitRepo repo;
  repo.commit_file("base.txt", "base\n");
  repo.git("checkout -q -b topic");
  for (int i = 0; i < 6; ++i) repo.commit_file("f" + std::to_string(i) + ".txt", "x" + std::to_string(i) + "\n");
  repo.git("checkout -q main");
  setup(repo);
  repo.git("cherry-pick main..topic");
  wait_for_jobs(repo);
  auto revs = repo.git("rev-list main~6..main").out;
  int reviewed = 0;
  std::istringstream ids(revs);
  for (std::string id; std::getline(ids, id);) reviewed += count_lines(note_of(repo, id)) == 1;
  CHECK(reviewed == 6);
}

TEST_CASE("a rebase carries review notes to the rewritten commits without new jobs", "[background]") {
  GitRepo repo;
  setup(repo);
  repo.commit_file("base.txt", "base\n");
  repo.git("checkout -q -b topic");
  repo.commit_file("t1.txt", "t1\n");
  repo.commit_file("t2.txt", "t2\n");
  repo.git("checkout -q main");
  repo.commit_file("m.txt", "m\n");
  wait_for_jobs(repo);
  auto before = repo.hookagent("jobs").out;
  repo.git("checkout -q topic");
  repo.git("rebase -q main");
  wait_for_jobs(repo);
  CHECK(count_lines(note_of(repo, "HEAD")) == 1);
  CHECK(count_lines(note_of(repo, "HEAD~1")) == 1);
  // The rebased commits kept their reviews: no job was queued during the rebase.
  CHECK(count_lines(repo.hookagent("jobs").out) == count_lines(before));
}

TEST_CASE("an amend keeps the old review and queues one of the new commit", "[background]") {
  GitRepo repo;
  setup(repo);
  repo.commit_file("a.txt", "a\n");
  wait_for_jobs(repo);
  repo.write("a.txt", "a2\n");
  repo.git("commit -q -a --amend -m amended");
  wait_for_jobs(repo);
  // One line carried from the old commit, one from the new review; both JSON.
  CHECK(count_lines(note_of(repo, "HEAD")) == 2);
}

TEST_CASE("show survives a note line that is not JSON, and keeps it", "[background]") {
  GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  repo.git("notes --ref=hookagent/code-review add -m 'hand-written, not json' HEAD");
  auto show = repo.hookagent("show");
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("cannot read") != std::string::npos);
  CHECK(show.out.find("hand-written, not json") != std::string::npos);
  CHECK(repo.git("notes --ref=hookagent/code-review show HEAD").out.find("hand-written") != std::string::npos);
}

TEST_CASE("post-commit returns before the review is done and leaves git's fds alone", "[background]") {
  GitRepo repo;
  setup(repo);
  // If the worker held git's stdout pipe, this command substitution would wait for it.
  auto r = sh("out=$(git commit -q --allow-empty -m e 2>&1); echo \"rc=$?\"", repo.root(), repo.env());
  CHECK(r.out.find("rc=0") != std::string::npos);
  wait_for_jobs(repo);
}
