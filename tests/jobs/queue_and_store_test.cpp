#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <atomic>
#include <thread>

#include "jobs/job_store.hpp"
#include "jobs/review_cache.hpp"
#include "jobs/usage_log.hpp"
#include "jobs/worker.hpp"
#include "jobs/worker_lock.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::jobs;
using hookagent::test::TempDir;

TEST_CASE("queued requests come back oldest first and can be taken once") {
  TempDir dir;
  JobQueue q(dir.path());
  auto a = q.push("post-commit", "aaaa", "code-review");
  auto b = q.push("post-commit", "bbbb", "code-review");
  REQUIRE(a);
  REQUIRE(b);
  auto pending = q.pending();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].commit == "aaaa");
  CHECK(pending[1].commit == "bbbb");
  CHECK(q.take(pending[0]));
  CHECK_FALSE(q.take(pending[0]));
  CHECK(q.pending().size() == 1);
}

TEST_CASE("a half-written queue entry left by a killed hook is ignored") {
  TempDir dir;
  JobQueue q(dir.path());
  REQUIRE(q.push("post-commit", "aaaa", "code-review"));
  test::write_file(q.dir() / "0000-broken.json", "{\"id\": \"0000-bro");
  CHECK(q.pending().size() == 1);
}

TEST_CASE("the worker lock admits one holder and frees itself when the holder dies") {
  TempDir dir;
  {
    auto first = WorkerLock::try_acquire(dir.path());
    REQUIRE(first);
    CHECK(WorkerLock::holder(dir.path()).find("pid " + std::to_string(getpid())) == 0);
    pid_t child = fork();
    if (child == 0) _exit(WorkerLock::try_acquire(dir.path()) ? 1 : 0);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 0);  // the child could not take it
  }
  CHECK(WorkerLock::holder(dir.path()).empty());
  // A holder killed with SIGKILL leaves no stale lock behind.
  pid_t holder = fork();
  if (holder == 0) {
    auto lock = WorkerLock::try_acquire(dir.path());
    pause();
    _exit(0);
  }
  for (int i = 0; i < 200 && WorkerLock::holder(dir.path()).empty(); ++i) usleep(5000);
  CHECK_FALSE(WorkerLock::holder(dir.path()).empty());
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  CHECK(WorkerLock::try_acquire(dir.path()).has_value());
}

TEST_CASE("draining runs every queued review once and records the outcome") {
  TempDir dir;
  JobQueue q(dir.path());
  for (int i = 0; i < 5; ++i) REQUIRE(q.push("post-commit", "c" + std::to_string(i), "code-review"));
  int calls = 0;
  auto result = drain_queue(dir.path(), [&](JobRecord& r) {
    ++calls;
    r.findings = 2;
    if (r.request.commit == "c3") {
      r.status = JobStatus::Failed;
      r.error = "provider timed out";
    }
  });
  CHECK(result.ran == 5);
  CHECK(calls == 5);
  CHECK(q.pending().empty());
  JobStore store(dir.path());
  auto records = store.list();
  REQUIRE(records.size() == 5);
  int failed = 0;
  for (auto& r : records) {
    CHECK(r.finished());
    if (r.status == JobStatus::Failed) {
      ++failed;
      CHECK(r.error == "provider timed out");
    }
  }
  CHECK(failed == 1);
}

TEST_CASE("a record left running by a dead worker is reaped as failed") {
  TempDir dir;
  JobStore store(dir.path());
  JobRecord r;
  r.request.id = new_job_id();
  r.status = JobStatus::Running;
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  r.pid = child;  // exited and reaped: no such process now
  REQUIRE(store.save(r));
  store.reap_dead_workers();
  auto back = store.load(r.request.id);
  REQUIRE(back);
  CHECK(back->status == JobStatus::Failed);
  CHECK(back->error.find("died") != std::string::npos);
}

TEST_CASE("job ids can be found by a unique prefix") {
  TempDir dir;
  JobStore store(dir.path());
  JobRecord r;
  r.request.id = "00112233445566778-abcd";
  r.status = JobStatus::Done;
  REQUIRE(store.save(r));
  CHECK(store.find("0011")->request.id == r.request.id);
  CHECK_FALSE(store.find("ff"));
}

TEST_CASE("usage sums by skill, hook and day") {
  TempDir dir;
  UsageLog log(dir.path());
  REQUIRE(log.append({"2026-11-24T10:00:00Z", "code-review", "post-commit", "m", 100, 10, 0.5, false}));
  REQUIRE(log.append({"2026-11-25T10:00:00Z", "code-review", "post-merge", "m", 50, 5, 0.25, false}));
  REQUIRE(log.append({"2026-11-25T11:00:00Z", "security-scan", "pre-commit", "m", 0, 0, 0, true}));
  auto records = log.read();
  REQUIRE(records.size() == 3);
  auto by_skill = sum_usage(records, "skill");
  CHECK(by_skill["code-review"].runs == 2);
  CHECK(by_skill["code-review"].input_tokens == 150);
  CHECK(by_skill["security-scan"].cached_runs == 1);
  auto by_day = sum_usage(records, "day");
  CHECK(by_day.size() == 2);
  CHECK(by_day["2026-11-25"].cost_usd == Approx(0.25));
  CHECK(sum_usage(records, "hook").size() == 3);
}

TEST_CASE("the review cache key changes with every part of the review") {
  ReviewKey k{"code-review", "model-a", "diff", "Read"};
  auto base = cache_key(k);
  CHECK(base.size() == 64);
  CHECK(cache_key(k) == base);
  for (auto* field : {&k.skill, &k.model, &k.redacted_input, &k.policy}) {
    ReviewKey changed = k;
    auto* f = field == &k.skill ? &changed.skill : field == &k.model ? &changed.model
              : field == &k.redacted_input ? &changed.redacted_input : &changed.policy;
    *f += "x";
    CHECK(cache_key(changed) != base);
  }
  // Field boundaries matter: ("ab","c") is not ("a","bc").
  CHECK(cache_key({"ab", "c", "", ""}) != cache_key({"a", "bc", "", ""}));
  TempDir dir;
  ReviewCache cache(dir.path());
  CHECK_FALSE(cache.get(base));
  REQUIRE(cache.put(base, "{\"v\":1}"));
  CHECK(cache.get(base) == std::optional<std::string>("{\"v\":1}"));
}

TEST_CASE("a job moving from the queue to its record is always listed in one place or the other") {
  // The worker's order (record saved, then the queue entry taken) against a
  // reader listing all the while: `jobs wait` returned early when list() read
  // the records before the queue and a job moved in between.
  TempDir dir;
  JobQueue q(dir.path());
  JobStore store(dir.path());
  constexpr int kJobs = 300;
  for (int i = 0; i < kJobs; ++i) REQUIRE(q.push("post-commit", "c" + std::to_string(i), "code-review"));
  std::atomic<bool> done{false};
  std::thread worker([&] {
    for (auto& request : q.pending()) {
      JobRecord record;
      record.request = request;
      record.status = JobStatus::Running;
      (void)store.save(record);
      q.take(request);
    }
    done = true;
  });
  int lists = 0, short_lists = 0;
  while (!done || lists == 0) {
    if (store.list().size() != kJobs) ++short_lists;
    ++lists;
  }
  worker.join();
  INFO(lists << " listings taken while jobs moved");
  CHECK(short_lists == 0);
  CHECK(store.list().size() == kJobs);
}
