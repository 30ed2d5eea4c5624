#include "scan/pattern_prefilter.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <fcntl.h>
#include <re2/set.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hookagent_build_config.hpp"
#include "scan/disk_cache.hpp"
#include "scan/match_windows.hpp"
#include "scan/rule_set.hpp"
#if HOOKAGENT_HAVE_HYPERSCAN
#include <hs/hs.h>
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

#if HOOKAGENT_HAVE_HYPERSCAN

// A group's database is deserialised when a file first needs it: a commit of
// Python files never pays for the ~800 KB of other languages' databases.
struct PatternPrefilter::Group {
  std::string path_pattern;
  std::vector<uint32_t> rules;  // the rules in the database, by rule index (= the match id)
  std::vector<uint32_t> members;  // a combination: the groups whose rules it holds (sorted); else empty
  hs_database_t* db = nullptr;  // set by a compile, or on first use from `blob`
  std::string_view blob;        // serialised database inside PatternPrefilter::cached_
  std::once_flag once;
  bool broken = false;          // `blob` was refused (damaged, another library build)

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
    });
    return db;
  }
};
using GroupList = std::vector<std::unique_ptr<PatternPrefilter::Group>>;

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

// A superset of each regex, one report per rule and scan at most (see bound_of).
constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
constexpr char kMagic[8] = {'H', 'A', 'P', 'F', '0', '0', '0', '5'};

fs::path cache_file(const std::vector<PrefilterRule>& rules) {
  uint64_t h = fnv1a(hs_version());
  h = fnv1a(std::to_string(kFlags), h);
  for (const auto& r : rules) {  // with the NULs, so that ("ab","") and ("a","b") differ
    h = fnv1a(std::string_view(r.pattern.c_str(), r.pattern.size() + 1), h);
    h = fnv1a(std::string_view(r.path_pattern.c_str(), r.path_pattern.size() + 1), h);
  }
  return cache_entry("patterns", h, "hsdb");
}

// The rules of each path pattern; group 0 holds the rules for every path.
GroupList group_rules(const std::vector<PrefilterRule>& rules) {
  GroupList groups;
  groups.push_back(std::make_unique<PatternPrefilter::Group>());
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (rules[r].pattern.empty()) continue;
    std::size_t g = 0;
    if (!rules[r].path_pattern.empty()) {
      auto [it, fresh] = index.try_emplace(rules[r].path_pattern, groups.size());
      if (fresh) {
        groups.push_back(std::make_unique<PatternPrefilter::Group>());
        groups.back()->path_pattern = rules[r].path_pattern;
      }
      g = it->second;
    }
    groups[g]->rules.push_back(static_cast<uint32_t>(r));
  }
  return groups;
}

// Compiles one group. A pattern Vectorscan refuses is dropped (its rule takes
// the keyword path) and the rest compiled again.
// `every_report[r]`: compile rule r without SINGLEMATCH (see bound_of).
void compile_group(PatternPrefilter::Group& g, const std::vector<PrefilterRule>& rules,
                   const std::vector<uint8_t>& every_report) {
  while (!g.rules.empty()) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (uint32_t r : g.rules) {
      exprs.push_back(rules[r].pattern.c_str());
      flags.push_back(every_report[r] ? kFlags & ~HS_FLAG_SINGLEMATCH : kFlags);
      ids.push_back(r);
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                         nullptr, &g.db, &err) == HS_SUCCESS)
      return;
    const int bad = err ? err->expression : -1;
    hs_free_compile_error(err);
    g.db = nullptr;
    if (bad < 0 || static_cast<std::size_t>(bad) >= g.rules.size()) {
      g.rules.clear();  // the whole database was refused (too large): every rule takes the keyword path
      return;
    }
    g.rules.erase(g.rules.begin() + bad);
  }
}

