#include "scan/keyword_prefilter.hpp"

#include <algorithm>
#include <array>
#include <queue>

namespace hookagent::scan {
namespace {

constexpr std::array<uint8_t, 256> make_lower() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}
constexpr std::array<uint8_t, 256> kLower = make_lower();

}  // namespace

void KeywordPrefilter::build(const std::vector<std::string>& keywords, const std::vector<std::size_t>& owner,
                             std::size_t) {
  // Trie first (-1 = no edge), then BFS to fill failure transitions so that the
  // table becomes a complete DFA: the hot loop is one load per byte.
  next_.assign(256, -1);
  out_.assign(1, {});
  states_ = 1;
  for (std::size_t k = 0; k < keywords.size(); ++k) {
    if (keywords[k].empty()) continue;
    int32_t s = 0;
    for (unsigned char raw : keywords[k]) {
      uint8_t c = kLower[raw];
      if (next_[s * 256 + c] < 0) {
        next_[s * 256 + c] = static_cast<int32_t>(states_++);
        next_.resize(states_ * 256, -1);
        out_.emplace_back();
      }
      s = next_[s * 256 + c];
    }
    out_[s].push_back(static_cast<uint32_t>(owner[k]));
  }
  std::vector<int32_t> fail(states_, 0);
  std::queue<int32_t> queue;
  for (int c = 0; c < 256; ++c) {
    int32_t& t = next_[c];
    if (t < 0) t = 0;
    else { fail[t] = 0; queue.push(t); }
  }
  while (!queue.empty()) {
    int32_t s = queue.front();
    queue.pop();
    const auto& inherited = out_[fail[s]];
    out_[s].insert(out_[s].end(), inherited.begin(), inherited.end());
    for (int c = 0; c < 256; ++c) {
      int32_t& t = next_[s * 256 + c];
      if (t < 0) {
        t = next_[fail[s] * 256 + c];
      } else {
        fail[t] = next_[fail[s] * 256 + c];
        queue.push(t);
      }
    }
  }
  has_output_.assign(states_, 0);
  for (std::size_t s = 0; s < states_; ++s) {
    std::sort(out_[s].begin(), out_[s].end());
    out_[s].erase(std::unique(out_[s].begin(), out_[s].end()), out_[s].end());
    has_output_[s] = out_[s].empty() ? 0 : 1;
  }
}

void KeywordPrefilter::find(std::string_view text, std::vector<uint8_t>& hit) const {
  if (states_ <= 1) return;
  const int32_t* next = next_.data();
  const uint8_t* emits = has_output_.data();
  int32_t s = 0;
  for (unsigned char c : text) {
    s = next[s * 256 + kLower[c]];
    if (emits[s]) [[unlikely]] {
      for (uint32_t o : out_[s]) hit[o] = 1;
    }
  }
}

}  // namespace hookagent::scan
