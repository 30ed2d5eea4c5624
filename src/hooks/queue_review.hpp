#pragma once
// post-commit and post-merge in the light hook binary: queue the review and
// detach a worker, so git gets control back in a few milliseconds (issue 5:
// post-commit returns in 20 ms or less with a review configured).
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "git/repo_paths.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

// One request per (commit, skill of the hook's config).
Status queue_reviews(Hook hook, const RepoPaths& repo, const Config& config,
                     const std::vector<std::string>& commits);

// Starts `hookagent jobs run` detached, unless a live worker already holds the
// lock (it re-reads the queue before it exits, so it takes our requests too).
Status start_worker(const RepoPaths& repo);

// What the light post-commit / post-merge hook does: queue HEAD for review
// (nothing during a rebase: post-rewrite queues the rewritten commits once).
Status queue_head_for_review(Hook hook, const RepoPaths& repo, const Config& config);

}  // namespace hookagent::hooks
