#pragma once
// Where a repository's directories are, found without libgit2 so that a hook
// with nothing to do never pays for loading it (STYLE: hook start-up cost).
#include <filesystem>
#include <optional>

#include "core/result.hpp"

namespace hookagent {

struct RepoPaths {
  std::filesystem::path work_tree;   // empty for a bare repository
  std::filesystem::path git_dir;     // this worktree's git dir ($GIT_DIR)
  std::filesystem::path common_dir;  // shared by all worktrees (holds hooks/, config, refs)
  bool bare = false;
};

// Honours GIT_DIR, GIT_WORK_TREE and GIT_COMMON_DIR as git sets them for hooks,
// then walks up from `start` looking for .git (a directory, or a gitfile of a
// linked worktree), then for a bare repository.
Result<RepoPaths> discover_repo_paths(const std::filesystem::path& start);

}  // namespace hookagent