// The bounds of a rule's matches, and whether its prefilter must report every
// match: when an expression's reports may arrive out of end-offset order
// (assertions can do that), the single report SINGLEMATCH keeps is not
// necessarily the first, so such rules report all and find() keeps the least.
MatchBound bound_of(const std::string& pattern, bool& every_report) {
  MatchBound b;
  every_report = false;
  if (pattern.empty()) return b;
  b.single_line = !may_match_newline(pattern);
  hs_expr_info_t* plain = nullptr;
  hs_expr_info_t* filtered = nullptr;
  hs_compile_error_t* err = nullptr;
  bool ok = hs_expression_info(pattern.c_str(), HS_FLAG_ALLOWEMPTY, &plain, &err) == HS_SUCCESS;
  if (!ok) hs_free_compile_error(err);
  err = nullptr;
  if (ok && hs_expression_info(pattern.c_str(), kFlags, &filtered, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    ok = false;
  }
  if (ok) {
    every_report = plain->unordered_matches || filtered->unordered_matches;
    b.min_len = plain->min_width;
    b.max_len = plain->max_width == UINT_MAX ? 0 : plain->max_width;
  }
  std::free(plain);
  std::free(filtered);
  // `{,n}` is a literal in Go but a repeat to Vectorscan: the widths mean nothing then.
  if (pattern.find("{,") != std::string::npos) b.max_len = 0;
  return b;
}

// File names that stand for the languages of the bundled packs. Rules for
// one language often come in several groups (`\.(?:js|ts)$`,
// `\.(?:js|jsx|ts|tsx|vue)$`, ...): a file matching several gets one combined
// database instead of one pass per group.
constexpr std::array<const char*, 52> kProbes = {
    "src/a.py", "src/settings.py", "src/a.js", "src/a.jsx", "src/a.ts", "src/a.tsx", "src/a.mjs", "src/a.cjs",
    "src/a.vue", "src/a.svelte", "src/a.html", "src/a.java", "src/a.kt", "src/a.kts", "src/a.groovy",
    "src/a.scala", "src/a.jsp", "src/a.c", "src/a.h", "src/a.cc", "src/a.cpp", "src/a.hpp", "src/a.m",
    "src/a.mm", "src/a.cs", "src/a.vb", "src/a.cshtml", "src/a.go", "src/a.php", "src/a.rb", "src/a.erb",
    "Rakefile", "Gemfile", "src/a.rs", "src/a.sh", "src/a.bash", "src/a.yml", "src/a.yaml", "Dockerfile",
    "Makefile", "Jenkinsfile", ".env", "src/a.json", "src/a.toml", "src/a.ini", "src/a.properties",
    "web.config", "nuget.config", "settings.xml", "AndroidManifest.xml", "src/a.ps1", "src/a.swift"};

// One combined database per distinct set (of two or more) of groups a probe
// file belongs to, appended after the plain groups. A set whose combination
// does not compile keeps its groups' separate passes.
void add_combinations(GroupList& groups, const std::vector<PrefilterRule>& rules,
                      const std::vector<uint8_t>& every_report) {
  const std::size_t plain = groups.size();
  std::vector<std::unique_ptr<RE2>> paths(plain);
  for (std::size_t g = 1; g < plain; ++g) paths[g] = std::make_unique<RE2>(groups[g]->path_pattern, go_regex_options());
  std::set<std::vector<uint32_t>> seen;
  for (const char* probe : kProbes) {
    std::vector<uint32_t> members;
    for (std::size_t g = 1; g < plain; ++g)
      if (paths[g]->ok() && groups[g]->db && RE2::PartialMatch(probe, *paths[g])) members.push_back(static_cast<uint32_t>(g));
    if (members.size() < 2 || !seen.insert(members).second) continue;
    auto combo = std::make_unique<PatternPrefilter::Group>();
    combo->members = members;
    for (uint32_t m : members) combo->rules.insert(combo->rules.end(), groups[m]->rules.begin(), groups[m]->rules.end());
    compile_group(*combo, rules, every_report);
    if (combo->db && combo->rules.size() == [&] {
          std::size_t n = 0;
          for (uint32_t m : members) n += groups[m]->rules.size();
          return n;
        }())
      groups.push_back(std::move(combo));
  }
}

template <class T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
bool take(std::string_view& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

std::string serialise(const GroupList& groups, const std::vector<MatchBound>& bounds, std::size_t rule_count) {
  std::string out(kMagic, sizeof kMagic);
  for (const MatchBound& b : bounds) {
    put<uint32_t>(out, b.min_len);
    put<uint32_t>(out, b.max_len);
    put<uint8_t>(out, b.single_line ? 1 : 0);
  }
  put<uint32_t>(out, static_cast<uint32_t>(rule_count));
  put<uint32_t>(out, static_cast<uint32_t>(groups.size()));
  for (const auto& gp : groups) {
    const PatternPrefilter::Group& g = *gp;
    put<uint32_t>(out, static_cast<uint32_t>(g.path_pattern.size()));
    out += g.path_pattern;
    put<uint32_t>(out, static_cast<uint32_t>(g.rules.size()));
    for (uint32_t r : g.rules) put<uint32_t>(out, r);
    put<uint32_t>(out, static_cast<uint32_t>(g.members.size()));
    for (uint32_t m : g.members) put<uint32_t>(out, m);
    char* bytes = nullptr;
    std::size_t size = 0;
    if (g.db && hs_serialize_database(g.db, &bytes, &size) != HS_SUCCESS) return {};
    put<uint64_t>(out, size);
    out.append(bytes ? bytes : "", size);
    std::free(bytes);
  }
  return out;
}

// The groups of a cache file, their databases left serialised (Group::database).
// False on anything unexpected: the caller compiles afresh and rewrites the file.
bool deserialise(std::string_view in, std::size_t rule_count, GroupList& groups, std::vector<MatchBound>& bounds) {
  if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) return false;
  in.remove_prefix(sizeof kMagic);
  bounds.assign(rule_count, {});
  for (MatchBound& b : bounds) {
    uint8_t single = 0;
    if (!take(in, b.min_len) || !take(in, b.max_len) || !take(in, single)) return false;
    b.single_line = single != 0;
  }
  uint32_t rules = 0, count = 0;
  if (!take(in, rules) || !take(in, count) || rules != rule_count || count > 2 * (rule_count + 1) + kProbes.size())
    return false;
  for (uint32_t i = 0; i < count; ++i) {
    auto gp = std::make_unique<PatternPrefilter::Group>();
    PatternPrefilter::Group& g = *gp;
    uint32_t len = 0, n = 0;
    uint64_t size = 0;
    if (!take(in, len) || in.size() < len) return false;
    g.path_pattern.assign(in.data(), len);
    in.remove_prefix(len);
    if (!take(in, n) || n > rule_count) return false;
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t r = 0;
      if (!take(in, r) || r >= rule_count) return false;
      g.rules.push_back(r);
    }
    if (!take(in, n) || n > count) return false;
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t m = 0;
      if (!take(in, m) || m >= i || !groups[m]->members.empty()) return false;  // earlier, plain groups only
      g.members.push_back(m);
    }
    if (!take(in, size) || in.size() < size) return false;
    g.blob = in.substr(0, size);
    in.remove_prefix(size);
    groups.push_back(std::move(gp));
  }
  return in.empty() && !groups.empty();
}


