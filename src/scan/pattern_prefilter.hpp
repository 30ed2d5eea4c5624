#pragma once
// The second prefilter: every rule's own regex, compiled by Vectorscan in
// prefilter mode (a superset of the regex: it may report a match the regex
// would not make, never the other way round), one pass per file. RE2 then
// runs only for the rules that may match, instead of for every rule whose
// keyword occurs (a keyword like "function" or "key" occurs in nearly every
// file; `new Function(` or a 40-character secret after `key =` rarely does).
//
// Rules are grouped by their `path` pattern: a `.py` file is scanned with the
// database of the rules for every path plus the one of the Python rules, never
// with the Java ones; past a few hundred KB of a language, with one database
// combining both (one pass).
//
// Only for text with no byte >= 0x80: Vectorscan reads bytes, RE2 reads UTF-8,
// and only on ASCII text do both see the same characters. Other text takes the
// keyword path (keyword_prefilter.hpp), as do rules Vectorscan refuses.
//
// Compiling takes ~10 s of 2 cores for the bundled packs, so databases are
// cached on disk like the keyword one (hyperscan_keywords.hpp) and built only
// when asked: by `hookagent install`, or by a long bulk scan. A hook with no
// cache yet uses the keyword path.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "scan/match_windows.hpp"

namespace hookagent::scan {

// When a scan may use the pattern prefilter (pattern_prefilter.hpp).
enum class PrefilterUse {
  Off,         // never (tests compare with it)
  CachedOnly,  // when its databases are cached already: a hook never waits for a compile
  Build,       // compile and cache it when missing (bulk scans, `hookagent install`)
};

// What a rule contributes: its regex (RE2 syntax; empty for a rule without
// one) and its `path` pattern (empty: applies to every path).
struct PrefilterRule {
  std::string pattern;
  std::string path_pattern;
  // Instead of the pattern (then empty): the rule's keywords, looked for as
  // literals in any case. A report then says only that one occurs: gitleaks'
  // condition for the rule to apply at all, not where a match may lie.
  std::vector<std::string> keywords;
};

// Where a rule's matches can start relative to where they end, from its
// pattern (ASCII text): RE2 may then begin its search near the prefilter's
// first report instead of at the top of the file.
struct MatchBound {
  uint32_t min_len = 0;      // 0: may match empty (no trimming then)
  uint32_t max_len = 0;      // 0: unbounded or unknown
  bool single_line = false;  // no match can contain '\n'
  int32_t max_newlines = -1; // at most this many '\n' in a match; -1: unbounded or unknown
};

// Where a rule's matches can lie, from each of its reports: the line of the
// reported end for a rule whose matches cannot span lines, else the rule's
// longest match back from it, else as many lines back as a match can span. RE2 then searches those windows only, not the
// span from the first report to the last (on real code a broad rule like
// generic-api-key is reported near the top and the bottom of most files it is
// reported in at all).
class ReportWindows {
 public:
  // Forgets the last text's windows (only the rules it touched).
  void reset(std::size_t rules);
  // The windows (merged where they touch) for rule r; null when not tracked:
  // the rule's matches are unbounded, or its reports came out of order or
  // made too many windows.
  const std::vector<Window>* of(std::size_t rule) const {
    return rule < state_.size() && state_[rule] == kTracked ? &windows_[rule] : nullptr;
  }
  // True when rule r had reports but no windows came of them (see of()).
  bool gave_up(std::size_t rule) const { return rule < state_.size() && state_[rule] == kGaveUp; }
  // Records the report whose last byte is text[last], for a rule whose
  // matches have these bounds (single-line, bounded length or bounded lines).
  void add(std::size_t rule, std::size_t last, const MatchBound& bound, std::string_view text);

