#pragma once
// The hook managers teams already use (husky, lefthook, the pre-commit
// framework): finding them in a repository, recognising the files they write
// into the hooks directory, and the one command that wires each of them.
// `hookagent install` adds itself to their config (hooks/adoption.hpp) so that
// their routine re-installs keep it; `doctor` uses this to name the tool that
// replaced or renamed a shim.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "git/repo_paths.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

enum class HookTool { Husky, Lefthook, PreCommit };

std::string_view tool_name(HookTool tool);           // "husky", "lefthook", "pre-commit"
std::optional<HookTool> parse_tool_name(std::string_view name);
// The command that (re)writes the tool's hooks in this clone.
std::string tool_install_command(HookTool tool);     // "npx husky", "lefthook install", "pre-commit install"
// The suffix the tool gives a hook it found in its way: pre-commit keeps it as
// <hook>.legacy (and still runs it, "migration mode"); lefthook keeps it as
// <hook>.old (and does not run it).
std::string_view tool_rename_suffix(HookTool tool);  // ".legacy", ".old", "" (husky moves core.hooksPath instead)

// A hook manager found in a repository.
struct FoundTool {
  HookTool tool;
  // husky: the husky directory (.husky); lefthook and pre-commit: the config file.
  std::filesystem::path config;
  // lefthook.toml/.json: lefthook reads it, hookagent does not edit it.
  bool editable = true;
};

// Every manager the work tree shows (husky: a .husky directory or a
// core.hooksPath that is husky's; lefthook: any of its config names;
// pre-commit: .pre-commit-config.yaml), in the order install prefers them:
// the one that already runs git's pre-commit hook first.
std::vector<FoundTool> find_hook_tools(const RepoPaths& repo, const std::filesystem::path& hooks_dir);

// Which tool wrote this hook file, from its contents (nullopt: none we know).
std::optional<HookTool> tool_that_wrote(const std::filesystem::path& hook_file);

// True when git, running hooks from `hooks_dir`, reaches the tool's runner for
// `hook`: husky's _/<hook> (executable) is what git runs; lefthook's or
// pre-commit's generated script sits at <hooks_dir>/<hook>.
bool tool_runs_hook(const FoundTool& tool, Hook hook, const std::filesystem::path& hooks_dir);

// Why git would not run husky's wrapper for `hook` (not executable, not
// searchable), or empty when it would. Only meaningful when husky is wired.
std::string husky_wrapper_problem(const std::filesystem::path& husky_dir, Hook hook,
                                  const std::filesystem::path& hooks_dir);

// The husky directory git runs hooks through (hooks_dir is <dir>/_ for husky
// 9, <dir> itself for husky 8), if any.
std::optional<std::filesystem::path> husky_dir_of_hooks_dir(const std::filesystem::path& hooks_dir);

}  // namespace hookagent::hooks
