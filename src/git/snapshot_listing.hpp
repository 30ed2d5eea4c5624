#pragma once
// Every file of a snapshot git is about to record (the staged index, or a
// commit's tree) with its blob id, so the agent's Read/Grep/Glob can see the
// whole tree as committed, not the work tree. Owned by the agent engineer;
// listed from src/agent/meson.build.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/repository.hpp"

namespace hookagent {

struct SnapshotEntry {
  std::string path;     // repo-relative, '/' separated
  std::string blob_id;  // hex
  uint32_t mode = 0;    // 0100644, 0100755, 0120000 (symlink: the blob is the target)
};

// Stage-0 entries of the index git named in GIT_INDEX_FILE (relative to `cwd`),
// or of the repository's own index; gitlinks (submodules) left out. Sorted by path.
Result<std::vector<SnapshotEntry>> list_staged_files(const Repository& repo, const std::filesystem::path& cwd = {});
// Every blob of the tree of commit `rev`; gitlinks left out. Sorted by path.
Result<std::vector<SnapshotEntry>> list_commit_files(const Repository& repo, const std::string& rev);

}  // namespace hookagent