// One scratch space per thread, grown for each database of the prefilter it
// last served (an id, not an address, names that prefilter).
std::atomic<uint64_t> next_id{1};
struct Scratch {
  hs_scratch_t* space = nullptr;
  uint64_t owner = 0;
  std::vector<uint8_t> fits;  // per group
  ~Scratch() { if (space) hs_free_scratch(space); }
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  uint32_t& first = (*static_cast<std::vector<uint32_t>*>(ctx))[id];
  const uint32_t end = static_cast<uint32_t>(to) + 1;
  if (first == 0 || end < first) first = end;
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
  if (!file.empty()) p->cached_ = std::make_unique<Mapping>(file);
  if (p->cached_ && deserialise(p->cached_->bytes(), rules.size(), p->groups_, p->bounds_) &&
      p->groups_[0]->database() &&
      !p->groups_[0]->broken) {
    p->from_cache_ = true;  // group 0 is read now: a file that fails there is not worth keeping
  } else {
    p->groups_.clear();
    p->cached_.reset();
    if (!compile_if_missing) return nullptr;
    const auto started = std::chrono::steady_clock::now();
    p->groups_ = group_rules(rules);
    p->bounds_.clear();
    std::vector<uint8_t> every_report(rules.size(), 0);
    for (std::size_t r = 0; r < rules.size(); ++r) {
      bool all = false;
      p->bounds_.push_back(bound_of(rules[r].pattern, all));
      every_report[r] = all;
    }
    for (auto& g : p->groups_) compile_group(*g, rules, every_report);
    add_combinations(p->groups_, rules, every_report);
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!file.empty()) {
      std::string bytes = serialise(p->groups_, p->bounds_, rules.size());
      if (!bytes.empty()) write_atomically(file, bytes);
    }
  }
  p->covered_.assign(rules.size(), 0);
  for (const auto& g : p->groups_)
    for (uint32_t r : g->rules) p->covered_[r] = 1;
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

bool PatternPrefilter::find(std::string_view text, std::string_view path, std::vector<uint32_t>& may_match) const {
  thread_local Scratch scratch;
  if (scratch.owner != id_) {
    scratch.owner = id_;
    scratch.fits.assign(groups_.size(), 0);
  }
  thread_local std::vector<int> matched;
  thread_local std::vector<uint32_t> members;
  matched.clear();
  members.clear();
  if (!paths_->group_of.empty()) paths_->set.Match(re2::StringPiece(path.data(), path.size()), &matched);
  for (int i : matched) members.push_back(static_cast<uint32_t>(paths_->group_of[static_cast<std::size_t>(i)]));
  for (std::size_t g : paths_->always) members.push_back(static_cast<uint32_t>(g));
  std::sort(members.begin(), members.end());
  auto scan = [&](std::size_t g) {
    Group& group = *groups_[g];
    const hs_database_t* db = group.database();
    if (!db) return !group.broken;  // no rules here; a database that cannot be read knows nothing
    if (!scratch.fits[g]) {
      if (hs_alloc_scratch(db, &scratch.space) != HS_SUCCESS) return false;
      scratch.fits[g] = 1;
    }
    return hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch.space, on_match,
                   &may_match) == HS_SUCCESS;
  };
  if (!scan(0)) return false;
  if (members.size() >= 2) {
    auto combined = combination_of_.find(members);
    if (combined != combination_of_.end() && scan(combined->second)) return true;
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
bool PatternPrefilter::find(std::string_view, std::string_view, std::vector<uint32_t>&) const { return false; }
std::size_t PatternPrefilter::search_from(std::size_t, uint32_t, std::string_view) const { return 0; }

#endif

}  // namespace hookagent::scan
