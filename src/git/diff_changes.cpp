#include "git/diff_changes.hpp"

#include <cstring>

#include "git/git_error.hpp"

namespace hookagent::gitx {

namespace {

// New files above this size are read by streaming instead of through a
// git_patch: libgit2 would load the whole blob (and run xdiff over it) only to
// tell us that every line is added.
constexpr uint64_t kStreamAddedAbove = 8u << 20;

// libgit2's own binary heuristic (git_str_is_binary in 1.5) over the first
// 8000 bytes, the amount git and libgit2 look at: a NUL byte, or more than one
// non-printable byte per 128 printable ones.
bool looks_binary(std::string_view head) {
  if (head.size() >= 2 && ((uint8_t(head[0]) == 0xFE && uint8_t(head[1]) == 0xFF) ||
                           (uint8_t(head[0]) == 0xFF && uint8_t(head[1]) == 0xFE)))
    return true;  // UTF-16 BOM: binary to libgit2
  if (head.size() >= 3 && uint8_t(head[0]) == 0xEF && uint8_t(head[1]) == 0xBB && uint8_t(head[2]) == 0xBF)
    head.remove_prefix(3);
  size_t printable = 0, nonprintable = 0;
  for (unsigned char c : head) {
    if ((c > 0x1F && c != 127) || c == '\b' || c == '\033' || c == '\014')
      ++printable;
    else if (c == '\0')
      return true;
    else if (!(c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'))
      ++nonprintable;
  }
  return (printable >> 7) < nonprintable;
}

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

// A new file read once, streamed: all of its lines are added.
Status fill_from_stream(git_repository* repo, const git_oid& id, Change& c) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) < 0) return fail_git("cannot open the object database");
  Odb odb(raw_odb);
  std::string head;
  uint64_t lines = 0;
  char last = '\n';
  auto consume = [&](const char* p, size_t n) {
    if (head.size() < 8000) head.append(p, std::min<size_t>(n, 8000 - head.size()));
    const char* end = p + n;
    for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\n', end - q))); ++q) ++lines;
    if (n) last = p[n - 1];
  };
  git_odb_stream* stream = nullptr;
  size_t len = 0;
  git_object_t type;
  if (git_odb_open_rstream(&stream, &len, &type, odb.get(), &id) == 0) {
    std::string buf(1 << 20, '\0');
    int n;
    while ((n = git_odb_stream_read(stream, buf.data(), buf.size())) > 0) consume(buf.data(), size_t(n));
    git_odb_stream_free(stream);
    if (n < 0) return fail_git("cannot read blob", to_hex(id));
  } else {
    git_error_clear();  // packed objects cannot be streamed in libgit2 1.5: read once
    git_odb_object* raw_obj = nullptr;
    if (git_odb_read(&raw_obj, odb.get(), &id) < 0) return fail_git("cannot read blob", to_hex(id));
    OdbObject obj(raw_obj);
    len = git_odb_object_size(obj.get());
    consume(static_cast<const char*>(git_odb_object_data(obj.get())), len);
  }
  c.size = len;
  c.binary = c.binary || looks_binary(head);
  if (!c.binary && len > 0) c.added.push_back({1, int(lines + (last == '\n' ? 0 : 1))});
  return ok();
}

Status fill_from_patch(git_diff* diff, size_t i, Change& c) {
  git_patch* raw = nullptr;
  if (git_patch_from_diff(&raw, diff, i) < 0) return fail_git("cannot diff", c.path);
  if (!raw) return ok();  // unchanged content (e.g. a mode change only)
  Patch patch(raw);
  const git_diff_delta* d = git_patch_get_delta(patch.get());
  c.binary = (d->flags & GIT_DIFF_FLAG_BINARY) != 0;
  if (d->new_file.size) c.size = d->new_file.size;
  if (c.binary) return ok();
  for (size_t h = 0, n = git_patch_num_hunks(patch.get()); h < n; ++h) {
    const git_diff_hunk* hunk = nullptr;
    if (git_patch_get_hunk(&hunk, nullptr, patch.get(), h) < 0) return fail_git("cannot read hunk", c.path);
    if (hunk->new_lines <= 0) continue;
    LineRange r{hunk->new_start, hunk->new_start + hunk->new_lines - 1};
    if (!c.added.empty() && c.added.back().last + 1 >= r.first)
      c.added.back().last = std::max(c.added.back().last, r.last);
    else
      c.added.push_back(r);
  }
  return ok();
}

}  // namespace

git_diff_options change_diff_options() {
  git_diff_options o;
  git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
  o.context_lines = 0;
  o.interhunk_lines = 0;
  o.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  return o;
}

Result<std::vector<Change>> changes_from_diff(git_repository* repo, git_diff* diff) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff, &find) < 0) return fail_git("rename detection failed");

  std::vector<Change> out;
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
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo) < 0) return fail_git("cannot open the object database");
    Odb odb(raw_odb);
    size_t size = 0;
    git_object_t type;
    if (git_odb_read_header(&size, &type, odb.get(), &d->new_file.id) < 0)
      return fail_git("staged object is missing", c.path + " (" + c.new_id + ")");
    c.size = size;
    Status st = ok();
    if (c.status == ChangeStatus::Added && size > kStreamAddedAbove) {
      c.binary = diff_attribute_unset(repo, c.path.c_str());
      st = c.binary ? ok() : fill_from_stream(repo, d->new_file.id, c);
    } else {
      st = fill_from_patch(diff, i, c);
    }
    if (!st) return std::unexpected(st.error());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace hookagent::gitx
