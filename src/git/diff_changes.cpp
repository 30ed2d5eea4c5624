#include "git/diff_changes.hpp"

#include <cstring>

#include "git/attribute_sources.hpp"
#include "git/git_error.hpp"
#include "git/large_blob_lines.hpp"

namespace hookagent::gitx {

namespace {

// Files above this size skip git_patch: libgit2 would load both blobs and run
// xdiff over them (measured: 13 s and 2 GB of memory for a one-line edit in a
// 200 MB file) when streaming gives the added lines in one pass.
constexpr uint64_t kLargeBlob = 8u << 20;

// An index entry records its file's size, and a staged blob is in the object
// database: below this size the header read (an open and an inflate per
// file, ~18 us each in a 50-file commit's check) is skipped. The recorded
// size is the work tree's, after filters: a blob differs from it only by a
// clean filter's change, and to reach kLargeBlob from here it would have to
// grow 8x. Trees record no sizes: a tree-to-tree diff knows one only where
// rename detection read the blob (exact then), else reads the header.
constexpr uint64_t kTrustedKnownSize = 1u << 20;

ChangeStatus status_of(git_delta_t s) {
  switch (s) {
    case GIT_DELTA_ADDED: return ChangeStatus::Added;
    case GIT_DELTA_DELETED: return ChangeStatus::Deleted;
    case GIT_DELTA_RENAMED: return ChangeStatus::Renamed;
    case GIT_DELTA_COPIED: return ChangeStatus::Copied;
    case GIT_DELTA_TYPECHANGE: return ChangeStatus::TypeChanged;
    default: return ChangeStatus::Modified;
  }
}

bool diff_attribute_unset(git_repository* repo, const char* path) {
  const char* value = nullptr;
  if (git_attr_get(&value, repo, GIT_ATTR_CHECK_INDEX_THEN_FILE, path, "diff") < 0) {
    git_error_clear();
    return false;
  }
  return GIT_ATTR_IS_FALSE(value);  // "-diff" or the "binary" macro
}

bool diff_attribute_unset(git_repository* repo, const std::string& path, AttributeMemo* memo,
                          AttributeSources& sources) {
  if (!sources.may_apply(path)) return false;
  if (!memo) return diff_attribute_unset(repo, path.c_str());
  auto [it, fresh] = memo->diff_unset.try_emplace(path, false);
  if (fresh) it->second = diff_attribute_unset(repo, path.c_str());
  return it->second;
}

Status fill_from_patch(git_diff* diff, size_t i, Change& c) {
  git_patch* raw = nullptr;
  if (git_patch_from_diff(&raw, diff, i) < 0) return fail_git("cannot diff", c.path);
  if (!raw) return ok();  // unchanged content (e.g. a mode change only)
  Patch patch(raw);
  return added_from_patch(patch.get(), c);
}

}  // namespace

Status added_from_patch(git_patch* patch, Change& c) {
  const git_diff_delta* d = git_patch_get_delta(patch);
  c.binary = (d->flags & GIT_DIFF_FLAG_BINARY) != 0;
  if (d->new_file.size) c.size = d->new_file.size;
  if (c.binary) return ok();
  for (size_t h = 0, n = git_patch_num_hunks(patch); h < n; ++h) {
    const git_diff_hunk* hunk = nullptr;
    if (git_patch_get_hunk(&hunk, nullptr, patch, h) < 0) return fail_git("cannot read hunk", c.path);
    if (hunk->new_lines <= 0) continue;
    LineRange r{hunk->new_start, hunk->new_start + hunk->new_lines - 1};
    if (!c.added.empty() && c.added.back().last + 1 >= r.first)
      c.added.back().last = std::max(c.added.back().last, r.last);
    else
      c.added.push_back(r);
  }
  return ok();
}

git_diff_options change_diff_options() {
  git_diff_options o;
  git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
  o.context_lines = 0;
  o.interhunk_lines = 0;
  o.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  return o;
}

Result<std::vector<Change>> changes_from_diff(git_repository* repo, git_diff* diff, AddedLines added,
                                              AttributeMemo* memo) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff, &find) < 0) return fail_git("rename detection failed");

  std::vector<Change> out;
  // Asked once per run of many diffs (a history scan passes a memo).
  std::shared_ptr<AttributeSources> own;
  std::shared_ptr<AttributeSources>& kept = memo ? memo->sources : own;
  if (!kept) kept = std::make_shared<AttributeSources>(repo);
  AttributeSources& sources = *kept;
  for (size_t i = 0, n = git_diff_num_deltas(diff); i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    if (d->status == GIT_DELTA_UNMODIFIED || d->status == GIT_DELTA_IGNORED ||
        d->status == GIT_DELTA_UNTRACKED || d->status == GIT_DELTA_UNREADABLE)
      continue;
    Change c;
    c.status = status_of(d->status);
    c.path = d->new_file.path ? d->new_file.path : d->old_file.path;
    c.old_path = d->old_file.path ? d->old_file.path : c.path;
    if (!git_oid_is_zero(&d->old_file.id)) c.old_id = to_hex(d->old_file.id);
    if (!git_oid_is_zero(&d->new_file.id) && d->status != GIT_DELTA_DELETED) c.new_id = to_hex(d->new_file.id);
    c.old_mode = d->old_file.mode;
    c.new_mode = d->status == GIT_DELTA_DELETED ? 0 : d->new_file.mode;
    if (c.status == ChangeStatus::Deleted || is_gitlink(c.new_mode) || c.new_id.empty()) {
      out.push_back(std::move(c));
      continue;
    }
    size_t size = 0;
    git_object_t type;
    const bool size_known = d->new_file.size > 0 && d->new_file.size < kTrustedKnownSize;
    git_odb* raw_odb = nullptr;
    if (!size_known && git_repository_odb(&raw_odb, repo) < 0) return fail_git("cannot open the object database");
    Odb odb(raw_odb);
    if (size_known) {
      size = static_cast<size_t>(d->new_file.size);
    } else if (git_odb_read_header(&size, &type, odb.get(), &d->new_file.id) < 0) {
      // A partial clone holds trees but not every blob; libgit2 1.5 fetches
      // nothing from a promisor remote, so the change is reported as missing
      // and the caller scans what is here. The index never lacks its blobs.
      git_error_clear();
      c.missing = true;
      out.push_back(std::move(c));
      continue;
    }
    c.size = size;
    Status st = ok();
    bool large_added = c.status == ChangeStatus::Added && size > kLargeBlob;
    bool large_modified = c.status == ChangeStatus::Modified && !c.old_id.empty() && size > kLargeBlob;
    if (large_added || large_modified) {
      c.binary = diff_attribute_unset(repo, c.path, memo, sources);
      if (!c.binary)
        st = large_added ? fill_added_large(repo, d->new_file.id, c)
                         : fill_modified_large(repo, d->old_file.id, d->new_file.id, c);
    } else if (added == AddedLines::OnDemand) {
      // Same content (a pure rename or mode change): nothing added, no patch needed.
      if (c.old_id != c.new_id) {
        c.binary = diff_attribute_unset(repo, c.path, memo, sources);
        c.added_pending = !c.binary;
      }
    } else {
      st = fill_from_patch(diff, i, c);
    }
    if (!st) return std::unexpected(st.error());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace hookagent::gitx
