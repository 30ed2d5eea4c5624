// Added lines computed late, for a change whose diff left them pending: the
// same zero-context patch the diff would have made, from the two blobs.
#include "git/diff_changes.hpp"
#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent {

namespace {

Result<gitx::Blob> lookup_blob(git_repository* repo, const std::string& id, const std::string& path) {
  git_oid oid;
  if (!gitx::parse_hex(id, &oid)) return fail(ErrorKind::Git, "not a blob id: " + id, path);
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo, &oid) < 0) return gitx::fail_git("cannot read blob", path + " (" + id + ")");
  return gitx::Blob(raw);
}

}  // namespace

Status Repository::fill_added_lines(Change& change) const {
  if (!change.added_pending) return ok();
  gitx::Blob old_blob;
  if (!change.old_id.empty()) {
    auto b = lookup_blob(repo_, change.old_id, change.old_path);
    if (!b) return std::unexpected(b.error());
    old_blob = std::move(*b);
  }
  auto new_blob = lookup_blob(repo_, change.new_id, change.path);
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
