// The pattern prefilter's cache file: match bounds, then each group's path
// pattern, rules, member groups and database size, then the serialised
// databases. The headers come together so that loading touches one stretch
// of the mapped file: on a kernel whose page cache holds large folios (a file
// just written), each scattered header mapped a folio of its own, and a scan
// peaked at 75 MiB before it had read a byte.
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "scan/pattern_prefilter_parts.hpp"

namespace hookagent::scan {
namespace {

// Bump when the layout changes: old files are then refused and rewritten.
constexpr char kMagic[8] = {'H', 'A', 'P', 'F', '0', '0', '1', '0'};

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

}  // namespace

std::string serialise(const GroupList& groups, const std::vector<MatchBound>& bounds, std::size_t rule_count) {
  std::vector<std::pair<char*, std::size_t>> blobs;
  auto free_blobs = [&] {
    for (auto& [bytes, size] : blobs) std::free(bytes);
  };
  for (const auto& gp : groups) {
    char* bytes = nullptr;
    std::size_t size = 0;
    if (gp->db && hs_serialize_database(gp->db, &bytes, &size) != HS_SUCCESS) {
      free_blobs();
      return {};
    }
    blobs.emplace_back(bytes, size);
  }
  std::string out(kMagic, sizeof kMagic);
  for (const MatchBound& b : bounds) {
    put<uint32_t>(out, b.min_len);
    put<uint32_t>(out, b.max_len);
    put<uint8_t>(out, b.single_line ? 1 : 0);
    put<int32_t>(out, b.max_newlines);
  }
  put<uint32_t>(out, static_cast<uint32_t>(rule_count));
  put<uint32_t>(out, static_cast<uint32_t>(groups.size()));
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const PatternPrefilter::Group& g = *groups[i];
    put<uint32_t>(out, static_cast<uint32_t>(g.path_pattern.size()));
    out += g.path_pattern;
    put<uint32_t>(out, static_cast<uint32_t>(g.rules.size()));
    for (uint32_t r : g.rules) put<uint32_t>(out, r);
    put<uint32_t>(out, static_cast<uint32_t>(g.members.size()));
    for (uint32_t m : g.members) put<uint32_t>(out, m);
    put<uint64_t>(out, blobs[i].second);
  }
  for (auto& [bytes, size] : blobs) out.append(bytes ? bytes : "", size);
  free_blobs();
  return out;
}

bool deserialise(std::string_view in, std::size_t rule_count, GroupList& groups, std::vector<MatchBound>& bounds) {
  if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) return false;
  in.remove_prefix(sizeof kMagic);
  bounds.assign(rule_count, {});
  for (MatchBound& b : bounds) {
    uint8_t single = 0;
    if (!take(in, b.min_len) || !take(in, b.max_len) || !take(in, single) || !take(in, b.max_newlines)) return false;
    b.single_line = single != 0;
  }
  uint32_t rules = 0, count = 0;
  if (!take(in, rules) || !take(in, count) || rules != rule_count || count > rule_count + 1 + kMaxCombinations)
    return false;
  std::vector<uint64_t> sizes;
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
    if (!take(in, size) || size > in.size()) return false;
    sizes.push_back(size);
    groups.push_back(std::move(gp));
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {  // the databases, after every header
    if (sizes[i] > in.size()) return false;
    groups[i]->blob = in.substr(0, sizes[i]);
    in.remove_prefix(sizes[i]);
  }
  return in.empty() && !groups.empty();
}

}  // namespace hookagent::scan
