#pragma once
// The keyword prefilter: one pass over the bytes finds every occurrence of
// every rule keyword at once (ASCII case-insensitive), so RE2 runs only for the
// rules whose keywords occur, and only near them when the rule allows it
// (match_windows.hpp) — gitleaks' "quick string compare" without a pass per
// keyword.
//
// Two matchers behind one face: Vectorscan (literal database, compiled once
// and cached serialised on disk, see hyperscan_keywords.hpp) when libhs was
// found at build time, else a hand-written Aho-Corasick automaton.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::scan {

// One occurrence: keyword index and the offset just past its last byte.
struct KeywordHit {
  uint32_t keyword = 0;
  uint32_t end = 0;
};

class HyperscanKeywords;  // hyperscan_keywords.hpp (only with libhs)

class KeywordPrefilter {
 public:
  KeywordPrefilter();
  ~KeywordPrefilter();
  KeywordPrefilter(KeywordPrefilter&&) noexcept;
  KeywordPrefilter& operator=(KeywordPrefilter&&) noexcept;

  // keywords[i] belongs to owner[i] (a rule index); keywords are matched
  // case-insensitively (ASCII). Duplicates are merged.
  void build(const std::vector<std::string>& keywords, const std::vector<std::size_t>& owner,
             std::size_t owner_count);

  // Appends every occurrence in `text` (shorter than 4 GiB). False when the
  // matcher failed: then every keyword must be assumed present.
  bool find(std::string_view text, std::vector<KeywordHit>& hits) const;

  // Sets hit[owner] = 1 for every owner with a keyword in `text`.
  void find(std::string_view text, std::vector<uint8_t>& hit) const;

  bool empty() const { return keywords_.empty(); }
  const std::string& keyword(uint32_t k) const { return keywords_[k]; }
  std::size_t keyword_count() const { return keywords_.size(); }
  const std::vector<uint32_t>& owners(uint32_t k) const { return owners_[k]; }
  // Which matcher runs: "vectorscan" or "aho-corasick" (for `rules list -v`, tests).
  const char* engine() const;

 private:
  void build_automaton();
  void find_automaton(std::string_view text, std::vector<KeywordHit>& hits) const;

  std::vector<std::string> keywords_;             // distinct, lowercased
  std::vector<std::vector<uint32_t>> owners_;     // rules of each keyword
  std::unique_ptr<HyperscanKeywords> hyperscan_;  // null: use the automaton
  // Aho-Corasick fallback: a full DFA over byte classes.
  std::vector<int32_t> next_;                     // states x classes_
  std::vector<uint8_t> byte_class_;               // 256 entries
  std::vector<std::vector<uint32_t>> out_;        // keywords ending at each state
  std::vector<uint8_t> emits_;                    // out_[s] is not empty (hot loop: no vector load)
  std::size_t classes_ = 0;
};

}  // namespace hookagent::scan
