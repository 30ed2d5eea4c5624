#pragma once
// Adoption: hookagent added to the hook manager a repository already uses
// (husky, lefthook, pre-commit), so that the tool's own re-installs keep it.
// Planned first (every file read, every edit proven, every directory checked
// for writing), then applied file by file with temp file + rename; a failure
// part-way puts the files already written back.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/repo_paths.hpp"
#include "hooks/hook.hpp"
#include "hooks/hook_tools.hpp"
#include "hooks/install_record.hpp"

namespace hookagent::hooks {

// A whole-file change: absent `after` deletes the file.
struct FileChange {
  std::filesystem::path file;
  std::optional<std::string> before;  // nullopt: the file does not exist
  std::optional<std::string> after;
};

struct AdoptionPlan {
  std::vector<FileChange> changes;     // one per file, several hooks composed
  std::vector<Adoption> adoptions;     // the record after the change (install: all, uninstall: kept)
  std::vector<std::string> lines;      // for the report
  std::vector<std::string> not_wired;  // "pre-commit: run `lefthook install` ..." (git does not reach the tool yet)
};

// Which hooks go through `tool`'s config rather than a shim: husky takes every
// hook (it owns core.hooksPath); lefthook pre-commit and every hook its config
// already has a section for (lefthook would move a shim there to <hook>.old and
// stop running it); pre-commit only pre-commit (it runs a shim it moved, as
// <hook>.legacy, and hands pre-push hooks a single ref, not git's ref lines).
Result<bool> tool_takes_hook(const FoundTool& tool, Hook hook);

// Adds hookagent for `hooks` to the tool's config. `recorded`: what an earlier
// install added (kept when still there, so a second install changes nothing).
// `pre_commit_stage` is used for pre-commit only ("pre-commit" or "commit").
Result<AdoptionPlan> plan_adoption(const RepoPaths& repo, const std::filesystem::path& hooks_dir,
                                   const FoundTool& tool, const std::vector<Hook>& hooks,
                                   const std::vector<Adoption>& recorded, const std::string& pre_commit_stage);

// Removes exactly what `recorded` says install added; an entry the user
// changed since is left in place with a line saying what to remove by hand.
Result<AdoptionPlan> plan_unadoption(const RepoPaths& repo, const std::vector<Adoption>& recorded);

// Writes every change (temp file + rename, keeping the file's mode; a new file
// gets 0755 so that husky 8 can run it). On failure, the files already changed
// are put back and the error says nothing was changed.
Status apply_changes(const std::vector<FileChange>& changes);
// Puts back changes that apply_changes made, when a later install step fails.
void revert_changes(const std::vector<FileChange>& changes);

// The stage name the installed pre-commit accepts ("pre-commit" from 3.2 on,
// "commit" before), from `pre-commit --version` on PATH; "pre-commit" when absent.
std::string pre_commit_stage_name();

// True when `name` is an executable in one of $PATH's directories: the tools
// run `hookagent` by name, as a shell would.
bool on_path(const std::string& name);

// Creating a file is the only honest test (root ignores modes; read-only mounts do not).
Status check_writable_dir(const std::filesystem::path& dir, const std::string& what);

}  // namespace hookagent::hooks
