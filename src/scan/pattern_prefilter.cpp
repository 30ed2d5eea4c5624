#include "scan/pattern_prefilter.hpp"

#include <fcntl.h>
#include <re2/set.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>

#include "hookagent_build_config.hpp"
#include "scan/ascii_matches.hpp"
#include "scan/disk_cache.hpp"
#include "scan/hs_scratch.hpp"
#include "scan/rule_set.hpp"
#if HOOKAGENT_HAVE_HYPERSCAN
#include "scan/pattern_prefilter_parts.hpp"
#endif

namespace hookagent::scan {
namespace fs = std::filesystem;

bool prefilter_can_take(std::string_view pattern) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'p' || pattern[i + 1] == 'P') return false;
    ++i;  // an escaped character, `\\` included
  }
  return true;
}

bool is_ascii(std::string_view text) {
  const char* p = text.data();
  std::size_t n = text.size();
  uint64_t acc = 0;
  for (; n >= 32; p += 32, n -= 32) {
    uint64_t w[4];
    std::memcpy(w, p, 32);
    acc |= w[0] | w[1] | w[2] | w[3];
    if (acc & 0x8080808080808080ull) return false;
  }
  for (; n; ++p, --n) acc |= static_cast<unsigned char>(*p);
  return (acc & 0x8080808080808080ull) == 0 && (acc & 0x80) == 0;
}

namespace {

// The start of the line `newlines` lines above the one holding text[last], or
// `limit` when that lies at or before it (the caller knows the text before
// `limit` is searched already, or that no match starts there).
std::size_t line_start_back(std::string_view text, std::size_t last, int32_t newlines, std::size_t limit) {
  std::size_t begin = last;
  for (int32_t k = 0; k <= newlines && begin > limit; ++k) {
    // text[last] itself may be the newline a match ends with; a line above
    // starts past the newline that ends the one above it.
    const void* nl = memrchr(text.data() + limit, '\n', (k == 0 ? begin : begin - 1) - limit);
    if (!nl) return limit;
    begin = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  }
  return std::max(begin, limit);
}

}  // namespace

void ReportWindows::reset(std::size_t rules) {
  if (state_.size() != rules) {
    windows_.assign(rules, {});
    state_.assign(rules, kUntouched);
    join_gap_.assign(rules, 0);
    touched_.clear();
    return;
  }
  for (uint32_t r : touched_) {
    windows_[r].clear();
    state_[r] = kUntouched;
    join_gap_[r] = 0;
  }
  touched_.clear();
}

void ReportWindows::add(std::size_t rule, std::size_t last, const MatchBound& bound, std::string_view text) {
  uint8_t& state = state_[rule];
  if (state == kGaveUp) return;
  std::vector<Window>& windows = windows_[rule];
  if (state == kUntouched) {
    state = kTracked;
    touched_.push_back(static_cast<uint32_t>(rule));
  } else if (last < windows.back().end) {
    if (last >= windows.back().begin) return;  // inside the window last recorded
    state = kGaveUp;  // reports out of order: the caller searches the span
    return;
  }
  const std::size_t floor = windows.empty() ? 0 : windows.back().end;
  std::size_t begin = 0, end = 0;
  if (!bound.single_line && bound.max_len > 0) {  // a match ending here starts at most max_len bytes back
    end = last + 1;
    begin = end > bound.max_len ? end - bound.max_len : 0;
    // ... and at most max_newlines lines up: on code, whose lines are short,
    // that is often the nearer bound (generic-api-key: ~650 bytes, or 6 lines).
    if (bound.max_newlines >= 0) begin = line_start_back(text, last, bound.max_newlines, begin);
  } else {  // the line of the last byte and the lines a match may reach back over
    begin = line_start_back(text, last, bound.max_newlines, floor);
    const void* nl_after = std::memchr(text.data() + last, '\n', text.size() - last);
    end = nl_after ? static_cast<std::size_t>(static_cast<const char*>(nl_after) - text.data()) : text.size();
    end = std::max(end, last + 1);  // a match may end with the newline itself
  }
  // Overlapping or adjacent: one window, so that a match that a whole-text
  // search would meet across both is met whole.
  if (!windows.empty() && begin <= windows.back().end + 1 + join_gap_[rule]) {
    windows.back().end = std::max(windows.back().end, end);
    return;
  }
  if (windows.size() == kMaxWindows) {
    coarsen(rule);
    if (begin <= windows.back().end + 1 + join_gap_[rule]) {
      windows.back().end = std::max(windows.back().end, end);
      return;
    }
  }
  windows.push_back({begin, end});
}

void ReportWindows::coarsen(std::size_t rule) {
  std::vector<Window>& windows = windows_[rule];
  std::size_t& gap = join_gap_[rule];
  while (windows.size() > kMaxWindows / 2) {
    gap = std::max<std::size_t>(gap * 2, 256);
    std::size_t kept = 0;
    for (std::size_t i = 1; i < windows.size(); ++i) {
      if (windows[i].begin <= windows[kept].end + 1 + gap) windows[kept].end = std::max(windows[kept].end, windows[i].end);
      else windows[++kept] = windows[i];
    }
    windows.resize(kept + 1);
  }
}

