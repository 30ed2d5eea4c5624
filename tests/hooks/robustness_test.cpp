// Background agent reviews against bad conditions (issue 5, "Bad input"):
// concurrent workers and writers, a provider that dies mid-review, a worker
// killed half-way, a notes ref moved or filled by someone else, `git gc`, and
// the repository deleted under a running job. No note is lost or corrupted,
// no lock outlives its holder, and `hookagent jobs` says what failed.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "agent_hook_fixture.hpp"
#include "dir_snapshot.hpp"

using namespace hookagent::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kBackgroundConfig =
    "[hooks.pre-commit]\nagent = \"never\"\n"
    "[hooks.post-commit]\nskills = [\"code-review\"]\ntimeout = \"20s\"\n";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// A repo with a base commit (made before install: no review) and hooks installed.
void setup(AgentHookRepo& fx, const std::string& base_url = {}) {
  fx.configure(kBackgroundConfig, base_url);
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.install();
}

std::string commit_change(AgentHookRepo& fx, const std::string& file, const std::string& content) {
  fx.repo.write(file, content);
  fx.repo.git("add -- " + file);
  auto r = fx.run("git commit -q -m 'change " + file + "'");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return fx.repo.head();
}

std::string status_of(const std::string& note_line) {
  auto j = json::parse(note_line, nullptr, false);
  return j.is_object() ? j.value("status", "") : "";
}

// The newest job record of the repository, as the worker wrote it.
json newest_job(const AgentHookRepo& fx) {
  json newest;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(fx.repo / ".git/hookagent/jobs", ec)) {
    if (e.path().extension() != ".json" || e.path().filename().string()[0] == '.') continue;
    auto j = json::parse(read_file(e.path()), nullptr, false);
    if (j.is_object() && (newest.is_null() || j.value("id", "") > newest.value("id", ""))) newest = j;
  }
  return newest;
}

bool server_saw(const AgentHookRepo& fx, size_t n) { return fx.server && fx.server->requests().size() >= n; }

