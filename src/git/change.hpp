#pragma once
// One file in a diff, as git is about to record it. Produced only by src/git/.
#include <cstdint>
#include <string>
#include <vector>

namespace hookagent {

enum class ChangeStatus { Added, Modified, Deleted, Renamed, Copied, TypeChanged };

// [first, last], 1-based line numbers in the new blob.
struct LineRange {
  int first = 0;
  int last = 0;
};

struct Change {
  std::string path;       // new path (old path for deletions), repo-relative, '/' separated
  std::string old_path;   // differs from path on renames and copies
  ChangeStatus status = ChangeStatus::Modified;
  std::string old_id;     // hex blob id; empty when the file is new
  std::string new_id;     // hex blob id; empty when the file is deleted
  uint32_t old_mode = 0;  // git file modes: 0100644, 0100755, 0120000 (link), 0160000 (gitlink)
  uint32_t new_mode = 0;
  bool binary = false;
  uint64_t size = 0;      // size of the new blob in bytes
  std::vector<LineRange> added;  // added lines in the new blob; empty for binaries and deletions
  // Asked for with AddedLines::OnDemand: `added` (and `binary` beyond the
  // diff attribute) are not known yet; Repository::fill_added_lines() computes them.
  bool added_pending = false;
  // The new blob is not in the object database (a partial clone, --filter=blob:none):
  // nothing about its content is known; readers skip it and count it.
  bool missing = false;
};

// Whether a diff computes each file's added lines now (a patch per file:
// both blobs read and diffed) or leaves them for when they are needed.
enum class AddedLines { Now, OnDemand };

inline bool is_gitlink(uint32_t mode) { return mode == 0160000; }
inline bool is_symlink(uint32_t mode) { return mode == 0120000; }

}  // namespace hookagent
