#pragma once
// Internal to src/git/: added lines of large blobs, streamed in one pass each.
#include <git2.h>

#include <string_view>

#include "core/result.hpp"
#include "git/change.hpp"

namespace hookagent::gitx {

// libgit2 1.5's binary heuristic (git_str_is_binary) over the first 8000 bytes.
bool looks_binary(std::string_view head);

// A new blob: every line is added. Streams a loose object; reads a packed one once.
Status fill_added_large(git_repository* repo, const git_oid& id, Change& c);

// A modified blob: the new lines between the longest common prefix and suffix
// of lines (compared by 64-bit line hashes) count as added. This is a superset
// of what xdiff reports, exact when one region changed, linear in time, and
// holds 8 bytes per line instead of both blobs plus xdiff's tables.
Status fill_modified_large(git_repository* repo, const git_oid& old_id, const git_oid& new_id, Change& c);

}  // namespace hookagent::gitx
