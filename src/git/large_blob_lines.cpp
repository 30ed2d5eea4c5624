#include "git/large_blob_lines.hpp"

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "git/git_error.hpp"

namespace hookagent::gitx {

namespace {

// Hands the blob to `consume` in pieces: streamed when loose, else read once
// (libgit2 1.5 cannot stream packed objects). Returns the blob's size.
Result<uint64_t> each_piece(git_repository* repo, const git_oid& id,
                            const std::function<void(const char*, size_t)>& consume) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) < 0) return fail_git("cannot open the object database");
  Odb odb(raw_odb);
  git_odb_stream* stream = nullptr;
  size_t len = 0;
  git_object_t type;
  if (git_odb_open_rstream(&stream, &len, &type, odb.get(), &id) == 0) {
    std::string buf(1 << 20, '\0');
    int n;
    while ((n = git_odb_stream_read(stream, buf.data(), buf.size())) > 0) consume(buf.data(), size_t(n));
    git_odb_stream_free(stream);
    if (n < 0) return fail_git("cannot read blob", to_hex(id));
    return uint64_t(len);
  }
  git_error_clear();
  git_odb_object* raw_obj = nullptr;
  if (git_odb_read(&raw_obj, odb.get(), &id) < 0) return fail_git("cannot read blob", to_hex(id));
  OdbObject obj(raw_obj);
  len = git_odb_object_size(obj.get());
  consume(static_cast<const char*>(git_odb_object_data(obj.get())), len);
  return uint64_t(len);
}

// Collects the first 8000 bytes and either counts lines or hashes each line (FNV-1a).
struct LineScan {
  bool keep_hashes = false;
  std::string head;
  uint64_t lines = 0;
  std::vector<uint64_t> hashes;
  uint64_t h = 1469598103934665603ull;
  bool open_line = false;  // bytes seen since the last '\n'

  void consume(const char* p, size_t n) {
    if (head.size() < 8000) head.append(p, std::min<size_t>(n, 8000 - head.size()));
    const char* end = p + n;
    if (!keep_hashes) {
      for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\n', end - q))); ++q) ++lines;
      if (n) open_line = p[n - 1] != '\n';
      return;
    }
    for (const char* q = p; q < end; ++q) {
      h = (h ^ uint8_t(*q)) * 1099511628211ull;
      open_line = true;
      if (*q == '\n') finish_line();
    }
  }
  void finish_line() {
    if (keep_hashes) hashes.push_back(h);
    h = 1469598103934665603ull;
    ++lines;
    open_line = false;
  }
  void finish() {
    if (open_line) finish_line();
  }
};

}  // namespace

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

Status fill_added_large(git_repository* repo, const git_oid& id, Change& c) {
  LineScan scan;
  auto size = each_piece(repo, id, [&](const char* p, size_t n) { scan.consume(p, n); });
  if (!size) return std::unexpected(size.error());
  scan.finish();
  c.size = *size;
  c.binary = c.binary || looks_binary(scan.head);
  if (!c.binary && scan.lines > 0) c.added.push_back({1, int(scan.lines)});
  return ok();
}

Status fill_modified_large(git_repository* repo, const git_oid& old_id, const git_oid& new_id, Change& c) {
  LineScan old_scan, new_scan;
  old_scan.keep_hashes = new_scan.keep_hashes = true;
  auto old_size = each_piece(repo, old_id, [&](const char* p, size_t n) { old_scan.consume(p, n); });
  if (!old_size) return std::unexpected(old_size.error());
  auto new_size = each_piece(repo, new_id, [&](const char* p, size_t n) { new_scan.consume(p, n); });
  if (!new_size) return std::unexpected(new_size.error());
  old_scan.finish();
  new_scan.finish();
  c.size = *new_size;
  c.binary = c.binary || looks_binary(old_scan.head) || looks_binary(new_scan.head);
  if (c.binary) return ok();
  const auto& a = old_scan.hashes;
  const auto& b = new_scan.hashes;
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  if (prefix + suffix < b.size()) c.added.push_back({int(prefix + 1), int(b.size() - suffix)});
  return ok();
}

}  // namespace hookagent::gitx
