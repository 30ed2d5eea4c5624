// One large file scanned by several threads: chunks at fixed offsets, each
// read with pread, so no thread waits for another's bytes. Line numbers are
// fixed up afterwards from each chunk's newline count.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "scan/decoded_scan.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/parallel.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"

namespace hookagent::scan {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

// Reads up to `want` bytes at `offset`; fewer only at the end of the file; -1 on an error.
long read_at(int fd, char* buf, std::size_t want, uint64_t offset) {
  std::size_t got = 0;
  while (got < want) {
    ssize_t n = ::pread(fd, buf + got, want - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return static_cast<long>(got);
}

struct ChunkResult {
  std::vector<Finding> findings;  // lines counted from the chunk's first byte
  uint64_t owned_newlines = 0;    // in [begin, end): the next chunks' line offset
  uint64_t carried_newlines = 0;  // in the context read before `begin`
  uint64_t text_start = 0;        // file offset of the chunk's first byte read
  int64_t last_newline = -1;      // file offset of the owned part's last '\n', if any
  int error = 0;  // errno of a failed read
};

}  // namespace

FileOutcome Scanner::scan_file_split(const std::filesystem::path& file, const TextContext& ctx, int jobs) const {
  Fd f{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat st{};
  if (jobs <= 1 || f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<uint64_t>(st.st_size) < split_file_bytes() ||
      (options_.max_file_size && static_cast<uint64_t>(st.st_size) > options_.max_file_size))
    return scan_file(file, ctx);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const std::size_t chunk = options_.chunk_size, overlap = options_.overlap;
  {
    char head[8000];
    long n = read_at(f.fd, head, sizeof head, 0);
    if (n < 0 || looks_binary(std::string_view(head, static_cast<std::size_t>(n)))) return scan_file(file, ctx);
  }
  // Chunk k owns [bounds[k], bounds[k+1]): whole lines where a line end lies
  // within `overlap` bytes before the nominal cut, else the cut itself.
  std::vector<uint64_t> bounds{0};
  std::vector<char> probe(overlap);
  for (uint64_t cut = chunk; cut < size; cut += chunk) {
    long n = read_at(f.fd, probe.data(), overlap, cut - overlap);
    if (n < 0) return scan_file(file, ctx);
    std::string_view before(probe.data(), static_cast<std::size_t>(n));
    std::size_t nl = before.rfind('\n');
    bounds.push_back(nl == std::string_view::npos ? cut : cut - overlap + nl + 1);
  }
  bounds.push_back(size);
  const std::size_t count = bounds.size() - 1;

  std::vector<ChunkResult> parts(count);
  parallel_for(count, jobs, [&](std::size_t k, std::size_t) {
    ChunkResult& out = parts[k];
    const uint64_t begin = bounds[k], end = bounds[k + 1];
    const uint64_t from = begin > overlap ? begin - overlap : 0;
    const uint64_t to = std::min(size, end + overlap);
    thread_local std::vector<char> storage;
    if (storage.size() < to - from) storage.resize(to - from);
    long n = read_at(f.fd, storage.data(), to - from, from);
    if (n < 0) {
      out.error = errno ? errno : EIO;
      return;
    }
    std::string_view text(storage.data(), static_cast<std::size_t>(n));  // shorter if the file shrank
    std::size_t own_from = std::min<std::size_t>(begin - from, text.size());
    // Start the context at a line start when one is near, as scan_file does.
    std::size_t skip = 0;
    if (std::size_t nl = text.substr(0, own_from).find('\n'); nl != std::string_view::npos) skip = nl + 1;
    text.remove_prefix(skip);
    own_from -= skip;
    const std::size_t own_to = std::min<std::size_t>(end - from - skip, text.size());
    out.carried_newlines = static_cast<uint64_t>(std::count(text.begin(), text.begin() + own_from, '\n'));
    out.owned_newlines = static_cast<uint64_t>(std::count(text.begin() + own_from, text.begin() + own_to, '\n'));
    out.text_start = from + skip;
    if (std::size_t nl = text.substr(0, own_to).rfind('\n'); nl != std::string_view::npos && nl >= own_from)
      out.last_newline = static_cast<int64_t>(out.text_start + nl);
    const Fragment fragment{text, 1, own_from, own_to, options_.windows, patterns_for(own_to - own_from),
                            options_.inline_allow};
    scan_fragment(*rules_, fragment, ctx, out.findings);
    scan_decoded(*rules_, fragment, ctx, options_.max_decode_depth, out.findings);
  });

  FileOutcome result;
  uint64_t lines_before = 0;  // newlines before the chunk's owned part
  int64_t last_newline = -1;  // the last one before it
  for (ChunkResult& part : parts) {
    if (part.error) {
      result = FileOutcome{};
      result.skipped = true;
      result.note = ctx.path + ": skipped, read failed (" + std::strerror(part.error) + ")";
      return result;
    }
    const int shift = static_cast<int>(lines_before - part.carried_newlines);
    // Without a newline in its context the chunk starts inside a line that
    // began after the last newline of an earlier chunk.
    const std::size_t line_head =
        part.carried_newlines ? 0 : static_cast<std::size_t>(static_cast<int64_t>(part.text_start) - last_newline - 1);
    shift_first_line_columns(part.findings, 0, 1, line_head);
    for (Finding& finding : part.findings) {
      finding.line += shift;
      result.findings.push_back(std::move(finding));
    }
    lines_before += part.owned_newlines;
    if (part.last_newline >= 0) last_newline = part.last_newline;
  }
  return result;
}

}  // namespace hookagent::scan
