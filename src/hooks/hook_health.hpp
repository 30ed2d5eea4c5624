#pragma once
// What `hookagent doctor` says about each git hook: who runs it (a shim of
// ours, husky/lefthook/pre-commit with hookagent in their config, a foreign
// hook), and what is broken, each with the tool that caused it and the one
// command that fixes it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "git/repo_paths.hpp"
#include "hooks/install_record.hpp"

namespace hookagent::hooks {

struct HookState {
  std::string name;   // "pre-commit"
  std::string state;  // "hookagent, chained: ...", "via lefthook (lefthook.yml)", "not installed"
};

struct HooksHealth {
  std::vector<HookState> hooks;       // every hook hookagent knows, in install order
  std::vector<std::string> problems;  // "what: fix"; each one means hookagent does not run as installed
};

HooksHealth check_hooks(const RepoPaths& repo, const std::filesystem::path& hooks_dir,
                        const std::optional<InstallRecord>& record);

}  // namespace hookagent::hooks
