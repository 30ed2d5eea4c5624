#include "jobs/worker.hpp"

#include <unistd.h>

#include <chrono>

#include "jobs/worker_lock.hpp"

namespace hookagent::jobs {

namespace {
long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

DrainResult drain_queue(const std::filesystem::path& common_dir, const ReviewRunner& run_one) {
  DrainResult result;
  JobQueue queue(common_dir);
  JobStore store(common_dir);
  // Re-check after releasing the lock: a hook may have queued a request and
  // seen the lock busy just before we let go of it.
  while (true) {
    auto lock = WorkerLock::try_acquire(common_dir);
    if (!lock) {
      result.lock_busy = true;
      return result;
    }
    store.reap_dead_workers();
    for (auto& request : queue.pending()) {
      JobRecord record;
      record.request = request;
      record.status = JobStatus::Running;
      record.pid = getpid();
      record.started_at = now_seconds();
      // The record first, then the queue entry goes: `jobs wait` must never
      // see the job in neither place and think everything is done.
      (void)store.save(record);
      if (!queue.take(request)) {  // `jobs cancel` took it first
        record.status = JobStatus::Cancelled;
        record.error = "cancelled before it started";
        record.finished_at = now_seconds();
        (void)store.save(record);
        continue;
      }
      run_one(record);
      if (record.status == JobStatus::Running) record.status = JobStatus::Done;
      record.finished_at = now_seconds();
      (void)store.save(record);
      ++result.ran;
    }
    lock.reset();
    if (queue.pending().empty()) return result;
  }
}

}  // namespace hookagent::jobs
