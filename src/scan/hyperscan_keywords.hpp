#pragma once
// The keyword matcher on Vectorscan/Hyperscan: one literal database of every
// keyword (HS_FLAG_CASELESS), scanned in block mode per fragment.
//
// Compiling the database costs tens of milliseconds, more than a whole
// pre-commit scan, so the serialised form is cached in
// $XDG_CACHE_HOME/hookagent/ (else ~/.cache/hookagent/), keyed by a hash of
// the keywords and the library version; a cache that cannot be read or
// written only costs the compile.
#include <hs/hs.h>

#include <memory>
#include <string>
#include <string_view>
#include <cstdint>
#include <vector>

#include "scan/keyword_prefilter.hpp"

namespace hookagent::scan {

// A keyword as a Vectorscan pattern: every byte escaped (\xHH), so nothing in
// it is syntax.
std::string escaped_literal(std::string_view keyword);

class HyperscanKeywords {
 public:
  // Null when the library refuses the database (the caller falls back).
  static std::unique_ptr<HyperscanKeywords> load_or_compile(const std::vector<std::string>& keywords);
  ~HyperscanKeywords();

  // Appends every occurrence. Thread-safe: each thread has its own scratch
  // space. False when the library failed (the caller must then assume every
  // keyword is present: a missed keyword is a missed secret).
  bool find(std::string_view text, std::vector<KeywordHit>& hits) const;

  bool loaded_from_cache() const { return from_cache_; }

 private:
  HyperscanKeywords(hs_database_t* db, bool from_cache);
  hs_database_t* db_;
  bool from_cache_;
  uint64_t id_;  // names this database to the per-thread scratch space
};

}  // namespace hookagent::scan
