#include "scan/scanner.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/changed_region.hpp"
#include "scan/decoded_scan.hpp"
#include "scan/fingerprint.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/rule_set.hpp"
#include "scan/text_tools.hpp"

namespace hookagent::scan {
namespace {

// A file descriptor closed on every path out.
struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

// Reads until `want` bytes or EOF; -1 on error (errno set).
ssize_t read_some(int fd, char* buf, std::size_t want) {
  std::size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, buf + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

}  // namespace

void shift_first_line_columns(std::vector<Finding>& findings, std::size_t from, int first_line, std::size_t line_head) {
  if (line_head == 0) return;
  for (std::size_t i = from; i < findings.size(); ++i)
    if (findings[i].line == first_line && findings[i].column > 0) findings[i].column += static_cast<int>(line_head);
}

Scanner::Scanner(std::shared_ptr<const RuleSet> rules, ScanOptions options)
    : rules_(std::move(rules)), options_(options) {
  if (options_.overlap * 4 > options_.chunk_size) options_.overlap = options_.chunk_size / 4;
}

const PatternPrefilter* Scanner::patterns_for(std::size_t bytes) const {
  if (options_.prefilter == PrefilterUse::Off) return nullptr;
  const uint64_t seen = scanned_->fetch_add(bytes, std::memory_order_relaxed) + bytes;
  PrefilterUse use = options_.prefilter;
  if (use == PrefilterUse::Build && seen < options_.compile_after) use = PrefilterUse::CachedOnly;
  // Loaded already (a warm server's child): reading it is what load_after saves.
  if (use == PrefilterUse::CachedOnly && seen < options_.load_after && !rules_->pattern_prefilter_loaded())
    return nullptr;
  return rules_->pattern_prefilter(use);
}

std::vector<Finding> Scanner::scan_text(std::string_view text, const TextContext& ctx) const {
  std::vector<Finding> out;
  const Fragment fragment{text, 1, 0, std::string_view::npos, options_.windows, patterns_for(text.size()),
                          options_.inline_allow};
  scan_fragment(*rules_, fragment, ctx, out);
  scan_decoded(*rules_, fragment, ctx, options_.max_decode_depth, out);
  return out;
}

std::vector<Finding> Scanner::scan_region(std::string_view text, const TextRegion& region,
                                          const TextContext& ctx) const {
  std::vector<Finding> out;
  if (region.own_begin >= region.own_end) return out;
  // A composite rule's companions count wherever they are in the file.
  const std::size_t begin = rules_->composite ? 0 : region.begin;
  const std::size_t end = rules_->composite ? text.size() : region.end;
  const std::string_view part = text.substr(begin, end - begin);
  const Fragment fragment{part,
                          rules_->composite ? 1 : region.first_line,
                          region.own_begin - begin,
                          region.own_end - begin,
                          options_.windows,
                          patterns_for(part.size()),
                          options_.inline_allow};
  scan_fragment(*rules_, fragment, ctx, out);
  scan_decoded(*rules_, fragment, ctx, options_.max_decode_depth, out);
  return out;
}

std::vector<Finding> Scanner::scan_path_only(const TextContext& ctx) const {
  std::vector<Finding> out;
  for (std::size_t i : rules_->path_only) {
    const CompiledRule& r = rules_->rules[i];
    if (!RE2::PartialMatch(ctx.path, r.path->get())) continue;
    bool allowed = false;
    for (const auto& a : r.allowlists) {
      for (const auto& p : a.paths) allowed = allowed || RE2::PartialMatch(ctx.path, p->get());
    }
    if (allowed) continue;
    Finding f;
    f.rule_id = r.id;
    f.severity = r.severity;
    f.file = ctx.path;
    f.message = r.description;
    f.fingerprint = make_fingerprint(r.id, ctx.path, ctx.path);
    f.fix_hint = r.fix.empty() ? "do not commit this file; add it to .gitignore" : r.fix;
    f.category = r.category;
    f.cwe = r.cwe;
    f.commit = ctx.commit;
    out.push_back(std::move(f));
  }
  return out;
}

// UTF-16 with a byte-order mark is text in spite of its NUL bytes: read whole
// (it is rare and small: .reg exports, PowerShell and resource files) and
// scanned as UTF-8; the decoded text has the file's lines.
FileOutcome Scanner::scan_utf16_file(int fd, std::string bytes, const TextContext& ctx) const {
  FileOutcome result;
  char block[65536];
  for (ssize_t n; (n = read_some(fd, block, sizeof block)) > 0;) {
    bytes.append(block, static_cast<std::size_t>(n));
    if (options_.max_file_size && bytes.size() > options_.max_file_size) {
      result.skipped = true;
      result.note = ctx.path + ": skipped, larger than scan.max_file_size";
      return result;
    }
  }
  result.findings = scan_text(*utf16_with_bom_as_utf8(bytes), ctx);
  return result;
}

FileOutcome Scanner::scan_file(const std::filesystem::path& file, const TextContext& ctx) const {
  Fd f{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    FileOutcome result;
    result.skipped = true;
    result.note = ctx.path + ": skipped, " +
                  (errno == ENOENT ? std::string("it vanished before it could be read")
                                   : std::string("unreadable (") + std::strerror(errno) + ")");
    return result;
  }
  // Small files use only their size (+1 to see EOF in one read).
  struct stat st{};
  std::size_t window = options_.chunk_size + options_.overlap;
  if (::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) < options_.chunk_size)
    window = static_cast<std::size_t>(st.st_size) + 1;
  auto read = [&](char* p, std::size_t n) -> long { return read_some(f.fd, p, n); };
  return scan_chunks(read, window, true, ctx, [&](std::string_view buffered) {
    if (starts_with_utf16_bom(buffered)) return scan_utf16_file(f.fd, std::string(buffered), ctx);
    FileOutcome skipped;
    skipped.skipped = true;
    skipped.note = ctx.path + ": skipped, binary (NUL byte in the first 8000 bytes)";
    return skipped;
  });
}

FileOutcome Scanner::scan_stream(const ChunkSource& read, const TextContext& ctx) const {
  return scan_chunks(read, options_.chunk_size + options_.overlap, false, ctx, [&](std::string_view) {
    FileOutcome skipped;
    skipped.skipped = true;
    skipped.note = ctx.path + ": skipped, binary (NUL byte in the first 8000 bytes)";
    return skipped;
  });
}

FileOutcome Scanner::scan_chunks(const ChunkSource& read, std::size_t window, bool size_limit, const TextContext& ctx,
                                 const BinaryHead& on_binary) const {
  FileOutcome result;
  auto skip = [&](std::string why) {
    result.skipped = true;
    result.note = ctx.path + ": skipped, " + std::move(why);
    return result;
  };
  const std::size_t chunk = options_.chunk_size;
  const std::size_t overlap = options_.overlap;
  // One buffer per thread, reused across files and never zero-filled again:
  // [context carried from the last chunk | new bytes].
  thread_local std::vector<char> storage;
  if (storage.size() < window) storage.resize(window);
  std::string_view buf(storage.data(), window);
  std::size_t have = 0;       // valid bytes in buf
  std::size_t own_from = 0;   // bytes before this were reported by the previous chunk
  int first_line = 1;
  std::size_t line_head = 0;  // bytes of first_line before the buffer: a line longer than a chunk
  uint64_t total = 0;
  bool first = true, eof = false;
  while (!eof) {
    long n = read(storage.data() + have, window - have);
    if (n < 0) return skip(std::string("read failed (") + std::strerror(errno) + ")");
    have += static_cast<std::size_t>(n);
    total += static_cast<uint64_t>(n);
    eof = have < buf.size();
    if (first) {
      first = false;
      if (looks_binary(std::string_view(buf.data(), std::min<std::size_t>(have, 8000))))
        return on_binary(std::string_view(buf.data(), have));
    }
    if (size_limit && options_.max_file_size && total > options_.max_file_size)
      return skip("larger than scan.max_file_size");
    if (!eof && window < chunk + overlap) {  // the file grew since fstat: stream it
      window = chunk + overlap;
      if (storage.size() < window) storage.resize(window);
      buf = std::string_view(storage.data(), window);
      continue;
    }
    std::string_view text(storage.data(), have);
    std::size_t own_to = have;
    if (!eof) {
      // The owned part ends at a line end at least `overlap` bytes before the
      // buffer's end: a match that starts in it (a PEM key on its last lines)
      // is read whole here, as the next chunk does not report it. A line
      // longer than the chunk is cut; `overlap` bytes before the cut are
      // carried so that the next chunk sees a match across it.
      const std::size_t limit = have - overlap;
      std::size_t nl = text.substr(0, limit).rfind('\n');
      own_to = (nl != std::string_view::npos && nl + 1 > own_from + overlap) ? nl + 1 : limit;
    }
    const Fragment fragment{text, first_line, own_from, own_to, options_.windows, patterns_for(have - own_from),
                            options_.inline_allow};
    const std::size_t found_before = result.findings.size();
    scan_fragment(*rules_, fragment, ctx, result.findings);
    scan_decoded(*rules_, fragment, ctx, options_.max_decode_depth, result.findings);
    shift_first_line_columns(result.findings, found_before, first_line, line_head);
    if (eof) break;
    std::size_t keep_from = own_to > overlap ? own_to - overlap : 0;
    // Start the carried context at a line start when one is near, so that
    // excerpts and line numbers of the next chunk begin cleanly.
    std::size_t nl = text.substr(keep_from, own_to - keep_from).find('\n');
    if (nl != std::string_view::npos && keep_from + nl + 1 <= own_to) keep_from += nl + 1;
    const std::size_t last_nl = text.substr(0, keep_from).rfind('\n');
    line_head = last_nl == std::string_view::npos ? line_head + keep_from : keep_from - last_nl - 1;
    first_line += static_cast<int>(std::count(storage.data(), storage.data() + keep_from, '\n'));
    std::memmove(storage.data(), storage.data() + keep_from, have - keep_from);
    have -= keep_from;
    own_from = own_to - keep_from;
  }
  return result;
}

}  // namespace hookagent::scan
