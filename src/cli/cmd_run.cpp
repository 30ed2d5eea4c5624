// `hookagent run <hook> [-- args...]`: what the light hook binaries exec when a
// hook has work. Not meant to be typed, but safe to: outside git it reads the
// repository from the current directory like any command.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "cli/command.hpp"
#include "core/exit_codes.hpp"
#include "git/libgit2_init.hpp"
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

int run_served_hook(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[1]) != "run") return run_cli(argc, argv);
  RunArgs args{argv[2], {}};
  bool literal = false;  // past the "--" that ends the options
  for (int i = 3; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (!literal && a == "--") {
      literal = true;
      continue;
    }
    if (!literal && a.starts_with("-")) return run_cli(argc, argv);  // an option: the full parser's job
    args.args.emplace_back(a);
  }
  // What run_cli does around every command: libgit2 set up (already, in the
  // server) and no exception let out.
  gitx::start_libgit2_init();
  try {
    return run_hook_command(CliState{}, args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hookagent: internal error: %s (please report this with the command you ran)\n", e.what());
    return kExitInternal;
  }
}

void register_run(CLI::App& app, CliState& state) {
  auto args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run", "Run one git hook's checks now (what the installed hooks call)");
  run->add_option("hook", args->hook, "The git hook: pre-commit, pre-push, pre-receive, ...")->required();
  run->add_option("args", args->args, "The arguments git gave the hook (after --)");
  run->callback([&state, args] { state.exit_code = run_hook_command(state, *args); });
}

}  // namespace hookagent::cli
