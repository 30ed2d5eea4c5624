// `hookagent run <hook> [-- args...]`: what the light hook binaries exec when a
// hook has work. Not meant to be typed, but safe to: outside git it reads the
// repository from the current directory like any command.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "cli/command.hpp"
#include "core/exit_codes.hpp"
#include "hooks/full_run.hpp"

namespace hookagent::cli {

namespace {

struct RunArgs {
  std::string hook;
  std::vector<std::string> args;
};

std::string read_stdin() {
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n > 0) data.append(buf, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR) return data;
  }
}

int chained_status_from_env() {
  const char* s = std::getenv("HOOKAGENT_CHAINED_STATUS");
  return s && *s ? std::atoi(s) : 0;
}

int run_hook_command(const CliState& state, const RunArgs& args) {
  auto hook = hooks::parse_hook_name(args.hook);
  if (!hook) {
    std::fprintf(stderr, "hookagent run: unknown hook '%s' (run `hookagent install --help` for the list)\n",
                 args.hook.c_str());
    return kExitUsage;
  }
  hooks::FullRunInput input;
  input.hook = *hook;
  input.args = args.args;
  if (hooks::reads_stdin(*hook)) input.stdin_data = read_stdin();
  input.chained_status = chained_status_from_env();
  input.quiet = state.quiet;
  input.no_color = state.no_color;
  if (!state.directory.empty()) input.cwd = state.directory;
  return hooks::run_full_hook(input);
}

}  // namespace

void register_run(CLI::App& app, CliState& state) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run", "Run one git hook's checks now (what the installed hooks call)");
  run->add_option("hook", args->hook, "The git hook: pre-commit, pre-push, pre-receive, ...")->required();
  run->add_option("args", args->args, "The arguments git gave the hook (after --)");
  run->callback([&state, args] { state.exit_code = run_hook_command(state, *args); });
}

}  // namespace hookagent::cli