// Holds the worker lock as a live worker would, so that hooks queue without
// starting one and the test can run `hookagent jobs run` itself.
class HeldWorkerLock {
 public:
  explicit HeldWorkerLock(const fs::path& common_dir) {
    fs::create_directories(common_dir / "hookagent");
    fd_ = open((common_dir / "hookagent/worker.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(fd_ >= 0);
    REQUIRE(flock(fd_, LOCK_EX | LOCK_NB) == 0);
  }
  ~HeldWorkerLock() { release(); }
  void release() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace

TEST_CASE("20 concurrent commits in worktrees and 20 concurrent workers lose no note", "[robustness][concurrency]") {
  AgentHookRepo fx;
  setup(fx);
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Looks fine.")});
  fs::path wt = fx.repo.root().parent_path() / "wt";
  for (int i = 1; i <= 20; ++i) fx.repo.git("worktree add -q '" + wt.string() + std::to_string(i) + "' -b b" + std::to_string(i));
  std::string script;
  for (int i = 1; i <= 20; ++i) {
    std::string n = std::to_string(i);
    script += "(cd '" + wt.string() + n + "' && echo " + n + " > f" + n + ".txt && git add f" + n +
              ".txt && git commit -q -m c" + n + " || echo \"commit " + n + " failed\") &\n";
    script += "('" + hookagent_bin() + "' --quiet jobs run || echo \"worker " + n + " failed\") &\n";
  }
  script += "wait\n";
  auto r = fx.run(script);
  INFO(r.out << r.err);
  CHECK(r.out.find("failed") == std::string::npos);
  auto waited = fx.hookagent("jobs wait --timeout 180");
  INFO(waited.out << waited.err << fx.hookagent("jobs").out);
  REQUIRE(waited.exit_code == 0);

  std::set<std::string> commits;
  for (int i = 1; i <= 20; ++i) {
    auto lines = lines_of(fx.note("b" + std::to_string(i)));
    INFO("branch b" << i);
    REQUIRE(lines.size() == 1);
    CHECK(status_of(lines[0]) == "pass");
    commits.insert(json::parse(lines[0])["commit"].get<std::string>());
  }
  CHECK(commits.size() == 20);
  CHECK(lines_of(fx.repo.git("notes --ref=hookagent/code-review list").out).size() == 20);
  CHECK(fx.repo.git("fsck --no-progress", true).exit_code == 0);
}

TEST_CASE("a provider that dies mid-review: the job fails with a clear record and an error line",
          "[robustness][provider]") {
  AgentHookRepo fx;
  setup(fx);
  fx.server->push({200, ScriptedProvider::anthropic_text("First review: fine.")});
  commit_change(fx, "app.py", "x = 1\n");
  REQUIRE(fx.wait_for_jobs() == 0);
  auto first = lines_of(fx.note("HEAD"));
  REQUIRE(first.size() == 1);

  // The amend carries that review to the new commit; its own review then
  // loses the provider after one slow turn.
  fx.server->push({200, ScriptedProvider::anthropic_tools({{"r1", "Read", {{"file_path", "app.py"}}}}), {},
                   std::chrono::milliseconds(1500)});
  fx.repo.write("app.py", "x = 2\n");
  auto amend = fx.run("git commit -q -a --amend -m again");
  INFO(amend.out << amend.err);
  REQUIRE(amend.exit_code == 0);
  REQUIRE(eventually([&] { return server_saw(fx, 2); }));
  fx.stop_server();  // waits for the slow turn to be answered, then closes the port

  CHECK(fx.wait_for_jobs() == 3);  // a job failed
  auto job = newest_job(fx);
  CHECK(job["status"] == "failed");
  std::string error = job["error"];
  CHECK_FALSE(error.empty());
  auto jobs = fx.hookagent("jobs");
  INFO(jobs.out);
  CHECK(jobs.out.find("failed") != std::string::npos);
  CHECK(jobs.out.find(error.substr(0, 40)) != std::string::npos);

  auto lines = lines_of(fx.note("HEAD"));
  REQUIRE(lines.size() == 2);
  CHECK(std::count(lines.begin(), lines.end(), first[0]) == 1);  // the earlier line, byte for byte
  int errors = 0;
  for (auto& l : lines) {
    if (status_of(l) != "error") continue;
    ++errors;
    auto entry = json::parse(l);
    CHECK(entry["model"] == "claude-sonnet-4-5");  // the model that failed, not "rules"
    CHECK(entry["summary"].get<std::string>().find("agent review failed") != std::string::npos);
  }
  CHECK(errors == 1);
  auto show = fx.hookagent("show");
  CHECK(show.out.find("error") != std::string::npos);
}

TEST_CASE("a worker killed half-way is recorded as died and leaves no lock behind", "[robustness][kill]") {
  SilentListener silent;
  AgentHookRepo fx;
  setup(fx, silent.base_url());  // the review hangs in its first request
  auto killed = commit_change(fx, "a.py", "a = 1\n");
  json job;
  REQUIRE(eventually([&] {
    job = newest_job(fx);
    return job.is_object() && job.value("status", "") == "running" && job.value("pid", 0) > 0;
  }));
  // Queued behind the hanging review: the busy worker was to take it next.
  auto orphaned = commit_change(fx, "b.py", "b = 2\n");
  pid_t pid = job["pid"];
  REQUIRE(kill(pid, SIGKILL) == 0);
  REQUIRE(eventually([&] { return !process_running(pid); }));

  auto jobs = fx.hookagent("jobs");
  INFO(jobs.out << jobs.err);
  CHECK(jobs.out.find("failed") != std::string::npos);
  CHECK(jobs.out.find("worker died") != std::string::npos);
  CHECK(jobs.out.find("worker: pid") == std::string::npos);  // nobody holds the lock
  CHECK(jobs.out.find("no worker is running") != std::string::npos);
  CHECK(newest_job(fx)["status"] == "failed");

  // Against a live provider now: `jobs wait` starts a worker for the orphaned
  // request, and the next commit's review runs as usual.
  fx.configure(kBackgroundConfig);
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Fine.")});
  CHECK(fx.wait_for_jobs() == 3);  // 3: one job (the killed one) failed
  CHECK(status_of(lines_of(fx.note(orphaned)).at(0)) == "pass");
  auto third = commit_change(fx, "c.py", "c = 3\n");
  REQUIRE(eventually([&] { return !fx.note(third).empty(); }, 60));
  CHECK(status_of(lines_of(fx.note(third)).at(0)) == "pass");
  CHECK(fx.note(killed).empty());  // the killed review wrote nothing half-done
}

TEST_CASE("notes written by hand during a job, on another commit and on the same one, are all kept",
          "[robustness][notes]") {
  AgentHookRepo fx;
  setup(fx);
  auto other = fx.repo.head();
  fx.server->push({200, ScriptedProvider::anthropic_text("Reviewed."), {}, std::chrono::milliseconds(1500)});
  auto reviewed = commit_change(fx, "app.py", "x = 1\n");
  REQUIRE(eventually([&] { return server_saw(fx, 1); }));
  // Someone else moves the notes ref while the review is in flight.
  fx.repo.git("notes --ref=hookagent/code-review add -m 'by hand, on the base commit' " + other);
  fx.repo.git("notes --ref=hookagent/code-review add -m 'not json at all' " + reviewed);
  REQUIRE(fx.wait_for_jobs() == 0);

  CHECK(fx.note(other) == "by hand, on the base commit\n");
  auto lines = lines_of(fx.note(reviewed));
  REQUIRE(lines.size() == 2);
  CHECK(std::count(lines.begin(), lines.end(), "not json at all") == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](auto& l) { return status_of(l) == "pass"; }) == 1);

  auto show = fx.hookagent("show");
  INFO(show.out << show.err);
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("cannot read") != std::string::npos);
  CHECK(show.out.find("not json at all") != std::string::npos);
  CHECK(show.out.find("code-review (post-commit") != std::string::npos);
}

