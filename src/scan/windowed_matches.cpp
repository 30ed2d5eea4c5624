#include "scan/windowed_matches.hpp"

#include <algorithm>

namespace hookagent::scan {
namespace {

// Refused starts may cost the screen this many bytes whatever the windows' size.
constexpr std::size_t kMinWasteLimit = 64u << 10;
// Either search may read far past the bytes counted as waste (until its
// DFA's last thread dies, at a line end or the window's): after this many
// refused starts, or matches the screen ran past, each such step is taken
// to cost a pass over the windows, and the screen is dropped. Real code
// meets neither (none on 5 MB of patches or 60 MB of source).
constexpr int kMaxCostlySteps = 8;

}  // namespace

WindowedMatches::WindowedMatches(const RE2& re, const RE2* screen, std::string_view text,
                                 const std::vector<Window>& windows, std::vector<re2::StringPiece>& groups)
    : re_(re), screen_(screen), text_(text), windows_(windows), groups_(groups) {
  std::size_t total = 0;
  for (const Window& w : windows) total += w.end - w.begin;
  waste_limit_ = std::max(kMinWasteLimit, total);
  if (!windows.empty()) pos_ = windows.front().begin;
}

void WindowedMatches::charge(std::size_t bytes) {
  waste_ += bytes;
  if (waste_ > waste_limit_ || ++costly_steps_ >= kMaxCostlySteps) screen_ = nullptr;
}

bool WindowedMatches::search_from(std::size_t pos, std::size_t end) {
  const re2::StringPiece input(text_.data(), text_.size());
  const int n = static_cast<int>(groups_.size());
  while (screen_) {
    re2::StringPiece start;
    if (!screen_->Match(input, pos, end, RE2::UNANCHORED, &start, 1)) return false;
    const auto s = static_cast<std::size_t>(start.data() - text_.data());
    if (re_.Match(input, s, end, RE2::ANCHOR_START, groups_.data(), n)) {
      // The screen read on past the rule's match (an open `.{0,}` runs to the
      // end of the line), and the next search reads that part again.
      if (start.size() > groups_[0].size()) charge(start.size() - groups_[0].size());
      return true;
    }
    charge(start.size() + 1);
    pos = s + 1;
    if (pos > end) return false;
  }
  return re_.Match(input, pos, end, RE2::UNANCHORED, groups_.data(), n);
}

bool WindowedMatches::next() {
  for (; window_ < windows_.size(); ++window_) {
    const Window& w = windows_[window_];
    pos_ = std::max(pos_, w.begin);
    if (pos_ <= w.end && search_from(pos_, w.end)) {
      const auto begin = static_cast<std::size_t>(groups_[0].data() - text_.data());
      pos_ = begin + std::max<std::size_t>(groups_[0].size(), 1);
      return true;
    }
  }
  return false;
}

}  // namespace hookagent::scan
