// The light half of every hook: what runs between git and `hookagent run`.
// A hook with nothing to do must cost about one exec (issue 2: <= 5 ms over no
// hook), so this file loads no libgit2 or curl, compiles no regex and spawns
// nothing except the chained foreign hook the user already had.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "core/paths.hpp"
#include "git/repo_paths.hpp"
#include "hooks/chained_hook.hpp"
#include "hooks/hook.hpp"
#include "hooks/hook_work.hpp"
#include "hooks/native_hook.hpp"
#include "hooks/queue_review.hpp"
#include "hooks/server_side.hpp"
#include "hooks/warm_client.hpp"
#include "hooks/warm_socket.hpp"

namespace hookagent::hooks {

namespace {

// Tells `hookagent run` how the chained hook ended, so the final exit combines both.
constexpr const char* kChainedStatusEnv = "HOOKAGENT_CHAINED_STATUS";

std::string read_all(int fd) {
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      data.append(buf, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return data;
    }
  }
}

// A problem of ours (no repo, bad config) stops a blocking hook with exit 2
// (DESIGN §9); an advisory hook only reports it and keeps the foreign status.
int stop_for(Hook hook, const Error& error, int chained_status) {
  say(hook, error.message());
  if (!is_blocking(hook)) return chained_status;
  return chained_status != 0 ? chained_status : exit_code_for(error);
}

// Runs `hookagent run <hook> -- <args>` on the warm server when it may, else
// replaces this process with it; returns only on failure.
int hand_over(Hook hook, const std::vector<std::string>& args, const std::optional<std::string>& input,
              int chained_status, bool warm) {
  auto binary = hookagent_binary().string();
  std::vector<std::string> argv{binary, "run", std::string(hook_name(hook)), "--"};
  argv.insert(argv.end(), args.begin(), args.end());

  setenv(kChainedStatusEnv, std::to_string(chained_status).c_str(), 1);
  if (warm) {
    if (auto code = warm::run_on_warm_server(hook, argv, input)) return *code;
  }
  if (input) {
    int fd = stdin_fd_holding(*input);
    if (fd < 0 || dup2(fd, 0) < 0) {
      say(hook, std::string("cannot pass stdin on: ") + std::strerror(errno));
      return is_blocking(hook) ? kExitInternal : chained_status;
    }
    close(fd);
  }
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  execv(binary.c_str(), cargv.data());
  // The shim already checked our hook binary; this is the full binary gone missing.
  const std::string why = binary + " cannot be started (" + std::strerror(errno) + ")";
  if (hook == Hook::PreReceive) {  // a server must not let pushes through unchecked
    say(hook, why + ", so nothing can be checked: refusing the push. Reinstall hookagent, or remove this hook "
                    "with 'hookagent uninstall --server'.");
    return kExitInternal;
  }
  say(hook, why + "; reinstall hookagent or run 'hookagent uninstall'. Skipping hookagent's checks.");
  return chained_status;
}

int run_hook(Hook hook, int argc, char** argv) {
  const std::string name(hook_name(hook));
  std::vector<std::string> args(argv + 1, argv + argc);

  std::optional<ChainedHook> chained;
  if (const char* p = std::getenv(kHookPathEnv); p && *p) chained = find_chained_hook(p);
  unsetenv(kHookPathEnv);

  // Re-entered from inside the chained hook (it re-ran "$0"): be that hook only.
  if (const char* in = std::getenv(kInChainedEnv); in && name == in) {
    return chained ? exec_chained_hook(*chained, args) : 0;
  }

  std::optional<std::string> input;
  if (reads_stdin(hook)) input = read_all(0);

  int chained_status = chained ? run_chained_hook(*chained, args, input) : 0;

  if (auto reason = skip_reason_from_env(); !reason.empty()) {
    say(hook, "skipped (" + reason + ")");
    return chained_status;
  }

  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  auto repo = discover_repo_paths(cwd);
  if (!repo) return stop_for(hook, repo.error(), chained_status);
  *repo = paths_seen_by(hook, std::move(*repo));
  auto config = load_config(default_config_sources(*repo));
  if (!config) return stop_for(hook, config.error(), chained_status);
  if (!hook_has_work(hook, *config) || !hook_args_have_work(hook, args)) return chained_status;

  // Background reviews never wait for the full binary: queue, detach, return.
  if ((hook == Hook::PostCommit || hook == Hook::PostMerge) && config->hook(name).background) {
    if (auto queued = queue_head_for_review(hook, *repo, *config); !queued) say(hook, queued.error().message());
    return chained_status;
  }

  return hand_over(hook, args, input, chained_status, warm::warm_enabled() && warm::warm_serves(hook, *config));
}

}  // namespace

std::optional<int> light_run_exit_code(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[1]) != "run") return std::nullopt;
  auto hook = parse_hook_name(argv[2]);
  if (!hook) return std::nullopt;
  std::vector<std::string> args;
  for (int i = 3; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--" && args.empty()) continue;
    if (a.starts_with("-") && args.empty()) return std::nullopt;  // an option: the full parser's job
    args.emplace_back(a);
  }
  const char* chained = std::getenv(kChainedStatusEnv);
  const int chained_status = chained && *chained ? std::atoi(chained) : 0;
  if (auto reason = skip_reason_from_env(); !reason.empty()) {
    say(*hook, "skipped (" + reason + ")");
    return chained_status;
  }
  std::error_code ec;
  auto repo = discover_repo_paths(std::filesystem::current_path(ec));
  if (!repo) return std::nullopt;  // the full run says what is wrong
  *repo = paths_seen_by(*hook, std::move(*repo));
  auto config = load_config(default_config_sources(*repo));
  if (!config) return std::nullopt;
  if (!hook_has_work(*hook, *config) || !hook_args_have_work(*hook, args)) return chained_status;
  if (warm::served_by_warm_server()) {
    if (warm::warm_serves(*hook, *config)) return std::nullopt;
    // Only a client other than our hooks asks this: they check it first.
    say(*hook, "the warm server runs offline checks only; run this hook without it (HOOKAGENT_WARM=0)");
    return kExitInternal;
  }
  if (!warm::warm_enabled() || !warm::warm_serves(*hook, *config)) return std::nullopt;
  std::vector<std::string> whole(argv, argv + argc);
  whole[0] = hookagent_binary().string();
  std::optional<std::string> input;
  if (reads_stdin(*hook)) input = read_all(0);
  if (auto code = warm::run_on_warm_server(*hook, whole, input)) return code;
  // In process after all: the full run reads stdin, which is read already.
  if (input) {
    int fd = stdin_fd_holding(*input);
    if (fd < 0 || dup2(fd, 0) < 0) {
      say(*hook, std::string("cannot pass stdin on: ") + std::strerror(errno));
      return kExitInternal;
    }
    close(fd);
  }
  return std::nullopt;
}

int run(Hook hook, int argc, char** argv) {
  // Hooks never crash: whatever escapes becomes one line and a documented code.
  try {
    if (auto code = run_as_native_copy(hook, argc, argv)) return *code;
    return run_hook(hook, argc, argv);
  } catch (const std::exception& e) {
    say(hook, std::string("internal error: ") + e.what() + " (please report this)");
  } catch (...) {
    say(hook, "internal error (please report this)");
  }
  return is_blocking(hook) ? kExitInternal : kExitPass;
}

}  // namespace hookagent::hooks
