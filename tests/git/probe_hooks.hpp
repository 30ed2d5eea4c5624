#pragma once
// Test hook scripts (plain shell, not `hookagent install`) that run git_probe
// inside a real git hook and record what it printed, plus a snapshot of the
// index files and the work tree taken before and after it ran.
#include <filesystem>
#include <string>
#include <vector>

#include "support/git_fixture.hpp"

namespace hookagent::test {

std::string probe_path();

struct HookRun {
  std::string out;     // the probe's stdout and stderr
  std::string before;  // snapshot before the probe ran
  std::string after;   // snapshot after
};

// Writes <hooks_dir>/<hook> running `git_probe <probe_args>`; its output goes to
// `out_file` (+ ".before"/".after" snapshots). `hooks_dir` empty: <repo>/.git/hooks.
void install_probe_hook(const GitRepo& repo, const std::string& hook, const std::string& probe_args,
                        const std::filesystem::path& out_file, std::filesystem::path hooks_dir = {});
HookRun read_hook_run(const std::filesystem::path& out_file);

std::vector<std::string> lines_of(const std::string& text);
// Runs git_probe in `dir` with the fixture env (plus `extra` variables).
ProcessResult run_probe(const GitRepo& repo, const std::string& args, const std::filesystem::path& dir,
                        const std::map<std::string, std::string>& extra = {}, const std::string& input = {});

}  // namespace hookagent::test

namespace hookagent::test {

// One line of git_probe's change listing.
struct ChangeRow {
  std::string status, modes, kind, size, old_path, path, ranges;
};
std::vector<ChangeRow> rows_of(const std::string& probe_output);
// The row for `path` (REQUIREs exactly one).
ChangeRow row_for(const std::vector<ChangeRow>& rows, const std::string& path);

}  // namespace hookagent::test
