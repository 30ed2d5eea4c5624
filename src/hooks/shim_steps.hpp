#pragma once
// The shim half of install and uninstall: a shim per hook in the hooks dir git
// uses, every foreign hook kept (renamed, so bytes, mode and symlink-ness
// survive) and chained; and taking a shim out again.
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

enum class ShimAction { Unchanged, WriteShim, ChainThenWriteShim };

struct ShimStep {
  Hook hook;
  ShimAction action = ShimAction::WriteShim;
  std::filesystem::path path;
  std::filesystem::path chained;
  std::filesystem::path stale_chained_to;  // --force: where an existing chained file moves first
  std::string shim;                        // the rendered shim text
};

// `chained_freed`: an earlier step moves <hook>.hookagent-chained away first
// (a moved shim being put back), so it does not count as taken.
Result<ShimStep> plan_shim(Hook hook, const std::filesystem::path& dir, std::string shim, bool force,
                           bool chained_freed);

// Carries out a planned step; `chained` says whether a kept hook is chained afterwards.
Status apply_shim_step(const ShimStep& step, bool* chained, std::vector<std::string>* lines);

// Removes our shim at <dir>/<name> and, when `restore_chained`, renames the
// hook it kept back to <name>. A file there that is not ours is left alone.
// Returns the report lines.
Result<std::vector<std::string>> remove_shim(const std::filesystem::path& dir, const std::string& name,
                                             bool restore_chained);

bool exists_no_follow(const std::filesystem::path& p);

}  // namespace hookagent::hooks
