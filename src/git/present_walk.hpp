#pragma once
// The commits reachable from a start that this repository holds. libgit2 1.5
// does not read `.git/shallow`, and a partial clone lacks objects: its revwalk
// then stops with "object not found", so this walk steps over parents that are
// not here instead (history scans of shallow and partial clones, push ranges).
#include <git2.h>

#include <string>
#include <unordered_set>
#include <vector>

namespace hookagent::gitx {

// Commit ids reachable from `start`, roughly oldest first, stopping at (and
// leaving out) the ids in `stop`.
std::vector<std::string> walk_present(git_repository* repo, const git_oid& start,
                                      const std::unordered_set<std::string>& stop = {});

}  // namespace hookagent::gitx
