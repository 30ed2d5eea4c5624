#pragma once
// Review requests waiting for the background worker. A hook only drops a small
// file here and starts a worker; one worker at a time drains the queue, so a
// cherry-pick of 200 commits queues 200 requests but runs one process.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace hookagent::jobs {

struct JobRequest {
  std::string id;       // also the file name; sortable by creation time
  std::string hook;     // post-commit | post-merge | post-rewrite | manual
  std::string commit;   // full hex id of the commit to review
  std::string skill;    // skill to run
  long long queued_at = 0;  // unix seconds
};

// <common git dir>/hookagent, created on first use.
std::filesystem::path state_dir(const std::filesystem::path& common_dir);

// Creates `dir`, which is state_dir(common_dir) or one of its children, one
// level at a time and never the common dir itself: a repository deleted under
// a running job must not come back as a stray .git/hookagent/ tree.
Status make_state_dir(const std::filesystem::path& common_dir, const std::filesystem::path& dir);

class JobQueue {
 public:
  explicit JobQueue(std::filesystem::path common_dir);

  // Atomically adds a request (write to a temp file, then rename).
  Result<JobRequest> push(const std::string& hook, const std::string& commit, const std::string& skill);
  // Oldest first.
  std::vector<JobRequest> pending() const;
  // Takes one request out of the queue; false when another worker took it first.
  bool take(const JobRequest& request);
  std::filesystem::path dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

std::string new_job_id();

}  // namespace hookagent::jobs
