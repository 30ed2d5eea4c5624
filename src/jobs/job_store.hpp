#pragma once
// What happened to every background review, for `hookagent jobs`. One JSON file
// per job under <common git dir>/hookagent/jobs/, replaced atomically on update
// so a killed worker leaves either the old or the new record, never half of one.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "jobs/job_queue.hpp"

namespace hookagent::jobs {

enum class JobStatus { Queued, Running, Done, Failed, Cancelled, Cached };
std::string_view to_string(JobStatus s);
std::optional<JobStatus> parse_job_status(std::string_view s);

struct JobRecord {
  JobRequest request;
  JobStatus status = JobStatus::Queued;
  int pid = 0;                 // of the worker running it
  long long started_at = 0;    // unix seconds
  long long finished_at = 0;
  std::string error;           // one line when Failed
  int findings = 0;
  long long input_tokens = 0;
  long long output_tokens = 0;
  double cost_usd = 0;
  std::string model;

  bool finished() const {
    return status == JobStatus::Done || status == JobStatus::Failed || status == JobStatus::Cancelled ||
           status == JobStatus::Cached;
  }
};

class JobStore {
 public:
  explicit JobStore(const std::filesystem::path& common_dir);

  Status save(const JobRecord& record) const;
  Result<JobRecord> load(const std::string& id) const;
  // Newest first; queued requests that have no record yet are included.
  std::vector<JobRecord> list() const;
  // A job whose id starts with `prefix`; error when none or ambiguous.
  Result<JobRecord> find(const std::string& prefix) const;
  std::filesystem::path log_path(const std::string& id) const;

  // A record left Running by a worker that no longer exists (killed, machine
  // rebooted) is turned into Failed with a reason, so nothing waits on it forever.
  void reap_dead_workers() const;

 private:
  std::filesystem::path dir_;
  std::filesystem::path logs_;
  std::filesystem::path common_dir_;
};

}  // namespace hookagent::jobs