 private:
  static constexpr uint8_t kUntouched = 0, kTracked = 1, kGaveUp = 2;
  // Bounds the memory kept per rule (x 16 bytes x ~600 rules). Past it, the
  // windows closest together are joined (the gap searched too): a broad rule
  // reported all over a large file still skips its long quiet stretches.
  static constexpr std::size_t kMaxWindows = 512;
  void coarsen(std::size_t rule);
  std::vector<std::vector<Window>> windows_;
  std::vector<uint8_t> state_;
  std::vector<std::size_t> join_gap_;  // per rule: windows this close are one
  std::vector<uint32_t> touched_;
};

class PatternPrefilter {
 public:
  // From the cache when present, else (compile_if_missing) compiled and
  // cached; null when neither (or without Vectorscan). `seconds` gets the
  // compile time (0 from the cache).
  static std::unique_ptr<PatternPrefilter> load(const std::vector<PrefilterRule>& rules, bool compile_if_missing,
                                                double* seconds = nullptr);
  ~PatternPrefilter();

  // For each rule r (among those Vectorscan took) whose regex may match
  // `text`, sets first_end[r] to 1 + the smallest end offset it reported and
  // last_end[r] to 1 + the greatest (every match of the regex ends at one of
  // the reported offsets); 0 = cannot match. Both vectors must come in
  // zeroed. Scans only the groups `path` belongs to. On text that is not
  // ASCII only matches made of ASCII bytes are sure to be reported.
  // False when the library failed: then nothing is known.
  // With `near`, also the windows around each bounded rule's reports.
  bool find(std::string_view text, std::string_view path, std::vector<uint32_t>& first_end,
            std::vector<uint32_t>& last_end, ReportWindows* near = nullptr) const;

  // The search may start here instead of 0 for rule r, whose first report
  // ended at first_end[r] - 1 (see find()).
  std::size_t search_from(std::size_t rule, uint32_t first_end, std::string_view text) const;
  // ... and end here instead of at text.size(): no match ends after the last
  // report. RE2 keeps the whole text as context, so `$` and `\b` at this
  // end still see the bytes that follow, and a leftmost-first match that
  // fits is the one a whole-text search picks.
  std::size_t search_to(std::size_t rule, uint32_t last_end, std::string_view text) const;

  // True when Vectorscan took rule r; the others need the keyword path.
  bool covers(std::size_t rule) const { return rule < covered_.size() && covered_[rule]; }
  // True when Vectorscan took rule r by its keywords (PrefilterRule::keywords):
  // a report says one occurs, nothing about where the rule may match.
  bool by_keywords(std::size_t rule) const { return rule < by_keywords_.size() && by_keywords_[rule]; }
  // True when Vectorscan took rule r and none of its matches can hold a byte
  // >= 0x80 on text without the two letters that fold onto ASCII ones
  // (ascii_matches.hpp): on such text its reports place every match.
  bool ascii_only(std::size_t rule) const { return rule < ascii_only_.size() && ascii_only_[rule]; }
  // The bounds of rule r's matches (ASCII text).
  MatchBound bound(std::size_t rule) const { return rule < bounds_.size() ? bounds_[rule] : MatchBound{}; }
  bool loaded_from_cache() const { return from_cache_; }

  struct Group;  // rules sharing one path pattern, with their database

 private:
  PatternPrefilter();
  std::vector<std::unique_ptr<Group>> groups_;  // [0]: rules without a path pattern
  struct Mapping;                   // the cache file, mapped: groups deserialise from it on first use
  std::unique_ptr<Mapping> cached_;
  std::vector<uint8_t> covered_;
  std::vector<uint8_t> ascii_only_;
  std::vector<uint8_t> by_keywords_;
  std::vector<MatchBound> bounds_;  // per rule, computed when compiled and cached with the databases
  struct PathSet;                   // every group's path pattern, matched at once
  std::map<std::vector<uint32_t>, std::size_t> combination_of_;  // sorted groups -> their combined group
  std::unique_ptr<PathSet> paths_;
  bool from_cache_ = false;
  uint64_t id_ = 0;  // names this prefilter to the per-thread scratch space
};

// False for patterns whose meaning Vectorscan and RE2 are known to read
// differently even on ASCII text: Unicode property classes (`\p{Lu}` under
// `(?i)` folds case in RE2, not in Vectorscan). Those rules take the keyword path.
bool prefilter_can_take(std::string_view pattern);

// True when no byte of `text` is >= 0x80.
bool is_ascii(std::string_view text);

}  // namespace hookagent::scan
