// `hookagent install [--hooks a,b] [--force]` and `hookagent uninstall`.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "cli/command.hpp"
#include "cli/config_check.hpp"
#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "git/repository.hpp"
#include "hooks/installer.hpp"
#include "hooks/server_install.hpp"
#include "scan/rule_set.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::cli {

namespace {

struct InstallArgs {
  std::vector<std::string> hooks;
  bool force = false;
  bool shim = false;
  bool sh_shim = false;
  bool server = false;         // --server: pre-receive for a git server (install_server.hpp)
  std::string hooks_dir;       // --hooks-dir: a hooks directory shared by a server's repositories
};

std::filesystem::path start_dir(const CliState& state) {
  return state.directory.empty() ? std::filesystem::current_path() : std::filesystem::path(state.directory);
}

int print_error(const char* command, const Error& e) {
  std::fprintf(stderr, "hookagent %s: %s\n", command, e.message().c_str());
  return exit_code_for(e);
}

Result<std::vector<hooks::Hook>> parse_hooks(const std::vector<std::string>& names) {
  std::vector<hooks::Hook> out;
  for (const auto& name : names) {
    auto hook = hooks::parse_hook_name(name);
    if (!hook) {
      std::string known;
      for (auto h : hooks::all_hooks()) known += (known.empty() ? "" : ",") + std::string(hooks::hook_name(h));
      return fail(ErrorKind::Usage, "unknown hook '" + name + "'", "--hooks", "known hooks: " + known);
    }
    out.push_back(*hook);
  }
  return out;
}

void print_report(const CliState& state, const hooks::InstallReport& report) {
  if (!state.quiet)
    for (const auto& line : report.lines) std::printf("%s\n", line.c_str());
  // Said even with --quiet: until then git does not reach hookagent.
  for (const auto& line : report.next_steps) std::printf("next: %s\n", line.c_str());
}

// Hooks that cannot load their config or rules block every commit, so install
// refuses them first, naming file:line, and changes nothing.
Status refuse_broken_config(const RepoPaths& paths) {
  auto checked = check_config_and_rules(paths);
  if (checked) return checked;
  Error e = checked.error();
  e.hint = (e.hint.empty() ? "" : e.hint + "; ") + "nothing was installed: fix it, then run `hookagent install` again";
  return std::unexpected(e);
}

// Hooks only use a cached pattern prefilter (a commit never waits ~10 s for a
// compile), so install compiles it for the rules this repository's scans run.
// Best effort: the hooks work without it, and `scan` reports config errors.
void warm_scan_prefilter(const CliState& state, const RepoPaths& paths) {
  if (scan::prefilter_turned_off()) {
    if (!state.quiet) std::printf("not compiling the offline scan's prefilter: HOOKAGENT_PREFILTER=off\n");
    return;
  }
  auto config = load_config(default_config_sources(paths));
  if (!config) return;
  auto rules = scan::load_rule_set(scan::rule_sources_for(*config, paths));
  if (!rules) return;
  if ((*rules)->pattern_prefilter(scan::PrefilterUse::CachedOnly)) return;  // compiled before
  if (!state.quiet) {
    std::printf("compiling the offline scan's prefilter for these rules (once per rule set, ~10 s)...\n");
    std::fflush(stdout);
  }
  double seconds = 0;
  const scan::PatternPrefilter* built = (*rules)->pattern_prefilter(scan::PrefilterUse::Build, &seconds);
  if (state.quiet) return;
  if (built && seconds > 0)
    std::printf("compiled the offline scan's prefilter for these rules in %.1f s (cached; every hook reuses it)\n",
                seconds);
  else if (!built)
    std::printf("could not compile the offline scan's prefilter; hooks scan without it (slower on large changes)\n");
}

// --server: in a bare repository, or in a hooks dir shared by many (which
// needs no repository here, and whose config is checked per repository).
int run_install_server(const CliState& state, const InstallArgs& args) {
  if (!args.hooks.empty())
    return print_error("install", Error{ErrorKind::Usage, "--server installs pre-receive only", "--hooks",
                                        "drop --hooks, or run `hookagent install --hooks ...` without --server"});
  std::optional<Repository> repo;
  if (args.hooks_dir.empty()) {
    auto found = Repository::discover(start_dir(state));
    if (!found) return print_error("install", found.error());
    repo.emplace(std::move(*found));
    if (repo->paths().bare)
      if (auto checked = refuse_broken_config(repo->paths()); !checked) return print_error("install", checked.error());
  }
  auto report = hooks::install_server_hook(repo ? &*repo : nullptr, {args.hooks_dir, args.force});
  if (!report) return print_error("install", report.error());
  print_report(state, *report);
  if (repo) warm_scan_prefilter(state, repo->paths());
  return kExitPass;
}

int run_install(const CliState& state, const InstallArgs& args) {
  if (args.server) return run_install_server(state, args);
  if (!args.hooks_dir.empty())
    return print_error("install", Error{ErrorKind::Usage, "--hooks-dir goes with --server", "--hooks-dir",
                                        "run `hookagent install --server --hooks-dir DIR`"});
  auto selected = parse_hooks(args.hooks);
  if (!selected) return print_error("install", selected.error());
  auto repo = Repository::discover(start_dir(state));
  if (!repo) return print_error("install", repo.error());
  if (auto checked = refuse_broken_config(repo->paths()); !checked) return print_error("install", checked.error());
  auto report = hooks::install_hooks(*repo, {*selected, args.force, args.shim, args.sh_shim});
  if (!report) return print_error("install", report.error());
  print_report(state, *report);
  warm_scan_prefilter(state, repo->paths());
  return kExitPass;
}

int run_uninstall(const CliState& state, const InstallArgs& args) {
  if (!args.hooks_dir.empty()) {
    auto report = hooks::uninstall_server_hook(args.hooks_dir);
    if (!report) return print_error("uninstall", report.error());
    print_report(state, *report);
    return kExitPass;
  }
  auto repo = Repository::discover(start_dir(state));
  if (!repo) return print_error("uninstall", repo.error());
  auto report = hooks::uninstall_hooks(*repo);
  if (!report) return print_error("uninstall", report.error());
  print_report(state, *report);
  return kExitPass;
}

}  // namespace

