#pragma once
// A cheaper search for a rule whose regex has wide ranged repeats, such as the
// broad generic-api-key (`[\w.-]{0,40}?`, `{0,30}?`, `{10,500}`). RE2 builds
// its DFA lazily, and in an unanchored search a ranged repeat makes each state
// remember every count still possible at every start still open: on new text
// that rule keeps building states (a cold pass over 5 MB of patches: ~150 ms,
// against ~15 ms once the states exist), and every process starts cold.
//
// The same pattern with its ranged repeats made open (`{m,n}` → `{m,}`) is the
// screen: it accepts every (start, end) the rule accepts and more, with a
// program ~20 times smaller whose DFA settles at once. WindowedMatches
// (windowed_matches.hpp) lets the screen find where the next match can start
// and the rule's own regex, anchored there, decide; its DFA from one start
// holds one count per repeat, not one per open start.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <re2/re2.h>

namespace hookagent::scan {

// `pattern` (RE2 syntax) with every ranged repeat `{m,n}` (m < n) made `{m,}`;
// empty when it has none. Classes, escapes (`\x{41}`, `\p{Greek}`) and
// `\Q...\E` are left as they are. `dropped`, when given, gets the sum of n - m.
std::string widened_repeats(std::string_view pattern, long* dropped = nullptr);

class ScreenRegex {
 public:
  // Null when `pattern` (RE2 syntax) has too little to widen to pay.
  static std::unique_ptr<ScreenRegex> for_pattern(std::string_view pattern);

  // The screen for `exact` (compiled from the same pattern), compiled on first
  // use; null when its program is not at most half the size of the rule's (a
  // second search would then cost more than the states it saves).
  const RE2* get(const RE2& exact) const;

  const std::string& pattern() const { return pattern_; }

 private:
  explicit ScreenRegex(std::string pattern) : pattern_(std::move(pattern)) {}

  std::string pattern_;  // widened
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;  // null after the first use when it does not pay
};

}  // namespace hookagent::scan
