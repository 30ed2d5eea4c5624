#include "scan/spec_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "scan/disk_cache.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;
namespace {

// Bump when RuleSpec, the encoding or analyse_reach changes: old files are then ignored.
constexpr char kMagic[8] = {'H', 'A', 'S', 'P', 'E', 'C', '0', '5'};

// The file's identity as it is now: path, size and mtime (ns).
struct Stamp {
  std::string path;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

std::optional<Stamp> stamp_of(const fs::path& pack) {
  struct stat st{};
  if (::stat(pack.c_str(), &st) != 0) return std::nullopt;
  Stamp s;
  s.path = fs::absolute(pack).lexically_normal().string();
  s.size = static_cast<uint64_t>(st.st_size);
  s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return s;
}

fs::path cache_file(const Stamp& stamp) {
  return cache_entry("pack", fnv1a(stamp.path, fnv1a(std::string_view(kMagic, sizeof kMagic))), "spec");
}

class Writer {
 public:
  void u64(uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void f64(double v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(const std::string& s) {
    u64(s.size());
    out_ += s;
  }
  void strs(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) str(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool u64(uint64_t& v) {
    if (in_.size() < sizeof v) return ok_ = false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return true;
  }
  bool f64(double& v) {
    if (in_.size() < sizeof v) return ok_ = false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return true;
  }
  bool str(std::string& s) {
    uint64_t n = 0;
    if (!u64(n) || in_.size() < n) return ok_ = false;
    s.assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  bool strs(std::vector<std::string>& v) {
    uint64_t n = 0;
    if (!u64(n) || n > in_.size()) return ok_ = false;
    v.resize(n);
    for (auto& s : v)
      if (!str(s)) return false;
    return true;
  }
  template <class E>
  bool small(E& e, uint64_t limit) {
    uint64_t v = 0;
    if (!u64(v) || v > limit) return ok_ = false;
    e = static_cast<E>(v);
    return true;
  }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }
  std::size_t left() const { return in_.size(); }

 private:
  std::string_view in_;
  bool ok_ = true;
};

void put(Writer& w, const AllowlistSpec& a) {
  w.str(a.description);
  w.strs(a.regexes);
  w.u64(static_cast<uint64_t>(a.regex_target));
  w.strs(a.paths);
  w.strs(a.stopwords);
  w.strs(a.commits);
  w.u64(static_cast<uint64_t>(a.condition));
  w.strs(a.target_rules);
  w.str(a.where);
}

bool get(Reader& r, AllowlistSpec& a) {
  return r.str(a.description) && r.strs(a.regexes) && r.small(a.regex_target, 2) && r.strs(a.paths) &&
         r.strs(a.stopwords) && r.strs(a.commits) && r.small(a.condition, 1) && r.strs(a.target_rules) &&
         r.str(a.where);
}

void put(Writer& w, const std::vector<AllowlistSpec>& v) {
  w.u64(v.size());
  for (const auto& a : v) put(w, a);
}

bool get(Reader& r, std::vector<AllowlistSpec>& v) {
  uint64_t n = 0;
  if (!r.u64(n) || n > r.left()) return false;
  v.resize(n);
  for (auto& a : v)
    if (!get(r, a)) return false;
  return true;
}

// The samples (positives, negatives, samplePath) are left out: only the
// pack test reads them, and it parses the TOML itself.
void put(Writer& w, const RuleSpec& s) {
  w.str(s.id);
  w.str(s.description);
  w.str(s.regex);
  w.u64(static_cast<uint64_t>(s.secret_group));
  w.f64(s.entropy);
  w.strs(s.keywords);
  w.str(s.path);
  w.strs(s.tags);
  put(w, s.allowlists);
  w.u64(s.severity ? static_cast<uint64_t>(*s.severity) + 1 : 0);
  w.str(s.cwe);
  w.str(s.fix);
  w.str(s.category);
  w.str(s.where);
  w.str(s.regex_where);
  w.str(s.path_where);
  w.str(s.origin);
  w.strs(s.aliases);
  w.u64(s.confidence ? static_cast<uint64_t>(*s.confidence) + 1 : 0);
  w.u64(s.skip_report ? 1 : 0);
  w.str(s.prefilter);
  w.u64(s.required.size());
  for (const auto& q : s.required) {
    w.str(q.id);
    w.u64(static_cast<uint64_t>(q.within_lines + 1));
    w.u64(static_cast<uint64_t>(q.within_columns + 1));
  }
  w.u64((s.has_regex ? 1u : 0u) | (s.has_entropy ? 2u : 0u) | (s.has_secret_group ? 4u : 0u) |
        (s.has_path ? 8u : 0u) | (s.has_keywords ? 16u : 0u) | (s.has_description ? 32u : 0u));
  w.u64(s.reach ? 1 : 0);
  if (s.reach) {
    w.u64(s.reach->key);
    w.u64((s.reach->reach.contains_keyword ? 1u : 0u) | (s.reach->reach.single_line ? 2u : 0u));
    w.u64(s.reach->reach.max_len);
  }
}

bool get(Reader& r, RuleSpec& s) {
  uint64_t group = 0, severity = 0, flags = 0, confidence = 0, skip = 0, nrequired = 0;
  if (!(r.str(s.id) && r.str(s.description) && r.str(s.regex) && r.u64(group) && r.f64(s.entropy) &&
        r.strs(s.keywords) && r.str(s.path) && r.strs(s.tags) && get(r, s.allowlists) && r.u64(severity) &&
        r.str(s.cwe) && r.str(s.fix) && r.str(s.category) && r.str(s.where) && r.str(s.regex_where) &&
        r.str(s.path_where) && r.str(s.origin) && r.strs(s.aliases) && r.u64(confidence) && r.u64(skip) &&
        r.str(s.prefilter) && r.u64(nrequired)))
    return false;
  if (confidence > static_cast<uint64_t>(RuleConfidence::High) + 1 || nrequired > r.left()) return false;
  if (confidence) s.confidence = static_cast<RuleConfidence>(confidence - 1);
  s.skip_report = skip != 0;
  s.required.resize(nrequired);
  for (auto& q : s.required) {
    uint64_t lines = 0, columns = 0;
    if (!(r.str(q.id) && r.u64(lines) && r.u64(columns)) || lines > 1001 || columns > 1001) return false;
    q.within_lines = static_cast<int>(lines) - 1;
    q.within_columns = static_cast<int>(columns) - 1;
  }
  if (!r.u64(flags)) return false;
  if (group > 1000 || severity > static_cast<uint64_t>(Severity::Critical) + 1) return false;
  s.secret_group = static_cast<int>(group);
  if (severity) s.severity = static_cast<Severity>(severity - 1);
  s.has_regex = flags & 1u;
  s.has_entropy = flags & 2u;
  s.has_secret_group = flags & 4u;
  s.has_path = flags & 8u;
  s.has_keywords = flags & 16u;
  s.has_description = flags & 32u;
  uint64_t has_reach = 0;
  if (!r.u64(has_reach) || has_reach > 1) return false;
  if (has_reach) {
    uint64_t key = 0, bits = 0, max_len = 0;
    if (!(r.u64(key) && r.u64(bits) && r.u64(max_len)) || bits > 3) return false;
    s.reach = KnownReach{key, RuleReach{(bits & 1u) != 0, (bits & 2u) != 0, static_cast<std::size_t>(max_len)}};
  }
  return true;
}

void put_stamp(Writer& w, const Stamp& s) {
  w.bytes().append(kMagic, sizeof kMagic);
  w.str(s.path);
  w.u64(s.size);
  w.u64(static_cast<uint64_t>(s.mtime_ns));
}

}  // namespace

std::optional<RuleSpecSet> read_cached_specs(const fs::path& pack) {
  auto stamp = stamp_of(pack);
  if (!stamp) return std::nullopt;
  fs::path file = cache_file(*stamp);
  if (file.empty()) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Writer expect;
  put_stamp(expect, *stamp);
  if (bytes.compare(0, expect.bytes().size(), expect.bytes()) != 0) return std::nullopt;  // another version of the pack
  Reader r(std::string_view(bytes).substr(expect.bytes().size()));
  RuleSpecSet set;
  uint64_t n = 0;
  if (!r.u64(n) || n > r.left()) return std::nullopt;
  set.rules.resize(n);
  for (auto& s : set.rules)
    if (!get(r, s)) return std::nullopt;
  if (!get(r, set.global_allowlists) || !r.strs(set.files) || !r.strs(set.disabled_rules) || !r.done())
    return std::nullopt;
  return set;
}

void write_cached_specs(const fs::path& pack, const RuleSpecSet& specs) {
  auto stamp = stamp_of(pack);
  if (!stamp) return;
  fs::path file = cache_file(*stamp);
  if (file.empty()) return;
  Writer w;
  put_stamp(w, *stamp);
  w.u64(specs.rules.size());
  for (const auto& s : specs.rules) put(w, s);
  put(w, specs.global_allowlists);
  w.strs(specs.files);
  w.strs(specs.disabled_rules);
  write_atomically(file, w.bytes());
}

}  // namespace hookagent::scan
