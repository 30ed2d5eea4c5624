#pragma once
// The change under review as the model reads it: for each file, its status
// and the added lines with their line numbers in the new file and a little
// context, like a unified diff's new side. Deleted lines are not shown (the
// model can Read the file as committed); this keeps the message small and
// its line numbers exactly the ones report_finding needs.
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/change.hpp"

namespace hookagent::agent {

// The content of a new blob, as it may be shown (the caller redacts it whole,
// before any hunk is cut from it). `path` is the file's path in the change.
using BlobReader = std::function<Result<std::string>(const std::string& blob_id, const std::string& path)>;

struct ChangeTextOptions {
  int context_lines = 3;
  size_t max_bytes = 200 * 1024;  // whole message; the rest is listed by name only
};

std::string describe_changes(const std::vector<Change>& changes, const BlobReader& read_blob,
                             const ChangeTextOptions& options = {});

}  // namespace hookagent::agent
