#include "scan/pattern_prefilter.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <re2/set.h>
#include <unistd.h>

#include "hookagent_build_config.hpp"
#include "scan/rule_set.hpp"
#if HOOKAGENT_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

namespace hookagent::scan {
namespace fs = std::filesystem;

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

struct PatternPrefilter::Group {
  std::string path_pattern;
  std::vector<uint32_t> rules;  // the rules in `db`, by rule index (= the match id)
  hs_database_t* db = nullptr;
};

struct PatternPrefilter::PathSet {
  RE2::Set set{go_regex_options(), RE2::UNANCHORED};
  std::vector<std::size_t> group_of;  // set index -> group
  std::vector<std::size_t> always;    // groups whose path pattern the set refused: scanned for every path
};

namespace {

// A superset of each regex, one report per rule and scan at most.
constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
constexpr char kMagic[8] = {'H', 'A', 'P', 'F', '0', '0', '0', '1'};

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

fs::path cache_file(const std::vector<PrefilterRule>& rules) {
  fs::path dir;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') dir = x;
  else if (const char* home = std::getenv("HOME"); home && *home) dir = fs::path(home) / ".cache";
  else return {};
  uint64_t h = fnv1a(hs_version());
  h = fnv1a(std::to_string(kFlags), h);
  for (const auto& r : rules) {  // with the NULs, so that ("ab","") and ("a","b") differ
    h = fnv1a(std::string_view(r.pattern.c_str(), r.pattern.size() + 1), h);
    h = fnv1a(std::string_view(r.path_pattern.c_str(), r.path_pattern.size() + 1), h);
  }
  char name[64];
  std::snprintf(name, sizeof name, "patterns-%016llx.hsdb", static_cast<unsigned long long>(h));
  return dir / "hookagent" / name;
}

// The rules of each path pattern; group 0 holds the rules for every path.
std::vector<PatternPrefilter::Group> group_rules(const std::vector<PrefilterRule>& rules) {
  std::vector<PatternPrefilter::Group> groups(1);
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (rules[r].pattern.empty()) continue;
    std::size_t g = 0;
    if (!rules[r].path_pattern.empty()) {
      auto [it, fresh] = index.try_emplace(rules[r].path_pattern, groups.size());
      if (fresh) groups.push_back({rules[r].path_pattern, {}, nullptr});
      g = it->second;
    }
    groups[g].rules.push_back(static_cast<uint32_t>(r));
  }
  return groups;
}

// Compiles one group. A pattern Vectorscan refuses is dropped (its rule takes
// the keyword path) and the rest compiled again.
void compile_group(PatternPrefilter::Group& g, const std::vector<PrefilterRule>& rules) {
  while (!g.rules.empty()) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags(g.rules.size(), kFlags), ids;
    for (uint32_t r : g.rules) {
      exprs.push_back(rules[r].pattern.c_str());
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

std::string serialise(const std::vector<PatternPrefilter::Group>& groups, std::size_t rule_count) {
  std::string out(kMagic, sizeof kMagic);
  put<uint32_t>(out, static_cast<uint32_t>(rule_count));
  put<uint32_t>(out, static_cast<uint32_t>(groups.size()));
  for (const auto& g : groups) {
    put<uint32_t>(out, static_cast<uint32_t>(g.path_pattern.size()));
    out += g.path_pattern;
    put<uint32_t>(out, static_cast<uint32_t>(g.rules.size()));
    for (uint32_t r : g.rules) put<uint32_t>(out, r);
    char* bytes = nullptr;
    std::size_t size = 0;
    if (g.db && hs_serialize_database(g.db, &bytes, &size) != HS_SUCCESS) return {};
    put<uint64_t>(out, size);
    out.append(bytes ? bytes : "", size);
    std::free(bytes);
  }
  return out;
}

// False on anything unexpected: the caller compiles afresh and rewrites the file.
bool deserialise(std::string_view in, std::size_t rule_count, std::vector<PatternPrefilter::Group>& groups) {
  if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) return false;
  in.remove_prefix(sizeof kMagic);
  uint32_t rules = 0, count = 0;
  if (!take(in, rules) || !take(in, count) || rules != rule_count || count > rule_count + 1) return false;
  for (uint32_t i = 0; i < count; ++i) {
    PatternPrefilter::Group g;
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
    if (!take(in, size) || in.size() < size) return false;
    // Deserialising checks the library version, the platform and a checksum.
    if (size && hs_deserialize_database(in.data(), size, &g.db) != HS_SUCCESS) return false;
    in.remove_prefix(size);
    groups.push_back(std::move(g));
  }
  return in.empty();
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& file, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  // Written aside and renamed: a concurrent scan never reads half a file.
  fs::path tmp = file;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) fs::rename(tmp, file, ec);
  if (ec) fs::remove(tmp, ec);
}

void free_groups(std::vector<PatternPrefilter::Group>& groups) {
  for (auto& g : groups) hs_free_database(g.db);
  groups.clear();
}

// One scratch space per thread, grown once for every database of the
// prefilter it last served (an id, not an address, names that prefilter).
std::atomic<uint64_t> next_id{1};
struct Scratch {
  hs_scratch_t* space = nullptr;
  uint64_t fits = 0;
  ~Scratch() { if (space) hs_free_scratch(space); }
};

int on_match(unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
  (*static_cast<std::vector<uint8_t>*>(ctx))[id] = 1;
  return 0;
}

}  // namespace

