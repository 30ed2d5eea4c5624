#pragma once
// The reviewed tree on disk, for the processes a tool starts (Bash, an agent
// CLI): `tree/` holds the redacted snapshot as regular files only (a symlink
// is a small file holding its target; no `.git`), `scratch/` is the one place
// they may write. Both live in a private directory under $TMPDIR that is
// removed when the review ends; one left by a killed run is removed by the
// next. Made once per reviewed tree, on the first call that needs it.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "agent/snapshot.hpp"
#include "core/result.hpp"

namespace hookagent::agent {

struct WorkspaceLimits {
  std::size_t max_files = 100000;
  uint64_t max_bytes = 1ull << 30;
  // Set by a hook: git must never wait past the hook's timeout for a snapshot.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // HOOKAGENT_SNAPSHOT_MAX_FILES / HOOKAGENT_SNAPSHOT_MAX_BYTES override the defaults.
  static WorkspaceLimits from_env();
};

class SnapshotWorkspace {
 public:
  static Result<std::unique_ptr<SnapshotWorkspace>> create(const Snapshot& snapshot, const WorkspaceLimits& limits,
                                                           const std::filesystem::path& temp_dir = {});
  ~SnapshotWorkspace();
  SnapshotWorkspace(const SnapshotWorkspace&) = delete;
  SnapshotWorkspace& operator=(const SnapshotWorkspace&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path tree() const { return root_ / "tree"; }
  std::filesystem::path scratch() const { return root_ / "scratch"; }
  // Empties the scratch directory: each skill, and each pass, starts clean
  // (what one run wrote, say an agent CLI's settings, must not steer the next).
  Status reset_scratch() const;

 private:
  explicit SnapshotWorkspace(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

// Made on first use, kept for the rest of the review (every skill and turn).
class LazyWorkspace {
 public:
  explicit LazyWorkspace(const Snapshot& snapshot, WorkspaceLimits limits = WorkspaceLimits::from_env())
      : snapshot_(snapshot), limits_(limits) {}
  void set_deadline(std::chrono::steady_clock::time_point deadline) { limits_.deadline = deadline; }
  Result<const SnapshotWorkspace*> get();
  bool made() const { return workspace_ != nullptr; }
  // A new review on the same tree: a clean scratch directory, the same snapshot.
  Status start_review() { return workspace_ ? workspace_->reset_scratch() : ok(); }

 private:
  const Snapshot& snapshot_;
  WorkspaceLimits limits_;
  std::unique_ptr<SnapshotWorkspace> workspace_;
  std::optional<Error> error_;
};

// $TMPDIR, else /tmp.
std::filesystem::path default_temp_dir();

}  // namespace hookagent::agent
