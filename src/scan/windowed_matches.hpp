#pragma once
// Successive matches of a rule's regex inside windows of a text, the way one
// unanchored iteration over the whole text would meet them (the text stays the
// context of every search, so \b, ^ and $ see the same neighbours).
//
// With a screen (screen_regex.hpp), each step asks the screen for its leftmost
// match start s from the current position, then the rule's regex anchored at s.
// Every match of the rule is a match of the screen, so no match of the rule
// starts before s; if the rule matches at s, that is its leftmost match, and
// its anchored search picks the same one an unanchored search would (Perl
// order at a fixed start). If not, the search goes on from s + 1. A screen
// that proposes starts the rule refuses, or whose matches run past the rule's
// (read again by the next search), is dropped for the rest of this iteration
// (one rule over one fragment) after a few such steps or once their bytes
// pass the windows' own size: its extra work stays within a fixed number of
// passes over the windows.
#include <cstddef>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "scan/match_windows.hpp"

namespace hookagent::scan {

class WindowedMatches {
 public:
  // `groups` is sized by the caller (1 + capture groups, at least 1) and
  // filled by each next() that returns true; `screen` may be null.
  WindowedMatches(const RE2& re, const RE2* screen, std::string_view text, const std::vector<Window>& windows,
                  std::vector<re2::StringPiece>& groups);

  bool next();
  // Whether the screen is still in use (it is dropped once it wastes too much).
  bool screening() const { return screen_ != nullptr; }

 private:
  bool search_from(std::size_t pos, std::size_t end);
  void charge(std::size_t wasted_bytes);

  const RE2& re_;
  const RE2* screen_;
  std::string_view text_;
  const std::vector<Window>& windows_;
  std::vector<re2::StringPiece>& groups_;
  std::size_t window_ = 0, pos_ = 0;
  std::size_t waste_ = 0, waste_limit_ = 0;
  int costly_steps_ = 0;
};

}  // namespace hookagent::scan