void register_install(CLI::App& app, CliState& state) {
  auto args = std::make_shared<InstallArgs>();
  auto* install = app.add_subcommand(
      "install",
      "Install hookagent's git hooks in this repository, and compile the offline scan's rule databases for\n"
      "this repository's rules once (~10 s on 2 cores, ~30 MB; cached in ~/.cache/hookagent; not with\n"
      "HOOKAGENT_PREFILTER=off, where scans take the slower keyword path). Where husky,\n"
      "lefthook or pre-commit runs the hooks, hookagent is added to their config (.husky/<hook>, lefthook.yml,\n"
      ".pre-commit-config.yaml) so their re-installs keep it; elsewhere each hook is a copy of hookagent's\n"
      "hook binary (git execs it directly; it defers to the installed binary once that is upgraded or moved),\n"
      "foreign hooks kept and chained. Refuses, changing nothing, when a config or rule file does not load");
  install->add_option("--hooks", args->hooks, "Only these hooks (comma-separated), e.g. pre-commit,post-commit")
      ->delimiter(',');
  install->add_flag("--force", args->force,
                    "Rewrite hookagent's hooks even when unchanged; keep an older chained hook as .old");
  install->add_flag("--shim", args->shim,
                    "Write hook shims (chaining the existing hooks) even where husky, lefthook or pre-commit is used");
  install->add_flag("--sh-shim", args->sh_shim,
                    "Write each hook as a POSIX sh script that execs hookagent's hook binary instead of a copy of\n"
                    "that binary (~3 MB): one more exec per hook run, about what a raw sh hook costs");
  install->add_flag("--server", args->server,
                    "On a git server: pre-receive, enforcing the server's config only (nothing a push carries\n"
                    "can weaken it), in this bare repository or in --hooks-dir");
  install->add_option("--hooks-dir", args->hooks_dir,
                      "With --server: a hooks directory shared by many repositories (gitolite's\n"
                      "~/.gitolite/hooks/common, a core.hooksPath directory)");
  install->callback([&state, args] { state.exit_code = run_install(state, *args); });

  auto* uninstall = app.add_subcommand(
      "uninstall",
      "Remove hookagent's git hooks and exactly the entries install added to husky, lefthook or pre-commit\n"
      "config, and put back the hooks that were there before");
  auto uargs = std::make_shared<InstallArgs>();
  uninstall->add_flag("--server", uargs->server, "With --hooks-dir: take hookagent's pre-receive out of that directory");
  uninstall->add_option("--hooks-dir", uargs->hooks_dir, "A shared hooks directory `install --server` wrote to");
  uninstall->callback([&state, uargs] { state.exit_code = run_uninstall(state, *uargs); });
}

}  // namespace hookagent::cli
