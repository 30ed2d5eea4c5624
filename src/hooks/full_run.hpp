#pragma once
// The full half of a hook: `hookagent run <hook>`, exec'd by the light hook
// binary only when the config says there is work. Links libgit2 and the scanner.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "git/repo_paths.hpp"
#include "hooks/hook.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::hooks {

struct FullRunInput {
  Hook hook = Hook::PreCommit;
  std::vector<std::string> args;  // git's hook arguments
  std::string stdin_data;         // the whole stdin for pre-push / pre-receive / post-rewrite
  int chained_status = 0;         // how the chained foreign hook ended (HOOKAGENT_CHAINED_STATUS)
  bool quiet = false;
  bool no_color = false;
  std::filesystem::path cwd;      // empty: the current directory
};

// The seam between hooks and the offline engine: what to scan in, findings out.
// Production passes scan::run_scan; tests may pass a recorder.
using OfflineScan = std::function<Result<scan::ScanResult>(const scan::ScanRequest&, const Config&,
                                                           const RepoPaths&)>;
OfflineScan default_offline_scan();

// Everything a hook's full run needs, passed down explicitly (STYLE §9).
struct HookContext {
  Hook hook;
  const FullRunInput& input;
  const RepoPaths& repo;
  const Config& config;
  const OfflineScan& scan;
};

// Runs the hook and returns the exit code git sees (combined with the chained
// hook's status: either one failing fails a blocking hook).
int run_full_hook(const FullRunInput& input, const OfflineScan& scan = default_offline_scan());

// Per-hook work (run_pre_commit.cpp, run_push_scan.cpp). Return our own exit code.
int run_pre_commit(const HookContext& ctx);
int run_push_scan(const HookContext& ctx);  // pre-push and pre-receive
int run_post_commit(const HookContext& ctx);   // post-commit, post-merge (queue, then worker)
int run_post_rewrite(const HookContext& ctx);  // carry notes, queue unreviewed rewrites
int run_prepare_commit_msg(const HookContext& ctx);  // draft a message (run_commit_msg.cpp)
int run_commit_msg(const HookContext& ctx);          // check the message

// Scans as asked, prints findings for people, and decides: kExitBlocked when a
// finding is at or above the hook's block_on, else kExitPass.
int scan_and_report(const HookContext& ctx, const scan::ScanRequest& request);
// The offline scan alone; on failure says why and sets *exit_code (on_error applies).
Result<scan::ScanResult> scan_for_hook(const HookContext& ctx, const scan::ScanRequest& request, int* exit_code);
// Prints findings for people and decides against the hook's block_on.
int report_findings(const HookContext& ctx, const std::vector<Finding>& findings, RunSummary summary);

}  // namespace hookagent::hooks
