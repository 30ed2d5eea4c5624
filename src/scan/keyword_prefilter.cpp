#include "scan/keyword_prefilter.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <queue>

#include "hookagent_build_config.hpp"
#if HOOKAGENT_HAVE_HYPERSCAN
#include "scan/hyperscan_keywords.hpp"
#endif

namespace hookagent::scan {
namespace {

constexpr std::array<uint8_t, 256> make_lower() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}
constexpr std::array<uint8_t, 256> kLower = make_lower();

}  // namespace

#if !HOOKAGENT_HAVE_HYPERSCAN
class HyperscanKeywords {};
#endif

KeywordPrefilter::KeywordPrefilter() = default;
KeywordPrefilter::~KeywordPrefilter() = default;
KeywordPrefilter::KeywordPrefilter(KeywordPrefilter&&) noexcept = default;
KeywordPrefilter& KeywordPrefilter::operator=(KeywordPrefilter&&) noexcept = default;

const char* KeywordPrefilter::engine() const { return hyperscan_ ? "vectorscan" : "aho-corasick"; }

void KeywordPrefilter::build(const std::vector<std::string>& keywords, const std::vector<std::size_t>& owner,
                             std::size_t) {
  std::map<std::string, uint32_t> index;
  keywords_.clear();
  owners_.clear();
  for (std::size_t k = 0; k < keywords.size(); ++k) {
    if (keywords[k].empty()) continue;
    std::string low = keywords[k];
    for (char& c : low) c = static_cast<char>(kLower[static_cast<unsigned char>(c)]);
    auto [it, fresh] = index.try_emplace(low, static_cast<uint32_t>(keywords_.size()));
    if (fresh) {
      keywords_.push_back(low);
      owners_.emplace_back();
    }
    auto& o = owners_[it->second];
    if (std::find(o.begin(), o.end(), owner[k]) == o.end()) o.push_back(static_cast<uint32_t>(owner[k]));
  }
  hyperscan_.reset();
  next_.clear();
  out_.clear();
  if (keywords_.empty()) return;
#if HOOKAGENT_HAVE_HYPERSCAN
  hyperscan_ = HyperscanKeywords::load_or_compile(keywords_);
  if (hyperscan_) return;
#endif
  build_automaton();
}

void KeywordPrefilter::build_automaton() {
  // Bytes that occur in no keyword share class 0, so a row is ~50 entries, not
  // 256: the table of ~600 keywords stays within the L2 cache.
  byte_class_.assign(256, 0);
  classes_ = 1;
  for (const auto& k : keywords_)
    for (unsigned char c : k)
      if (byte_class_[c] == 0) byte_class_[c] = static_cast<uint8_t>(classes_++);
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c + 32];
  std::size_t max_states = 1;
  for (const auto& k : keywords_) max_states += k.size();
  next_.assign(max_states * classes_, -1);
  out_.assign(1, {});
  std::size_t states = 1;
  for (uint32_t k = 0; k < keywords_.size(); ++k) {
    int32_t s = 0;
    for (unsigned char c : keywords_[k]) {
      int32_t& t = next_[s * classes_ + byte_class_[c]];
      if (t < 0) {
        t = static_cast<int32_t>(states++);
        out_.emplace_back();
      }
      s = t;
    }
    out_[s].push_back(k);
  }
  next_.resize(states * classes_);
  // BFS fills failure transitions so that the table is a complete DFA: the
  // hot loop is one load per byte.
  std::vector<int32_t> fail(states, 0);
  std::queue<int32_t> queue;
  for (std::size_t c = 0; c < classes_; ++c) {
    int32_t& t = next_[c];
    if (t < 0) t = 0;
    else queue.push(t);
  }
  while (!queue.empty()) {
    int32_t s = queue.front();
    queue.pop();
    const auto& inherited = out_[fail[s]];
    out_[s].insert(out_[s].end(), inherited.begin(), inherited.end());
    for (std::size_t c = 0; c < classes_; ++c) {
      int32_t& t = next_[s * classes_ + c];
      if (t < 0) {
        t = next_[fail[s] * classes_ + c];
      } else {
        fail[t] = next_[fail[s] * classes_ + c];
        queue.push(t);
      }
    }
  }
  emits_.assign(states, 0);
  for (std::size_t s = 0; s < states; ++s) emits_[s] = out_[s].empty() ? 0 : 1;
}

void KeywordPrefilter::find_automaton(std::string_view text, std::vector<KeywordHit>& hits) const {
  if (next_.empty()) return;
  const int32_t* next = next_.data();
  const uint8_t* cls = byte_class_.data();
  const uint8_t* emits = emits_.data();
  const std::size_t width = classes_;
  int32_t s = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    s = next[s * width + cls[static_cast<unsigned char>(text[i])]];
    if (emits[s]) [[unlikely]] {
      for (uint32_t k : out_[s]) hits.push_back({k, static_cast<uint32_t>(i + 1)});
    }
  }
}

bool KeywordPrefilter::find(std::string_view text, std::vector<KeywordHit>& hits) const {
  if (keywords_.empty()) return true;
#if HOOKAGENT_HAVE_HYPERSCAN
  if (hyperscan_) return hyperscan_->find(text, hits);
#endif
  find_automaton(text, hits);
  return true;
}

void KeywordPrefilter::find(std::string_view text, std::vector<uint8_t>& hit) const {
  std::vector<KeywordHit> hits;
  const bool complete = find(text, hits);
  for (uint32_t k = 0; !complete && k < owners_.size(); ++k)
    for (uint32_t o : owners_[k]) hit[o] = 1;
  for (const KeywordHit& h : hits)
    for (uint32_t o : owners_[h.keyword]) hit[o] = 1;
}

}  // namespace hookagent::scan
