#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "git/libgit2_init.hpp"
#include "hooks/hook.hpp"
#include "hookagent_build_config.hpp"
#include "hookagent_commit.hpp"

namespace {

std::string command_names(CLI::App& app) {
  std::string names;
  for (const auto* sub : app.get_subcommands({}))
    if (!sub->get_group().empty()) names += (names.empty() ? "" : ", ") + sub->get_name();  // hidden ones stay hidden
  return names;
}

// The first word that is not an option, when no subcommand has that name.
std::optional<std::string> unknown_command(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "-C") {
      ++i;
      continue;
    }
    if (word.starts_with("-")) continue;
    for (const auto* sub : app.get_subcommands({}))
      if (sub->get_name() == word) return std::nullopt;
    return word;
  }
  return std::nullopt;
}

}  // namespace

namespace hookagent::cli {

int run_cli(int argc, char** argv) {
  // `hookagent run <hook>` with nothing to do (what a tool's config calls on
  // every commit) ends here, before libgit2 starts, and so does one the warm
  // server ran: see hooks/hook.hpp.
  if (auto code = hookagent::hooks::light_run_exit_code(argc, argv)) return *code;
  // STYLE §9: libgit2's global state is initialised once, here (on a thread:
  // see git/libgit2_init.hpp).
  hookagent::gitx::start_libgit2_init();
  CliState state;
  CLI::App app{"hookagent: git hooks that run security rules and SKILL.md agents on exactly what git is about to record",
               "hookagent"};
  // The commit too: `git describe` of the tree it was built from (meson vcs_tag).
  app.set_version_flag("--version", std::string("hookagent ") + HOOKAGENT_VERSION + " (commit " + HOOKAGENT_COMMIT + ")");
  app.require_subcommand(1);
  // Global flags are accepted after the subcommand too (`hookagent scan --no-color`):
  // subcommands inherit this and hand options they do not know to the top level.
  app.fallthrough();
  app.add_flag("-q,--quiet", state.quiet, "Print only findings and errors");
  app.add_flag("--no-color", state.no_color, "Never colour output (NO_COLOR is honoured too)");
  app.add_option("-C", state.directory, "Run as if hookagent was started in DIR")->type_name("DIR");
  app.footer(
      "Exit codes: 0 pass, 1 blocked by findings, 2 usage or configuration error,\n"
      "            3 internal or provider error (under on_error = \"block\").\n"
      "Config, later wins: built-in defaults, ~/.config/hookagent/config.toml, <repo>/.hookagent.toml,\n"
      "  <git dir>/hookagent.toml, HOOKAGENT_* variables, flags. `hookagent doctor` shows each value's origin.\n"
      "Skip once: SKIP=hookagent or HOOKAGENT_SKIP=1. Colour: off with --no-color or NO_COLOR.\n"
      "`hookagent <command> --help` lists each command's options.");
  register_install(app, state);
  register_run(app, state);
  register_scan(app, state);
  register_review(app, state);
  register_skills(app, state);
  register_doctor(app, state);
  register_notes(app, state);
  register_jobs(app, state);
  register_report(app, state);
  register_warm(app, state);
  register_docs(app, state);
  int code = 0;
  try {
    app.parse(argc, argv);
    code = state.exit_code;
  } catch (const CLI::ParseError& e) {
    if (auto unknown = unknown_command(app, argc, argv)) {
      std::fprintf(stderr, "hookagent: unknown command '%s' (commands: %s; see hookagent --help)\n", unknown->c_str(),
                   command_names(app).c_str());
      code = 2;
    } else {
      code = app.exit(e) == 0 ? 0 : 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hookagent: internal error: %s (please report this with the command you ran)\n", e.what());
    code = 3;
  }
  hookagent::gitx::shutdown_libgit2();
  return code;
}

}  // namespace hookagent::cli

int main(int argc, char** argv) { return hookagent::cli::run_cli(argc, argv); }
