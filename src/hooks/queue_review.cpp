#include "hooks/queue_review.hpp"

#include <cstdlib>

#include "core/paths.hpp"
#include "git/head_reader.hpp"
#include "jobs/detach.hpp"
#include "jobs/job_queue.hpp"
#include "jobs/rewrite_state.hpp"
#include "jobs/worker_lock.hpp"

namespace hookagent::hooks {

Status queue_reviews(Hook hook, const RepoPaths& repo, const Config& config,
                     const std::vector<std::string>& commits) {
  const std::string name(hook_name(hook));
  jobs::JobQueue queue(repo.common_dir);
  for (const auto& commit : commits)
    for (const auto& skill : config.hook(name).skills)
      if (auto pushed = queue.push(name, commit, skill); !pushed) return std::unexpected(pushed.error());
  return ok();
}

Status start_worker(const RepoPaths& repo) {
  if (!jobs::WorkerLock::holder(repo.common_dir).empty()) return ok();
  // The index git handed to this hook is gone by the time the worker reads
  // anything; the worker reviews commits, never the index.
  unsetenv("GIT_INDEX_FILE");
  std::string dir = repo.work_tree.empty() ? repo.git_dir.string() : repo.work_tree.string();
  return jobs::spawn_detached({hookagent_binary().string(), "-C", dir, "--quiet", "jobs", "run"},
                              jobs::state_dir(repo.common_dir) / "worker.log");
}

Status queue_head_for_review(Hook hook, const RepoPaths& repo, const Config& config) {
  if (jobs::rebase_in_progress(repo.git_dir)) return ok();
  auto head = read_head_commit(repo);
  if (!head) return std::unexpected(head.error());
  if (auto queued = queue_reviews(hook, repo, config, {*head}); !queued) return queued;
  return start_worker(repo);
}

}  // namespace hookagent::hooks
