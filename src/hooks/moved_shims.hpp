#pragma once
// A shim of ours that another tool moved aside when it took the hook:
// `pre-commit install` renames it <hook>.legacy (and keeps running it),
// `lefthook install` renames it <hook>.old (and stops running it).
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "hooks/hook.hpp"
#include "hooks/hook_tools.hpp"

namespace hookagent::hooks {

struct MovedShim {
  Hook hook;
  HookTool tool;                  // which tool uses that suffix
  std::filesystem::path file;     // <dir>/<hook>.legacy or <dir>/<hook>.old
  std::filesystem::path chained;  // <dir>/<hook>.hookagent-chained: the hook our shim had kept, if any
};

std::vector<MovedShim> find_moved_shims(const std::filesystem::path& hooks_dir);

// Removes the moved shim; the hook it had kept (if any) takes its name, so the
// tool runs it (pre-commit) or restores it on uninstall (lefthook) as it would
// have without us. Returns the report line.
Result<std::string> put_back_moved_shim(const MovedShim& moved);

}  // namespace hookagent::hooks
