#pragma once
// The background worker: drains the queue one request at a time while holding
// the worker lock, recording each job. `hookagent jobs run` is this loop.
#include <filesystem>
#include <functional>

#include "jobs/job_store.hpp"

namespace hookagent::jobs {

// Runs one review and fills in the outcome fields of `record` (status, error,
// findings, usage). It must not throw; a failure is status Failed with a reason.
using ReviewRunner = std::function<void(JobRecord& record)>;

struct DrainResult {
  int ran = 0;
  bool lock_busy = false;  // another worker holds the lock; it will drain our requests
};

DrainResult drain_queue(const std::filesystem::path& common_dir, const ReviewRunner& run_one);

}  // namespace hookagent::jobs
