// post-commit and post-merge with `background = false` (the review runs while
// git waits), and post-rewrite: notes follow amended and rebased commits, and
// rewritten commits that carry no review are queued once, after the rebase.
#include <cstdio>
#include <sstream>

#include "core/exit_codes.hpp"
#include "git/notes_store.hpp"
#include "git/ref_list.hpp"
#include "git/repository.hpp"
#include "hooks/background_review.hpp"
#include "hooks/full_run.hpp"
#include "hooks/queue_review.hpp"
#include "jobs/worker.hpp"

namespace hookagent::hooks {

namespace {

void say(const HookContext& ctx, const std::string& line) { hooks::say(ctx.hook, line); }

struct Rewrite {
  std::string old_id;
  std::string new_id;
};

// githooks(5): post-rewrite reads "<old-sha> SP <new-sha> [SP <extra-info>] LF".
std::vector<Rewrite> parse_rewrites(const std::string& input) {
  std::vector<Rewrite> out;
  std::istringstream lines(input);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    Rewrite r;
    if (words >> r.old_id >> r.new_id) out.push_back(r);
  }
  return out;
}

}  // namespace

int run_post_commit(const HookContext& ctx) {
  auto repo = Repository::open(ctx.repo);
  if (!repo) {
    say(ctx, repo.error().message());
    return kExitPass;
  }
  auto head = repo->resolve_commit("HEAD");
  if (!head) {
    say(ctx, head.error().message());
    return kExitPass;
  }
  if (auto queued = queue_reviews(ctx.hook, ctx.repo, ctx.config, {*head}); !queued) {
    say(ctx, queued.error().message());
    return kExitPass;
  }
  if (ctx.config.hook(std::string(hook_name(ctx.hook))).background) {
    if (auto started = start_worker(ctx.repo); !started) say(ctx, started.error().message());
    return kExitPass;
  }
  jobs::drain_queue(ctx.repo.common_dir, [&](jobs::JobRecord& record) { run_background_review(ctx.repo, record); });
  return kExitPass;
}

int run_post_rewrite(const HookContext& ctx) {
  auto rewrites = parse_rewrites(ctx.input.stdin_data);
  if (rewrites.empty()) return kExitPass;
  auto repo = Repository::open(ctx.repo);
  if (!repo) {
    say(ctx, repo.error().message());
    return kExitPass;
  }
  // git copies notes itself when notes.rewriteRef covers them (install sets
  // it); carrying here too covers repos where it is not set. carry() never
  // repeats a line, so doing both is harmless.
  auto refs = list_refs(*repo, "refs/notes/hookagent/*");
  if (!refs) {
    say(ctx, refs.error().message());
    return kExitPass;
  }
  NotesStore notes(*repo);
  std::vector<std::string> unreviewed;
  for (const auto& r : rewrites) {
    bool carried = false;
    for (const auto& ref : *refs) {
      auto c = notes.carry(ref, r.old_id, r.new_id);
      if (!c) say(ctx, c.error().message());
      else carried = carried || *c;
    }
    // An amend fires post-commit, which already queued the new commit. During a
    // rebase post-commit queues nothing; a carried review stands, and commits
    // without one are queued once, here.
    const std::string kind = ctx.input.args.empty() ? "" : ctx.input.args[0];
    if (kind != "amend" && !carried) unreviewed.push_back(r.new_id);
  }
  const Config& config = ctx.config;
  // Reviews use the post-commit configuration: a rewrite makes new commits.
  const HookConfig& post_commit = config.hook("post-commit");
  if (unreviewed.empty() || !post_commit.enabled || post_commit.skills.empty()) return kExitPass;
  if (auto queued = queue_reviews(Hook::PostCommit, ctx.repo, config, unreviewed); !queued) {
    say(ctx, queued.error().message());
    return kExitPass;
  }
  if (auto started = start_worker(ctx.repo); !started) say(ctx, started.error().message());
  return kExitPass;
}

}  // namespace hookagent::hooks