#if HOOKAGENT_HAVE_HYPERSCAN

// Mapped read-only: reading 3 MB into a string (zero-filled first) cost more
// than the rest of loading.
struct PatternPrefilter::Mapping {
  void* addr = MAP_FAILED;
  std::size_t size = 0;
  explicit Mapping(const fs::path& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st{};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      size = static_cast<std::size_t>(st.st_size);
      addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);
  }
  ~Mapping() {
    if (addr != MAP_FAILED) ::munmap(addr, size);
  }
  std::string_view bytes() const {
    return addr == MAP_FAILED ? std::string_view() : std::string_view(static_cast<const char*>(addr), size);
  }
};

struct PatternPrefilter::PathSet {
  RE2::Set set{go_regex_options(), RE2::UNANCHORED};
  std::vector<std::size_t> group_of;  // set index -> group
  std::vector<std::size_t> always;    // groups whose path pattern the set refused: scanned for every path
};

namespace {


fs::path cache_file(const std::vector<PrefilterRule>& rules) {
  uint64_t h = fnv1a(hs_version());
  h = fnv1a(std::to_string(kPrefilterFlags), h);
  for (const auto& r : rules) {  // with the NULs, so that ("ab","") and ("a","b") differ
    h = fnv1a(std::string_view(r.pattern.c_str(), r.pattern.size() + 1), h);
    h = fnv1a(std::string_view(r.path_pattern.c_str(), r.path_pattern.size() + 1), h);
    const std::string count = std::to_string(r.keywords.size());
    h = fnv1a(std::string_view(count.c_str(), count.size() + 1), h);
    for (const auto& k : r.keywords) h = fnv1a(std::string_view(k.c_str(), k.size() + 1), h);
  }
  return cache_entry("patterns", h, "hsdb");
}

// Names each prefilter (with a group index) to the per-thread scratch space.
std::atomic<uint64_t> next_id{1};

struct Reports {
  std::vector<uint32_t>& first_end;
  std::vector<uint32_t>& last_end;
  ReportWindows* near;
  const std::vector<MatchBound>& bounds;
  std::string_view text;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  auto* reports = static_cast<Reports*>(ctx);
  const uint32_t end = static_cast<uint32_t>(to) + 1;
  uint32_t& first = reports->first_end[id];
  if (first == 0 || end < first) first = end;
  uint32_t& last = reports->last_end[id];
  if (end > last) last = end;
  if (reports->near && to > 0 && id < reports->bounds.size()) {
    const MatchBound& b = reports->bounds[id];
    if (b.min_len > 0 && (b.single_line || b.max_len > 0 || b.max_newlines >= 0))
      reports->near->add(id, static_cast<std::size_t>(to) - 1, b, reports->text);
  }
  return 0;
}

}  // namespace

PatternPrefilter::PatternPrefilter() = default;

PatternPrefilter::~PatternPrefilter() = default;

std::unique_ptr<PatternPrefilter> PatternPrefilter::load(const std::vector<PrefilterRule>& rules,
                                                         bool compile_if_missing, double* seconds) {
  if (seconds) *seconds = 0;
  if (hs_valid_platform() != HS_SUCCESS) return nullptr;
  std::unique_ptr<PatternPrefilter> p(new PatternPrefilter());
  const fs::path file = cache_file(rules);
  auto read_cached = [&] {
    p->groups_.clear();
    p->bounds_.clear();
    p->cached_.reset();
    if (file.empty()) return false;
    p->cached_ = std::make_unique<Mapping>(file);
    // Group 0's header is checked now (library version, platform): a file
    // that fails there is not worth keeping. Its database is read on first use
    // like the others: a large file of one language uses the combined one and
    // never needs it (it would hold the every-path rules twice in memory).
    std::size_t size = 0;
    if (deserialise(p->cached_->bytes(), rules.size(), p->groups_, p->bounds_) &&
        (p->groups_[0]->blob.empty() ||
         hs_serialized_database_size(p->groups_[0]->blob.data(), p->groups_[0]->blob.size(), &size) == HS_SUCCESS)) {
      for (auto& g : p->groups_) g->file = p->cached_->bytes();
      release_pages(p->cached_->bytes());
      return true;
    }
    p->groups_.clear();
    p->cached_.reset();
    return false;
  };
  std::optional<CacheLock> compiling;
  if (!read_cached() && compile_if_missing) {
    // Another process (a second install, a parallel test) may be compiling the
    // same rules: wait for it and take its result rather than compile again.
    compiling.emplace(file);
    if (read_cached()) compiling.reset();
  }
  if (p->cached_) {
    p->from_cache_ = true;
  } else {
    if (!compile_if_missing) return nullptr;
    const auto started = std::chrono::steady_clock::now();
    p->groups_ = group_rules(rules);
    p->bounds_.clear();
    for (const PrefilterRule& r : rules) p->bounds_.push_back(bound_of(r.pattern));
    for (auto& g : p->groups_) compile_group(*g, rules);
    add_combinations(p->groups_, rules);
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!file.empty()) {
      std::string bytes = serialise(p->groups_, p->bounds_, rules.size());
      if (!bytes.empty()) write_atomically(file, bytes);
    }
  }
  p->covered_.assign(rules.size(), 0);
  for (const auto& g : p->groups_)
    for (uint32_t r : g->rules) p->covered_[r] = 1;
  p->ascii_only_.assign(rules.size(), 0);
  p->by_keywords_.assign(rules.size(), 0);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    p->by_keywords_[r] = p->covered_[r] && !rules[r].keywords.empty() ? 1 : 0;
    p->ascii_only_[r] = p->covered_[r] && !p->by_keywords_[r] && matches_only_ascii(rules[r].pattern) ? 1 : 0;
  }
  p->paths_ = std::make_unique<PathSet>();
  for (std::size_t g = 1; g < p->groups_.size(); ++g) {
    if (!p->groups_[g]->members.empty()) {
      p->combination_of_[p->groups_[g]->members] = g;
      continue;
    }
    if (p->paths_->set.Add(p->groups_[g]->path_pattern, nullptr) < 0) p->paths_->always.push_back(g);
    else p->paths_->group_of.push_back(g);
  }
  if (!p->paths_->set.Compile()) {  // out of memory: every group for every path
    for (std::size_t g : p->paths_->group_of) p->paths_->always.push_back(g);
    p->paths_->group_of.clear();
  }
  p->id_ = next_id++;
  return p;
}

