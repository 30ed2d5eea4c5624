#pragma once
// Internal to src/git/: one git_diff → our Change values.
#include <git2.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "git/attribute_sources.hpp"
#include "git/change.hpp"

namespace hookagent::gitx {

// Zero context lines, so every hunk's new side is exactly its added lines;
// typechanges reported as such rather than as a delete plus an add.
git_diff_options change_diff_options();

// Each path's answer to "is the diff attribute unset?" (`-diff`, `binary`), kept
// for a run that diffs many commits: libgit2 re-checks every attribute file per lookup.
struct AttributeMemo {
  std::unordered_map<std::string, bool> diff_unset;
  std::shared_ptr<AttributeSources> sources;  // made on first use, for the same repository
};

// Runs rename detection on `diff`, then builds one Change per delta, with the
// binary flag and the new blob's size, and the added line ranges now or, with
// AddedLines::OnDemand, pending for files under the large-blob size.
Result<std::vector<Change>> changes_from_diff(git_repository* repo, git_diff* diff,
                                              AddedLines added = AddedLines::Now,
                                              AttributeMemo* memo = nullptr);

// The new-side hunks of `patch` (zero context) as added line ranges, and its binary flag.
Status added_from_patch(git_patch* patch, Change& c);

}  // namespace hookagent::gitx
