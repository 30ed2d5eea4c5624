#pragma once
// The keyword prefilter: one pass over the bytes finds every keyword of every
// rule at once (Aho-Corasick over ASCII-lowercased bytes), so RE2 runs only for
// the rules whose keywords occur — gitleaks' "quick string compare" without a
// pass per keyword.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::scan {

class KeywordPrefilter {
 public:
  KeywordPrefilter() = default;
  // keywords[i] belongs to owner[i] (a rule index); keywords are matched
  // case-insensitively (ASCII).
  void build(const std::vector<std::string>& keywords, const std::vector<std::size_t>& owner,
             std::size_t owner_count);

  // Sets hit[owner] = 1 for every owner with a keyword in `text`.
  void find(std::string_view text, std::vector<uint8_t>& hit) const;

  bool empty() const { return states_ == 0; }

 private:
  std::vector<int32_t> next_;               // states_ x 256 transitions (a full DFA)
  std::vector<uint8_t> has_output_;         // state emits at least one keyword
  std::vector<std::vector<uint32_t>> out_;  // owners emitted at each state (with suffix links folded in)
  std::size_t states_ = 0;
};

}  // namespace hookagent::scan
