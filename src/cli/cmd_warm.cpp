// `hookagent warm`: the per-user warm server that scanning hooks hand their
// run to (src/hooks/warm_server.hpp).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "core/exit_codes.hpp"
#include "core/paths.hpp"
#include "git/libgit2_init.hpp"
#include "hooks/warm_client.hpp"
#include "hooks/warm_server.hpp"
#include "hooks/warm_socket.hpp"
#include "scan/scanner.hpp"

namespace hookagent::cli {

namespace {

namespace warm = hooks::warm;

std::chrono::seconds idle_seconds(long flag) {
  if (flag > 0) return std::chrono::seconds(flag);
  if (const char* env = std::getenv("HOOKAGENT_WARM_IDLE"); env && std::atol(env) > 0)
    return std::chrono::seconds(std::atol(env));
  return std::chrono::seconds(900);
}

int status(const CliState& state) {
  auto socket = warm::socket_path(hookagent_binary(), false);
  const char* mode = warm::warm_enabled() ? "on" : "off (HOOKAGENT_WARM=0, or CI is set)";
  if (!socket) {
    std::cout << "warm server: not running; hooks use it: " << mode << "\n";
    if (!state.quiet) std::cout << "  " << socket.error().message() << "\n";
    return kExitPass;
  }
  auto answer = warm::ask(*socket, "status");
  std::cout << "warm server: " << (answer ? "running, " + *answer : std::string("not running")) << "\n"
            << "  socket: " << socket->string() << "\n"
            << "  hooks use it: " << mode << "\n";
  return kExitPass;
}

int start(const CliState& state) {
  auto socket = warm::socket_path(hookagent_binary(), true);
  if (!socket) return report_error(socket.error());
  if (warm::ask(*socket, "status")) {
    if (!state.quiet) std::cout << "warm server already running at " << socket->string() << "\n";
    return kExitPass;
  }
  warm::start_warm_server_in_background();
  // It answers once the rules are loaded and compiled: well under a second
  // in a release build, ~7 s under ASan on a 2-core VM, so wait up to 30 s.
  for (int i = 0; i < 600; ++i) {
    if (warm::ask(*socket, "status")) {
      if (!state.quiet) std::cout << "warm server started at " << socket->string() << "\n";
      return kExitPass;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return report_error(Error{ErrorKind::Io, "the warm server did not start within 30 s", socket->string(),
                            "run `hookagent warm serve` to see why"});
}

int stop(const CliState& state) {
  auto socket = warm::socket_path(hookagent_binary(), false);
  auto answer = socket ? warm::ask(*socket, "stop") : Result<std::string>(std::unexpected(socket.error()));
  if (!state.quiet) std::cout << (answer ? "warm server stopped" : "no warm server was running") << "\n";
  return kExitPass;
}

int serve(const CliState& state, long idle) {
  // libgit2's set-up thread reads the environment; the server edits it (drops GIT_*).
  gitx::wait_libgit2_init();
  auto socket = warm::socket_path(hookagent_binary(), true);
  if (!socket) return report_error(socket.error());
  warm::ServerOptions options{*socket, hookagent_binary(), idle_seconds(idle), state.quiet};
  auto warm_up = [&] {
    gitx::wait_libgit2_init();  // joined: a fork must not lose a thread that is half-way through
    if (auto loaded = scan::preload_rule_set(scan::RuleSources{}); !loaded && !state.quiet)
      std::cerr << "hookagent: warm server: rules not preloaded: " << loaded.error().message() << "\n";
  };
  if (!state.quiet) std::cerr << "hookagent: warm server on " << socket->string() << "\n";
  auto served = warm::serve(options, warm_up, [](int argc, char** argv) { return run_served_hook(argc, argv); });
  if (!served) return report_error(served.error());
  return kExitPass;
}

}  // namespace

void register_warm(CLI::App& app, CliState& state) {
  auto* warm_cmd = app.add_subcommand(
      "warm",
      "The per-user warm server: pre-commit, commit-msg and pre-push scans hand their run to it "
      "(rules loaded once: a scan skips the full binary's start-up and rule compile). Started by "
      "the first hook that finds none, exits after 15 idle minutes or, between checks, after an hour; "
      "HOOKAGENT_WARM=0 turns it off, and it is off where CI is set");
  warm_cmd->require_subcommand(1);
  warm_cmd->add_subcommand("status", "Say whether a server runs for this user, binary and HOME")
      ->callback([&state] { state.exit_code = status(state); });
  warm_cmd->add_subcommand("start", "Start one in the background now (hooks do it themselves)")
      ->callback([&state] { state.exit_code = start(state); });
  warm_cmd->add_subcommand("stop", "Stop it (the next hook runs in process and starts another)")
      ->callback([&state] { state.exit_code = stop(state); });
  static long idle = 0;
  auto* serve_cmd = warm_cmd->add_subcommand("serve", "Run the server in the foreground (what `start` runs)");
  serve_cmd->add_option("--idle", idle, "Exit after this many seconds without a request (default 900; "
                                        "HOOKAGENT_WARM_IDLE)");
  serve_cmd->callback([&state] { state.exit_code = serve(state, idle); });
}

}  // namespace hookagent::cli
