// `hookagent show [rev]` renders the review notes of a commit for people;
// `hookagent notes push|fetch [remote]` moves them (git does not by default).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cli/cli_support.hpp"
#include "agent/process_runner.hpp"
#include "cli/command.hpp"
#include "core/exit_codes.hpp"
#include "git/notes_store.hpp"
#include "git/ref_list.hpp"
#include "git/repository.hpp"
#include "report/note_entry.hpp"
#include "report/terminal_sink.hpp"

namespace hookagent::cli {

namespace {

constexpr const char* kNotesGlob = "refs/notes/hookagent/*";

void print_entry(const NoteEntry& e, const CliState& state) {
  std::cout << "── " << e.skill << " (" << e.hook << ", " << e.time << ", " << e.model << "): " << e.status;
  if (e.usage.cached) std::cout << ", cached: 0 tokens";
  else if (e.usage.input_tokens + e.usage.output_tokens > 0)
    std::cout << ", " << e.usage.input_tokens + e.usage.output_tokens << " tokens";
  std::cout << "\n";
  if (!e.summary.empty()) std::cout << e.summary << "\n";
  if (e.findings.empty()) return;
  TerminalOptions options;
  options.color = false;
  options.quiet = state.quiet;
  TerminalSink sink(std::cout, options);
  for (auto& f : e.findings) sink.finding(f);
  RunSummary summary;
  summary.scope = "review note";
  sink.finish(summary);
}

int show(const CliState& state, const std::string& rev, const std::string& skill, bool raw) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  auto repo = Repository::open(*paths);
  if (!repo) return report_error(repo.error());
  auto commit = repo->resolve_commit(rev);
  if (!commit) return report_error(commit.error());
  auto refs = list_refs(*repo, kNotesGlob);
  if (!refs) return report_error(refs.error());
  NotesStore notes(*repo);
  int shown = 0;
  for (auto& ref : *refs) {
    if (!skill.empty() && ref != "refs/notes/hookagent/" + skill) continue;
    auto lines = notes.read_lines(ref, *commit);
    if (!lines) return report_error(lines.error());
    for (auto& line : *lines) {
      // The line for `git log --notes` repeats its JSON twin.
      if (is_note_headline(line)) continue;
      ++shown;
      if (raw) {
        std::cout << line << "\n";
        continue;
      }
      auto entry = parse_note_line(line);
      if (!entry) {
        std::cout << "── " << ref << ": a line hookagent cannot read (" << entry.error().what << "):\n  "
                  << line.substr(0, 200) << "\n";
        continue;
      }
      print_entry(*entry, state);
    }
  }
  if (shown == 0)
    std::cout << "no hookagent reviews on " << commit->substr(0, 12)
              << " (post-commit writes them in the background: see 'hookagent jobs')\n";
  return kExitPass;
}

std::vector<std::string> inherited_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  return env;
}

// Network transports are git's job (credentials, ssh config): run git itself,
// with an argv (no shell) so that a remote name is never interpreted.
bool run_git(const RepoPaths& paths, std::vector<std::string> args, std::string* out = nullptr) {
  agent::ProcessSpec spec;
  spec.argv = {"git"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.cwd = paths.work_tree.empty() ? paths.git_dir : paths.work_tree;
  spec.env = inherited_environment();
  spec.timeout = std::chrono::minutes(10);
  spec.output_cap = 1 << 20;
  auto outcome = agent::run_process(spec);
  if (out) *out = outcome.out;
  if (outcome.exit_code != 0) std::cerr << outcome.err;
  return outcome.exit_code == 0;
}

int move_notes(const CliState& state, const std::string& direction, const std::string& remote) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  bool ok_run = true;
  if (direction == "push") {
    ok_run = run_git(*paths, {"push", "--", remote, "refs/notes/hookagent/*:refs/notes/hookagent/*"});
  } else {
    // Fetch into a side namespace, then merge each ref with cat_sort_uniq so
    // that reviews written on both sides are all kept.
    const std::string side = "refs/notes/hookagent-fetched/";
    ok_run = run_git(*paths, {"fetch", "--", remote, "+refs/notes/hookagent/*:" + side + "*"});
    std::string listed;
    if (ok_run) ok_run = run_git(*paths, {"for-each-ref", "--format=%(refname)", side}, &listed);
    std::istringstream lines(listed);
    for (std::string ref; ok_run && std::getline(lines, ref);) {
      if (ref.rfind(side, 0) != 0) continue;
      std::string name = ref.substr(side.size());
      ok_run = run_git(*paths, {"notes", "--ref=hookagent/" + name, "merge", "-q", "-s", "cat_sort_uniq", ref}) &&
               run_git(*paths, {"update-ref", "-d", ref});
    }
  }
  if (!ok_run) {
    std::cerr << "hookagent: git " << direction << " of review notes with '" << remote
              << "' failed (see git's message above; check the remote name with 'git remote -v')\n";
    return kExitInternal;
  }
  if (!state.quiet)
    std::cout << "review notes " << (direction == "push" ? "pushed to " : "fetched from ") << remote << "\n";
  return kExitPass;
}

}  // namespace

void register_notes(CLI::App& app, CliState& state) {
  static std::string rev = "HEAD", skill, remote = "origin";
  static bool raw = false;
  auto* show_cmd = app.add_subcommand("show", "Show the review notes hookagent wrote on a commit");
  show_cmd->add_option("rev", rev, "Commit to show (default HEAD)");
  show_cmd->add_option("--skill", skill, "Only this skill's reviews");
  show_cmd->add_flag("--raw", raw, "Print the stored JSON lines, one object per review (the lines for git log are left out)");
  show_cmd->callback([&state] { state.exit_code = show(state, rev, skill, raw); });

  auto* notes_cmd = app.add_subcommand("notes", "Move review notes to or from a remote (git does not by default)");
  notes_cmd->require_subcommand(1);
  auto* push = notes_cmd->add_subcommand("push", "Push refs/notes/hookagent/* to a remote");
  push->add_option("remote", remote, "Remote name (default origin)");
  push->callback([&state] { state.exit_code = move_notes(state, "push", remote); });
  auto* fetch = notes_cmd->add_subcommand("fetch", "Fetch a remote's review notes and merge them (cat_sort_uniq)");
  fetch->add_option("remote", remote, "Remote name (default origin)");
  fetch->callback([&state] { state.exit_code = move_notes(state, "fetch", remote); });
}

}  // namespace hookagent::cli
