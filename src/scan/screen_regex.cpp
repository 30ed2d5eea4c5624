#include "scan/screen_regex.hpp"

#include <algorithm>

#include "scan/rule_set.hpp"

namespace hookagent::scan {
namespace {

// The repeat counts a screen must drop (the sum of n - m over its ranged
// repeats): a few counts less never halves a program.
constexpr long kMinDropped = 16;

// `{` + 6 digits + `,` + 6 digits + `}`: all_digits() takes no more.
constexpr std::size_t kLongestRepeat = 15;

bool all_digits(std::string_view d) {
  return !d.empty() && d.size() <= 6 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The end of the bracket class opening at p[i] == '[' (one past its ']').
// Linear however the pattern is built (a team's config can hold any): once
// no `:]` is left, no later `[:` is looked up again.
std::size_t class_end(std::string_view p, std::size_t i) {
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '^') ++j;
  if (j < p.size() && p[j] == ']') ++j;
  bool names_left = true;
  while (j < p.size() && p[j] != ']') {
    if (p[j] == '\\') {
      ++j;
    } else if (names_left && p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      const std::size_t close = p.find(":]", j + 2);
      if (close != std::string_view::npos) j = close + 1;
      else names_left = false;
    }
    ++j;
  }
  return std::min(j + 1, p.size());
}

// The end of the escape at p[i] == '\\': `\Q...\E`, `\x{..}`, `\p{..}` and
// `\P{..}` whole, else the backslash and one character.
std::size_t escape_end(std::string_view p, std::size_t i) {
  if (i + 1 >= p.size()) return p.size();
  const char e = p[i + 1];
  if (e == 'Q') {
    const std::size_t end = p.find("\\E", i + 2);
    return end == std::string_view::npos ? p.size() : end + 2;
  }
  if ((e == 'x' || e == 'p' || e == 'P') && i + 2 < p.size() && p[i + 2] == '{') {
    const std::size_t close = p.find('}', i + 3);
    return close == std::string_view::npos ? p.size() : close + 1;
  }
  return i + 2;
}

}  // namespace

std::string widened_repeats(std::string_view p, long* dropped) {
  std::string out;
  out.reserve(p.size());
  bool widened = false;
  if (dropped) *dropped = 0;
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\' || c == '[') {
      const std::size_t end = c == '\\' ? escape_end(p, i) : class_end(p, i);
      out.append(p.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '{') {
      // A `{` that starts no valid repeat is a literal, as RE2 reads it. A
      // repeat's `}` is near (`{123456,123456}` at most): looking no further
      // keeps a pattern of many literal `{` linear.
      const std::size_t near = p.substr(i, kLongestRepeat).find('}');
      if (near != std::string_view::npos) {
        const std::size_t close = i + near;
        const std::string_view body = p.substr(i + 1, close - i - 1);
        const std::size_t comma = body.find(',');
        const long low = comma != std::string_view::npos && all_digits(body.substr(0, comma))
                             ? std::stol(std::string(body.substr(0, comma))) : -1;
        const std::string_view upper = comma != std::string_view::npos ? body.substr(comma + 1) : std::string_view();
        const long high = low >= 0 && all_digits(upper) ? std::stol(std::string(upper)) : -1;
        if (low >= 0 && low < high) {
          if (dropped) *dropped += high - low;
          out += '{';
          out.append(body.substr(0, comma + 1));
          out += '}';
          i = close + 1;
          widened = true;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return widened ? out : std::string();
}

std::unique_ptr<ScreenRegex> ScreenRegex::for_pattern(std::string_view pattern) {
  long dropped = 0;
  std::string widened = widened_repeats(pattern, &dropped);
  if (widened.empty() || dropped < kMinDropped) return nullptr;
  return std::unique_ptr<ScreenRegex>(new ScreenRegex(std::move(widened)));
}

const RE2* ScreenRegex::get(const RE2& exact) const {
  std::call_once(once_, [&] {
    auto re = std::make_unique<RE2>(pattern_, go_regex_options());
    if (re->ok() && exact.ok() && re->ProgramSize() * 2 <= exact.ProgramSize()) re_ = std::move(re);
  });
  return re_.get();
}

}  // namespace hookagent::scan
