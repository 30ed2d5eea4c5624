#pragma once
// The commit HEAD points at, read from the files git keeps (light: no libgit2),
// so that post-commit can queue a review and return in a few milliseconds.
#include <string>

#include "core/result.hpp"
#include "git/repo_paths.hpp"

namespace hookagent {

// Follows HEAD through symbolic refs (loose files in the worktree's git dir or
// the common dir, then packed-refs). Error when HEAD is unborn or unreadable.
Result<std::string> read_head_commit(const RepoPaths& paths);

}  // namespace hookagent
