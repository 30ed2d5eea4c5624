// `hookagent jobs`: the background reviews of this repository.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "cli/cli_support.hpp"
#include "core/exit_codes.hpp"
#include "hooks/background_review.hpp"
#include "hooks/queue_review.hpp"
#include "jobs/job_store.hpp"
#include "jobs/usage_log.hpp"
#include "jobs/worker.hpp"
#include "jobs/worker_lock.hpp"

namespace hookagent::cli {
namespace fs = std::filesystem;

namespace {

std::string when(long long t) {
  if (t == 0) return "-";
  char buf[32];
  std::time_t tt = static_cast<std::time_t>(t);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&tt));
  return buf;
}

// Requests wait in the queue with no worker to take them when the worker that
// would have drained them died (killed, machine rebooted) before it got there.
bool queued_without_worker(const fs::path& common_dir, const std::vector<jobs::JobRecord>& records) {
  bool queued = std::any_of(records.begin(), records.end(),
                            [](const auto& r) { return r.status == jobs::JobStatus::Queued; });
  return queued && jobs::WorkerLock::holder(common_dir).empty();
}

int list_jobs(const CliState& state) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  jobs::JobStore store(paths->common_dir);
  store.reap_dead_workers();
  auto records = store.list();
  if (records.empty()) {
    std::cout << "no background jobs yet (post-commit, post-merge and post-rewrite queue them)\n";
    return kExitPass;
  }
  std::printf("%-21s %-10s %-13s %-12s %-9s %-19s %s\n", "ID", "STATUS", "HOOK", "SKILL", "COMMIT", "QUEUED",
              "RESULT");
  for (auto& r : records) {
    std::string result = r.status == jobs::JobStatus::Failed ? r.error
                         : r.finished() ? std::to_string(r.findings) + " finding(s)"
                                        : "";
    if (r.status == jobs::JobStatus::Cached) result += " (cached, 0 tokens)";
    std::printf("%-21s %-10s %-13s %-12s %-9.9s %-19s %s\n", r.request.id.c_str(),
                std::string(to_string(r.status)).c_str(), r.request.hook.c_str(), r.request.skill.c_str(),
                r.request.commit.c_str(), when(r.request.queued_at).c_str(), result.c_str());
  }
  if (auto holder = jobs::WorkerLock::holder(paths->common_dir); !holder.empty())
    std::cout << "worker: " << holder << "\n";
  else if (queued_without_worker(paths->common_dir, records))
    std::cout << "no worker is running for the queued reviews: 'hookagent jobs run' or 'hookagent jobs wait' "
                 "starts one\n";
  return kExitPass;
}

int show_log(const CliState& state, const std::string& id) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  jobs::JobStore store(paths->common_dir);
  auto rec = store.find(id);
  if (!rec) return report_error(rec.error());
  std::ifstream in(store.log_path(rec->request.id));
  if (!in) {
    std::cout << "job " << rec->request.id << " (" << to_string(rec->status) << ") has no log yet\n";
    return kExitPass;
  }
  std::cout << in.rdbuf();
  return kExitPass;
}

