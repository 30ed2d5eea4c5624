#pragma once
// Where a rule's matches can lie, so that RE2 runs only near its keywords
// instead of over the whole fragment — with the same findings.
//
// A rule is windowed only when, for every match made of ASCII bytes,
//  - the match provably contains one of the rule's keywords (RE2's own
//    FilteredRE2 analysis: with every atom that lacks a keyword present, the
//    rule still cannot pass), and
//  - the match cannot contain '\n' (a conservative reading of the pattern),
//    or its length is bounded (Vectorscan's expression analysis).
// Then a window around each keyword occurrence (its line, and/or ±length)
// holds every such match whole; matches with non-ASCII bytes (where Unicode
// case folding could stand in for a keyword) are covered by windows around
// every non-ASCII run. RE2 searches each window with the whole fragment as
// context, so \b, ^ and $ see the same neighbours, and the leftmost-first
// iteration meets the same matches in the same order.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::scan {

struct RuleReach {
  bool contains_keyword = false;
  bool single_line = false;
  std::size_t max_len = 0;  // bytes of an ASCII match; 0 = unbounded or unknown
  bool windowed() const { return contains_keyword && (single_line || max_len > 0); }
};

// `pattern` in RE2 syntax (after translate_go_regex); keywords lowercased.
RuleReach analyse_reach(const std::string& pattern, const std::vector<std::string>& keywords);

// False only when no match of `pattern` can contain a newline (conservative).
bool may_match_newline(std::string_view pattern);

// At most how many newlines one match of `pattern` can hold, -1 when no bound
// is known (conservative: alternatives add up). gitleaks' broad rules allow a
// few `\s` between a key's name and its value but never a newline inside the
// value, so their matches span a few lines at most, however long they are.
int max_newlines(std::string_view pattern);

// analyse_reach() of a bundled rule, worked out when its pack is parsed and
// kept with the parsed pack (spec_cache): the analysis compiles the regex
// once more, ~90 ms for the bundled packs, which every bulk scan touching
// most rules (a history with test fixtures) paid again. `key` names the
// pattern and keywords it was worked out for: a team's config that changes
// either makes it stale, and then it is worked out afresh.
struct KnownReach {
  uint64_t key = 0;
  RuleReach reach;
};
uint64_t reach_key(std::string_view pattern, const std::vector<std::string>& keywords);

// analyse_reach() on first use (unless `known` holds it for this pattern and
// these keywords): it compiles the regex once more, which only pays off on
// large fragments.
class LazyReach {
 public:
  LazyReach(std::string pattern, std::vector<std::string> keywords, const std::optional<KnownReach>& known = {});
  const RuleReach& get() const;

 private:
  std::string pattern_;
  std::vector<std::string> keywords_;
  bool known_ = false;
  mutable std::once_flag once_;
  mutable RuleReach reach_;
};

// Byte range [begin, end) of a fragment.
struct Window {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Newline offsets, built on first use (a fragment without a finding or a
// windowed rule never pays for them).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}
  std::size_t line_of(std::size_t offset);  // 0-based
  std::size_t begin_of(std::size_t line);
  std::size_t end_of(std::size_t line);     // offset of its '\n' (or the text end)

 private:
  void build();
  std::string_view text_;
  std::vector<std::size_t> nl_;
  bool built_ = false;
};

// Runs of bytes >= 0x80, found on first use; empty for ASCII text.
class NonAsciiRuns {
 public:
  explicit NonAsciiRuns(std::string_view text) : text_(text) {}
  const std::vector<Window>& get();

 private:
  std::string_view text_;
  std::vector<Window> runs_;
  bool built_ = false;
};

// The merged windows of a windowed rule, given the spans of its keywords'
// occurrences (any order). `out` is replaced.
void reach_windows(const RuleReach& reach, std::vector<Window>& spans, std::string_view text, LineIndex& lines,
                   NonAsciiRuns& non_ascii, std::vector<Window>& out);

}  // namespace hookagent::scan
