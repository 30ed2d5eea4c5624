// pre-push and pre-receive: scan the commits being pushed.
//   pre-push: the commits not yet on any ref of the remote
//     (`rev-list <local> --not --remotes=<remote>`, githooks(5) args: remote name, url);
//   pre-receive: the commits no existing ref reaches, still in quarantine.
#include <cstdio>

#include "core/exit_codes.hpp"
#include "git/push_input.hpp"
#include "git/repository.hpp"
#include "hooks/full_run.hpp"

namespace hookagent::hooks {

namespace {

int report_error(const HookContext& ctx, const Error& e) {
  say(ctx.hook, e.message());
  return exit_code_for(e);
}

}  // namespace

int run_push_scan(const HookContext& ctx) {
  auto repo = Repository::open(ctx.repo);
  if (!repo) return report_error(ctx, repo.error());

  Result<std::vector<std::string>> commits = std::vector<std::string>{};
  if (ctx.hook == Hook::PrePush) {
    auto updates = parse_pre_push_lines(ctx.input.stdin_data);
    if (!updates) return report_error(ctx, updates.error());
    const std::string remote = ctx.input.args.empty() ? "origin" : ctx.input.args[0];
    commits = repo->new_commits_for_push(remote, *updates);
  } else {
    auto updates = parse_pre_receive_lines(ctx.input.stdin_data);
    if (!updates) return report_error(ctx, updates.error());
    commits = repo->new_commits_for_receive(*updates);
  }
  if (!commits) return report_error(ctx, commits.error());
  if (commits->empty()) return kExitPass;  // deletions only, or nothing new

  scan::ScanRequest request;
  request.scope = scan::ScanScope::Range;
  request.commits = std::move(*commits);
  return scan_and_report(ctx, request);
}

}  // namespace hookagent::hooks