int wait_jobs(const CliState& state, const std::string& id, double timeout_s) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  jobs::JobStore store(paths->common_dir);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(timeout_s * 1000));
  auto next_start = std::chrono::steady_clock::now();
  while (true) {
    store.reap_dead_workers();
    // Waiting on queued reviews that no worker will take would only time out:
    // start one (at most every 2 s, while a started worker takes the lock).
    if (std::chrono::steady_clock::now() >= next_start && queued_without_worker(paths->common_dir, store.list())) {
      if (auto started = hooks::start_worker(*paths); !started) return report_error(started.error());
      next_start = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
    bool pending = false;
    bool any_failed = false;
    if (!id.empty()) {
      auto rec = store.find(id);
      if (!rec) return report_error(rec.error());
      pending = !rec->finished();
      any_failed = rec->status == jobs::JobStatus::Failed;
    } else {
      for (auto& r : store.list()) {
        pending = pending || !r.finished();
        any_failed = any_failed || r.status == jobs::JobStatus::Failed;
      }
    }
    if (!pending) return any_failed ? kExitInternal : kExitPass;
    if (std::chrono::steady_clock::now() > deadline) {
      std::cerr << "hookagent: jobs still running after " << timeout_s
                << "s (see 'hookagent jobs'; 'hookagent jobs cancel ID' stops one)\n";
      return kExitInternal;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int cancel_job(const CliState& state, const std::string& id) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  jobs::JobStore store(paths->common_dir);
  auto rec = store.find(id);
  if (!rec) return report_error(rec.error());
  if (rec->finished()) {
    std::cout << "job " << rec->request.id << " already " << to_string(rec->status) << "\n";
    return kExitPass;
  }
  if (rec->status == jobs::JobStatus::Queued) {
    if (!jobs::JobQueue(paths->common_dir).take(rec->request)) {
      std::cerr << "hookagent: job " << rec->request.id << " was just picked up; run cancel again\n";
      return kExitInternal;
    }
  } else if (rec->pid > 0) {
    // The worker runs in its own session: its tools die with its process group.
    kill(-rec->pid, SIGTERM);
    kill(rec->pid, SIGTERM);
  }
  rec->status = jobs::JobStatus::Cancelled;
  rec->error = "cancelled by the user";
  if (auto s = store.save(*rec); !s) return report_error(s.error());
  std::cout << "cancelled job " << rec->request.id << "\n";
  return kExitPass;
}

int run_worker(const CliState& state) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  auto result = jobs::drain_queue(paths->common_dir, [&](jobs::JobRecord& record) {
    hooks::run_background_review(*paths, record);
  });
  if (!state.quiet && result.lock_busy && result.ran == 0)
    std::cerr << "hookagent: another worker is running; it will take the queued reviews\n";
  return kExitPass;
}

int show_usage(const CliState& state, const std::string& by) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  if (by != "skill" && by != "hook" && by != "day" && by != "model") {
    std::cerr << "hookagent: usage --by takes skill, hook, day or model, not '" << by << "'\n";
    return kExitUsage;
  }
  auto records = jobs::UsageLog(paths->common_dir).read();
  if (records.empty()) {
    std::cout << "no agent runs recorded yet in this repository\n";
    return kExitPass;
  }
  std::printf("%-24s %6s %7s %12s %12s %10s\n", by.c_str(), "RUNS", "CACHED", "INPUT", "OUTPUT", "COST USD");
  jobs::UsageTotals all;
  for (auto& [key, t] : jobs::sum_usage(records, by)) {
    std::printf("%-24s %6lld %7lld %12lld %12lld %10.4f\n", key.c_str(), t.runs, t.cached_runs, t.input_tokens,
                t.output_tokens, t.cost_usd);
    all.runs += t.runs;
    all.cached_runs += t.cached_runs;
    all.input_tokens += t.input_tokens;
    all.output_tokens += t.output_tokens;
    all.cost_usd += t.cost_usd;
  }
  std::printf("%-24s %6lld %7lld %12lld %12lld %10.4f\n", "total", all.runs, all.cached_runs, all.input_tokens,
              all.output_tokens, all.cost_usd);
  return kExitPass;
}

}  // namespace

void register_jobs(CLI::App& app, CliState& state) {
  auto* jobs_cmd = app.add_subcommand("jobs", "List background reviews (post-commit, post-merge, post-rewrite)");
  jobs_cmd->callback([&state, jobs_cmd] {
    if (jobs_cmd->get_subcommands().empty()) state.exit_code = list_jobs(state);
  });
  auto* log = jobs_cmd->add_subcommand("log", "Print the log of one job");
  static std::string log_id, wait_id, cancel_id;
  static double wait_timeout = 600;
  log->add_option("id", log_id, "Job id or a unique prefix")->required();
  log->callback([&state] { state.exit_code = show_log(state, log_id); });
  auto* wait = jobs_cmd->add_subcommand("wait", "Wait until one job (or every job) has finished");
  wait->add_option("id", wait_id, "Job id or a unique prefix; all jobs when omitted");
  wait->add_option("--timeout", wait_timeout, "Give up after this many seconds (exit 3)")->capture_default_str();
  wait->callback([&state] { state.exit_code = wait_jobs(state, wait_id, wait_timeout); });
  auto* cancel = jobs_cmd->add_subcommand("cancel", "Cancel a queued or running job");
  cancel->add_option("id", cancel_id, "Job id or a unique prefix")->required();
  cancel->callback([&state] { state.exit_code = cancel_job(state, cancel_id); });
  auto* run = jobs_cmd->add_subcommand("run", "Run the queued reviews now, in the foreground (what the detached worker does)");
  run->callback([&state] { state.exit_code = run_worker(state); });

  static std::string usage_by = "skill";
  auto* usage = app.add_subcommand("usage", "Tokens and cost of agent runs in this repository");
  usage->add_option("--by", usage_by, "Group by skill, hook, day or model")->capture_default_str();
  usage->callback([&state] { state.exit_code = show_usage(state, usage_by); });
}

}  // namespace hookagent::cli
