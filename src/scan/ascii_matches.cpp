#include "scan/ascii_matches.hpp"

#include <cstring>

#include "scan/text_tools.hpp"

namespace hookagent::scan {
namespace {

bool high(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// The escape at p[i] == '\\': false when it may stand for a character >=
// 0x80; `next` is set past it.
bool ascii_escape(std::string_view p, std::size_t i, std::size_t& next) {
  next = i + 2;
  if (i + 1 >= p.size()) return true;  // a lone trailing '\': RE2 refuses the pattern
  const char e = p[i + 1];
  if (e == 'Q') {  // \Q...\E: literal text
    const std::size_t end = p.find("\\E", i + 2);
    const std::string_view quoted = p.substr(i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
    next = end == std::string_view::npos ? p.size() : end + 2;
    for (char c : quoted)
      if (high(c)) return false;
    return true;
  }
  if (e == 'x') {  // \xHH or \x{H...}
    long value = 0;
    if (i + 2 < p.size() && p[i + 2] == '{') {
      const std::size_t close = p.find('}', i + 3);
      if (close == std::string_view::npos || close - i - 3 > 6) return false;
      for (std::size_t k = i + 3; k < close; ++k) {
        const int d = hex_value(static_cast<unsigned char>(p[k]));
        if (d < 0) return false;
        value = value * 16 + d;
      }
      next = close + 1;
    } else {
      if (i + 3 >= p.size()) return false;
      const int high_digit = hex_value(static_cast<unsigned char>(p[i + 2]));
      const int low_digit = hex_value(static_cast<unsigned char>(p[i + 3]));
      if (high_digit < 0 || low_digit < 0) return false;
      value = high_digit * 16 + low_digit;
      next = i + 4;
    }
    return value < 0x80;
  }
  // Negated and Unicode classes, any byte, octal: may be >= 0x80 (or not read closely).
  if (std::strchr("SWDpPC0123456789", e) != nullptr) return false;
  return !high(e);
}

// The bracket class opening at p[i] == '['; false when it may match a
// character >= 0x80. `next` is set past its ']'.
bool ascii_class(std::string_view p, std::size_t i, std::size_t& next) {
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '^') return false;  // [^"] takes every letter of every script
  bool first = true;
  while (j < p.size() && (p[j] != ']' || first)) {
    first = false;
    if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {  // [:alpha:] is ASCII in RE2; [:^alpha:] is not
      const std::size_t close = p.find(":]", j + 2);
      if (close == std::string_view::npos || p[j + 2] == '^') return false;
      j = close + 2;
      continue;
    }
    if (p[j] == '\\') {
      std::size_t after = j;
      if (!ascii_escape(p, j, after)) return false;
      j = after;
      continue;
    }
    if (high(p[j])) return false;
    ++j;
  }
  if (j >= p.size()) return false;  // unclosed: RE2 refuses it
  next = j + 1;
  return true;
}

}  // namespace

bool matches_only_ascii(std::string_view p) {
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    std::size_t next = i + 1;
    if (c == '\\') {
      if (!ascii_escape(p, i, next)) return false;
    } else if (c == '[') {
      if (!ascii_class(p, i, next)) return false;
    } else if (c == '.' || high(c)) {
      return false;
    } else if (c == '(' && i + 2 < p.size() && p[i + 1] == '?' && (p[i + 2] == 'P' || p[i + 2] == '<')) {
      // A group's name is not matched text (and may be spelled in any script).
      const std::size_t close = p.find('>', i);
      if (close == std::string_view::npos) return false;
      next = close + 1;
    }
    i = next;
  }
  return true;
}

bool has_ascii_folds(std::string_view text) {
  // U+017F is C5 BF, U+212A is E2 84 AA in UTF-8.
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, '\xC5', text.data() + text.size() - p)));
       ++p)
    if (p + 1 < text.data() + text.size() && p[1] == '\xBF') return true;
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, '\xE2', text.data() + text.size() - p)));
       ++p)
    if (p + 2 < text.data() + text.size() && p[1] == '\x84' && p[2] == '\xAA') return true;
  return false;
}

}  // namespace hookagent::scan