std::size_t PatternPrefilter::search_from(std::size_t rule, uint32_t first_end, std::string_view text) const {
  if (first_end == 0 || rule >= bounds_.size()) return 0;
  const MatchBound& b = bounds_[rule];
  if (b.min_len == 0) return 0;  // empty matches could lie anywhere
  const std::size_t end = std::min<std::size_t>(first_end - 1, text.size());
  if (b.single_line) {  // every match lies on the line of its last byte, at or after this one
    if (end == 0) return 0;
    const void* nl = memrchr(text.data(), '\n', end - 1);
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : 0;
  }
  if (b.max_len) return end > b.max_len ? end - b.max_len : 0;
  return 0;
}

std::size_t PatternPrefilter::search_to(std::size_t rule, uint32_t last_end, std::string_view text) const {
  if (last_end == 0 || rule >= bounds_.size() || bounds_[rule].min_len == 0) return text.size();
  return std::min<std::size_t>(last_end - 1, text.size());
}

bool PatternPrefilter::find(std::string_view text, std::string_view path, std::vector<uint32_t>& first_end,
                            std::vector<uint32_t>& last_end, ReportWindows* near) const {
  if (near) near->reset(first_end.size());
  Reports reports{first_end, last_end, near, bounds_, text};
  thread_local std::vector<int> matched;
  thread_local std::vector<uint32_t> members;
  matched.clear();
  members.clear();
  if (!paths_->group_of.empty()) paths_->set.Match(re2::StringPiece(path.data(), path.size()), &matched);
  for (int i : matched) members.push_back(static_cast<uint32_t>(paths_->group_of[static_cast<std::size_t>(i)]));
  for (std::size_t g : paths_->always) members.push_back(static_cast<uint32_t>(g));
  members.push_back(0);
  std::sort(members.begin(), members.end());
  auto scan = [&](std::size_t g) {
    Group& group = *groups_[g];
    const hs_database_t* db = group.database();
    if (!db) return !group.broken;  // no rules here; a database that cannot be read knows nothing
    hs_scratch_t* scratch = scratch_for(db, (id_ << 16) | g);
    if (!scratch) return false;
    return hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &reports) ==
           HS_SUCCESS;
  };
  if (members.size() >= 2) {
    auto combined = combination_of_.find(members);
    if (combined != combination_of_.end() &&
        groups_[combined->second]->separate_bytes.fetch_add(text.size(), std::memory_order_relaxed) + text.size() >=
            kCombineAfter &&
        scan(combined->second))
      return true;
  }
  for (uint32_t g : members)
    if (!scan(g)) return false;
  return true;
}

#else  // without Vectorscan: no second prefilter, every rule takes the keyword path

struct PatternPrefilter::Group {};
struct PatternPrefilter::Mapping {};
struct PatternPrefilter::PathSet {};
PatternPrefilter::PatternPrefilter() = default;
PatternPrefilter::~PatternPrefilter() = default;
std::unique_ptr<PatternPrefilter> PatternPrefilter::load(const std::vector<PrefilterRule>&, bool, double* seconds) {
  if (seconds) *seconds = 0;
  return nullptr;
}
bool PatternPrefilter::find(std::string_view, std::string_view, std::vector<uint32_t>&,
                            std::vector<uint32_t>&, ReportWindows*) const {
  return false;
}
std::size_t PatternPrefilter::search_from(std::size_t, uint32_t, std::string_view) const { return 0; }
std::size_t PatternPrefilter::search_to(std::size_t, uint32_t, std::string_view text) const { return text.size(); }

#endif

}  // namespace hookagent::scan
