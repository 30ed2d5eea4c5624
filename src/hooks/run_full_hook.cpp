#include <cstdio>
#include <iostream>

#include "core/exit_codes.hpp"
#include "hooks/full_run.hpp"
#include "hooks/hook_work.hpp"
#include "hooks/receive_advice.hpp"
#include "hooks/server_side.hpp"
#include "hooks/warm_socket.hpp"
#include "report/terminal_sink.hpp"

namespace hookagent::hooks {

namespace {

// A blocking hook fails when either side fails; ours speaks first because its
// code says more (2 = config, 3 = internal) than the foreign hook's.
int combine(Hook hook, int ours, int chained) {
  if (!is_blocking(hook)) return chained;
  return ours != 0 ? ours : chained;
}

}  // namespace

int run_full_hook(const FullRunInput& input, const OfflineScan& scan) {
  const Hook hook = input.hook;
  if (auto reason = skip_reason_from_env(); !reason.empty()) {
    say(hook, "skipped (" + reason + ")");
    return input.chained_status;
  }
  std::error_code ec;
  auto cwd = input.cwd.empty() ? std::filesystem::current_path(ec) : input.cwd;
  auto repo = discover_repo_paths(cwd);
  if (!repo) {
    say(hook, repo.error().message());
    return combine(hook, exit_code_for(repo.error()), input.chained_status);
  }
  *repo = paths_seen_by(hook, std::move(*repo));
  auto config = load_config(default_config_sources(*repo));
  if (!config) {
    say(hook, config.error().message());
    return combine(hook, exit_code_for(config.error()), input.chained_status);
  }
  // The warm server runs offline checks only (its children carry its
  // environment and limits into nothing else); our hooks and `hookagent run`
  // ask it only for those, so only another client gets here.
  if (warm::served_by_warm_server() && hook_has_work(hook, *config) && !warm::warm_serves(hook, *config)) {
    say(hook, "the warm server runs offline checks only; run this hook without it (HOOKAGENT_WARM=0)");
    return kExitInternal;
  }
  for (const auto& line : config->untrusted_keys) say(hook, line);

  HookContext ctx{hook, input, *repo, *config, scan};
  int ours = kExitPass;
  if (hook_has_work(hook, *config)) {
    switch (hook) {
      case Hook::PreCommit:
        ours = run_pre_commit(ctx);
        break;
      case Hook::PrePush:
      case Hook::PreReceive:
        ours = run_push_scan(ctx);
        break;
      case Hook::PostCommit:
      case Hook::PostMerge:
        ours = run_post_commit(ctx);
        break;
      case Hook::PostRewrite:
        ours = run_post_rewrite(ctx);
        break;
      case Hook::PrepareCommitMsg:
        ours = run_prepare_commit_msg(ctx);
        break;
      case Hook::CommitMsg:
        ours = run_commit_msg(ctx);
        break;
      default:
        break;
    }
  }
  return combine(hook, ours, input.chained_status);
}

Result<scan::ScanResult> scan_for_hook(const HookContext& ctx, const scan::ScanRequest& request, int* exit_code) {
  const auto& hc = ctx.config.hook(std::string(hook_name(ctx.hook)));
  scan::ScanRequest asked = request;
  asked.inline_allow = hc.inline_allow;
  auto result = ctx.scan(asked, ctx.config, ctx.repo);
  if (result) return result;
  say(ctx.hook, result.error().message());
  if (result.error().kind == ErrorKind::Config || result.error().kind == ErrorKind::Usage ||
      result.error().kind == ErrorKind::Git)
    *exit_code = exit_code_for(result.error());
  else  // an engine failure follows on_error (DESIGN §7): allow says so and lets git go on
    *exit_code = hc.on_error == OnError::Block ? kExitInternal : kExitPass;
  return result;
}

int report_findings(const HookContext& ctx, const std::vector<Finding>& findings, RunSummary summary) {
  const auto& hc = ctx.config.hook(std::string(hook_name(ctx.hook)));
  bool blocked = false;
  if (hc.block_on)
    for (const auto& f : findings) blocked = blocked || blocks(f, *hc.block_on);
  summary.blocked = blocked;
  summary.block_threshold = hc.block_on ? std::string(to_string(*hc.block_on)) : "never";

  // Hooks print to stderr: git shows it to the user (and, for pre-receive, to the pusher).
  // A clean pass prints nothing: git's own output stays readable on every commit.
  if (!findings.empty()) {
    TerminalOptions options{should_use_color(ctx.input.no_color, 2), ctx.input.quiet};
    if (ctx.hook == Hook::PreReceive) options.suppress = receive_suppress_text(ctx.repo, hc);
    TerminalSink sink(std::cerr, options);
    for (const auto& f : findings) sink.finding(f);
    sink.finish(summary);
  }
  if (blocked && ctx.hook == Hook::PreReceive) {
    std::vector<Finding> blocking;
    for (const auto& f : findings)
      if (blocks(f, *hc.block_on)) blocking.push_back(f);
    print_receive_advice(std::cerr, blocking, ctx.repo, hc);
  }
  return blocked ? kExitBlocked : kExitPass;
}

int scan_and_report(const HookContext& ctx, const scan::ScanRequest& request) {
  int code = kExitPass;
  auto result = scan_for_hook(ctx, request, &code);
  if (!result) return code;
  return report_findings(ctx, result->findings, result->summary);
}

}  // namespace hookagent::hooks