TEST_CASE("git gc during a job: the note is written and the repository stays sound", "[robustness][gc]") {
  AgentHookRepo fx;
  setup(fx);
  fx.server->push({200, ScriptedProvider::anthropic_text("First.")});
  auto first = commit_change(fx, "a.py", "a = 1\n");
  REQUIRE(fx.wait_for_jobs() == 0);
  fx.server->push({200, ScriptedProvider::anthropic_text("Second."), {}, std::chrono::milliseconds(1500)});
  auto second = commit_change(fx, "b.py", "b = 2\n");
  REQUIRE(eventually([&] { return server_saw(fx, 2); }));
  fx.repo.git("gc -q");  // packs the notes ref and every object while the job waits
  REQUIRE(fx.wait_for_jobs() == 0);

  CHECK(lines_of(fx.note(first)).size() == 1);
  auto lines = lines_of(fx.note(second));
  REQUIRE(lines.size() == 1);
  CHECK(json::parse(lines[0])["summary"] == "Second.");
  CHECK(fx.repo.git("fsck --no-progress", true).exit_code == 0);
}

TEST_CASE("a repository deleted while a job runs: the worker exits cleanly and writes nothing",
          "[robustness][deleted]") {
  AgentHookRepo fx;
  setup(fx);
  fs::path root = fx.repo.root();
  {
    // Queue the review without a detached worker, to run one we can watch.
    HeldWorkerLock lock(root / ".git");
    fx.server->push({200, ScriptedProvider::anthropic_text("Too late."), {}, std::chrono::milliseconds(1500)});
    commit_change(fx, "app.py", "x = 1\n");
  }
  // Everything around the repository: the fixture HOME and the temp dir
  // itself, except the per-user cache of compiled rule databases.
  auto around = [&] {
    auto all = snapshot(root.parent_path());
    std::erase_if(all, [](const auto& kv) {
      return kv.first.rfind("repo", 0) == 0 || kv.first.rfind("home/.cache/hookagent/", 0) == 0;
    });
    return all;
  };
  auto before = around();
  ProcessResult worker;
  std::thread run([&] {
    worker = sh("'" + hookagent_bin() + "' -C '" + root.string() + "' jobs run", root.parent_path(), fx.env());
  });
  REQUIRE(eventually([&] { return server_saw(fx, 1); }));
  fs::remove_all(root);
  run.join();
  INFO(worker.out << worker.err);
  CHECK(worker.exit_code < 128);  // not killed by a signal (no crash, no abort)
  CHECK(worker.err.find("terminate") == std::string::npos);
  CHECK(worker.err.find("another worker") == std::string::npos);  // this worker ran the job
  CHECK_FALSE(fs::exists(root));  // no state directory recreated where the repo was
  auto after = around();
  std::string listing;
  for (auto& [path, state] : after) listing += path + (before.count(path) ? "\n" : " (new)\n");
  INFO(listing);
  CHECK(after == before);  // and nothing written next to it
}
