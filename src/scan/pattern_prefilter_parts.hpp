#pragma once
// Inside the pattern prefilter (pattern_prefilter.hpp): its groups of rules and
// their databases, shared by the part that compiles them
// (pattern_prefilter_compile.cpp), the part that stores them
// (pattern_prefilter_file.cpp) and the scanning part (pattern_prefilter.cpp).
// Vectorscan builds only.
#include <hs/hs.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "scan/pattern_prefilter.hpp"

namespace hookagent::scan {

// A superset of each regex, reporting every end offset where it may match:
// find() keeps the least and the greatest, which bound RE2's search both ways.
constexpr unsigned kPrefilterFlags = HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY;
// At most this many combined groups (one per probe file name at most).
constexpr std::size_t kMaxCombinations = 64;
// A combination (several MB: it holds the every-path rules again) is worth
// deserialising once this much text of its files has been scanned without it,
// counting the text at hand (a large file uses it from its first chunk).
constexpr uint64_t kCombineAfter = 256u << 10;

// The mapped cache pages of a serialised database, once it has been copied
// into its own memory: they are never read again, and kept they would count
// twice in the process's resident memory (the database is tens of MB). A
// page read again later (another group's blob) is mapped again from the page
// cache: the mapping is read-only, so nothing is lost.
inline void release_pages(std::string_view bytes) {
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  auto begin = (reinterpret_cast<uintptr_t>(bytes.data()) + page - 1) & ~(page - 1);
  auto end = (reinterpret_cast<uintptr_t>(bytes.data()) + bytes.size()) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

// A group's database is deserialised when a file first needs it: a commit of
// Python files never pays for the ~800 KB of other languages' databases.
struct PatternPrefilter::Group {
  std::string path_pattern;
  std::vector<uint32_t> rules;  // the rules in the database, by rule index (= the match id)
  std::vector<uint32_t> members;  // a combination: the groups whose rules it holds (sorted); else empty
  hs_database_t* db = nullptr;  // set by a compile, or on first use from `blob`
  std::string_view blob;        // serialised database inside PatternPrefilter::cached_
  std::string_view file;        // all of PatternPrefilter::cached_ (see database())
  std::once_flag once;
  bool broken = false;          // `blob` was refused (damaged, another library build)
  // A combination: bytes its members scanned separately so far. It is used
  // only past kCombineAfter, so a hook's few files never pay to deserialise it.
  std::atomic<uint64_t> separate_bytes{0};

  ~Group() { hs_free_database(db); }
  // Null when the group has no database (no rules) or it cannot be read (then `broken`).
  const hs_database_t* database() {
    std::call_once(once, [this] {
      if (db || blob.empty()) return;
      // Deserialising checks the library version, the platform and a checksum.
      if (hs_deserialize_database(blob.data(), blob.size(), &db) != HS_SUCCESS) {
        db = nullptr;
        broken = true;
      }
      // The whole file, not only the blob: a page cache of large folios (a
      // cache file just written, on recent kernels) maps a whole folio per
      // fault, so reading one group's headers or blob left MBs of its
      // neighbours counted as this process's memory (a 200 MB file's scan
      // peaked at 81 MiB against 30).
      release_pages(file.empty() ? blob : file);
    });
    return db;
  }
};
using GroupList = std::vector<std::unique_ptr<PatternPrefilter::Group>>;


// --- compiling (pattern_prefilter_compile.cpp) ---
// The rules of each path pattern; group 0 holds the rules for every path.
GroupList group_rules(const std::vector<PrefilterRule>& rules);
// The bounds of a rule's matches.
MatchBound bound_of(const std::string& pattern);
// Compiles one group, dropping patterns Vectorscan refuses.
void compile_group(PatternPrefilter::Group& g, const std::vector<PrefilterRule>& rules);
// Appends one combined group per set of groups a probe file name belongs to.
void add_combinations(GroupList& groups, const std::vector<PrefilterRule>& rules);

// --- storing (pattern_prefilter_file.cpp) ---
std::string serialise(const GroupList& groups, const std::vector<MatchBound>& bounds, std::size_t rule_count);
// The groups of a cache file, their databases left serialised (Group::database).
// False on anything unexpected: the caller compiles afresh and rewrites the file.
bool deserialise(std::string_view in, std::size_t rule_count, GroupList& groups, std::vector<MatchBound>& bounds);

}  // namespace hookagent::scan
