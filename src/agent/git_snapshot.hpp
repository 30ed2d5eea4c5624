#pragma once
// The snapshot of a real repository: the staged index (pre-commit) or a
// commit's tree, with file contents read from their blobs on demand.
#include <memory>
#include <string>

#include "agent/snapshot.hpp"
#include "git/repository.hpp"

namespace hookagent::agent {

// What a staged review sees: GIT_INDEX_FILE (relative to `cwd`) or the repo's index.
Result<std::unique_ptr<Snapshot>> staged_snapshot(const Repository& repo, const std::filesystem::path& cwd = {});
// What a commit review sees: the tree of `rev`.
Result<std::unique_ptr<Snapshot>> commit_snapshot(const Repository& repo, const std::string& rev);

}  // namespace hookagent::agent