PatternPrefilter::PatternPrefilter() = default;

PatternPrefilter::~PatternPrefilter() { free_groups(groups_); }

std::unique_ptr<PatternPrefilter> PatternPrefilter::load(const std::vector<PrefilterRule>& rules,
                                                         bool compile_if_missing, double* seconds) {
  if (seconds) *seconds = 0;
  if (hs_valid_platform() != HS_SUCCESS) return nullptr;
  std::unique_ptr<PatternPrefilter> p(new PatternPrefilter());
  const fs::path file = cache_file(rules);
  if (!file.empty() && deserialise(read_file(file), rules.size(), p->groups_)) {
    p->from_cache_ = true;
  } else {
    free_groups(p->groups_);
    if (!compile_if_missing) return nullptr;
    const auto started = std::chrono::steady_clock::now();
    p->groups_ = group_rules(rules);
    for (auto& g : p->groups_) compile_group(g, rules);
    if (seconds) *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!file.empty()) {
      std::string bytes = serialise(p->groups_, rules.size());
      if (!bytes.empty()) write_file(file, bytes);
    }
  }
  p->covered_.assign(rules.size(), 0);
  for (const auto& g : p->groups_)
    for (uint32_t r : g.rules) p->covered_[r] = 1;
  p->paths_ = std::make_unique<PathSet>();
  for (std::size_t g = 1; g < p->groups_.size(); ++g) {
    if (p->paths_->set.Add(p->groups_[g].path_pattern, nullptr) < 0) p->paths_->always.push_back(g);
    else p->paths_->group_of.push_back(g);
  }
  if (!p->paths_->set.Compile()) {  // out of memory: every group for every path
    for (std::size_t g : p->paths_->group_of) p->paths_->always.push_back(g);
    p->paths_->group_of.clear();
  }
  p->id_ = next_id++;
  return p;
}

bool PatternPrefilter::find(std::string_view text, std::string_view path, std::vector<uint8_t>& may_match) const {
  thread_local Scratch scratch;
  if (scratch.fits != id_) {
    for (const auto& g : groups_)
      if (g.db && hs_alloc_scratch(g.db, &scratch.space) != HS_SUCCESS) return false;
    scratch.fits = id_;
  }
  thread_local std::vector<int> matched;
  matched.clear();
  if (!paths_->group_of.empty()) paths_->set.Match(re2::StringPiece(path.data(), path.size()), &matched);
  auto scan = [&](std::size_t g) {
    const hs_database_t* db = groups_[g].db;
    return !db || hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch.space, on_match,
                          &may_match) == HS_SUCCESS;
  };
  if (!scan(0)) return false;
  for (int i : matched)
    if (!scan(paths_->group_of[static_cast<std::size_t>(i)])) return false;
  for (std::size_t g : paths_->always)
    if (!scan(g)) return false;
  return true;
}

#else  // without Vectorscan: no second prefilter, every rule takes the keyword path

struct PatternPrefilter::Group {};
struct PatternPrefilter::PathSet {};
PatternPrefilter::PatternPrefilter() = default;
PatternPrefilter::~PatternPrefilter() = default;
std::unique_ptr<PatternPrefilter> PatternPrefilter::load(const std::vector<PrefilterRule>&, bool, double* seconds) {
  if (seconds) *seconds = 0;
  return nullptr;
}
bool PatternPrefilter::find(std::string_view, std::string_view, std::vector<uint8_t>&) const { return false; }

#endif

}  // namespace hookagent::scan
