// Added lines computed late, for a change whose diff left them pending: the
// same zero-context patch the diff would have made, from the two blobs.
#include "git/diff_changes.hpp"
#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent {

Status Repository::fill_added_lines(Change& change) const {
  if (!change.added_pending) return ok();
  gitx::Blob old_blob;
  if (!change.old_id.empty()) {
    auto b = gitx::lookup_blob(repo_, change.old_id, change.old_path + " (" + change.old_id + ")");
    // A partial clone may hold the new blob but not the old one: every line
    // then counts as added, which reports more rather than missing a secret.
    if (b) old_blob = std::move(*b);
    else git_error_clear();
  }
  auto new_blob = gitx::lookup_blob(repo_, change.new_id, change.path + " (" + change.new_id + ")");
  if (!new_blob) return std::unexpected(new_blob.error());
  auto opts = gitx::change_diff_options();
  git_patch* raw = nullptr;
  if (git_patch_from_blobs(&raw, old_blob.get(), change.old_path.c_str(), new_blob->get(), change.path.c_str(),
                           &opts) < 0)
    return gitx::fail_git("cannot diff", change.path);
  change.added.clear();
  change.added_pending = false;
  if (!raw) return ok();
  gitx::Patch patch(raw);
  return gitx::added_from_patch(patch.get(), change);
}

}  // namespace hookagent
