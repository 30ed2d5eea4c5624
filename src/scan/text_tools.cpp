#include "scan/text_tools.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "scan/scanner.hpp"

namespace hookagent::scan {
namespace {
constexpr std::size_t kExcerptMax = 160;
constexpr std::size_t kExcerptLead = 40;  // bytes kept before the match in a long line

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}
}  // namespace

std::string printable_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_length(s, i);
    auto c = static_cast<unsigned char>(s[i]);
    if (n == 0 || (n == 1 && ((c < 0x20 && c != '\t') || c == 0x7F))) {
      out += '?';
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string mask_secret(std::string_view secret) {
  if (secret.size() <= 8) return "****";
  std::size_t keep = 0;
  // Keep 4 characters, not 4 bytes, so a multi-byte character is never cut.
  for (int chars = 0; chars < 4 && keep < secret.size(); ++chars) {
    std::size_t n = utf8_length(secret, keep);
    keep += n == 0 ? 1 : n;
  }
  return std::string(secret.substr(0, keep)) + "****";
}

std::string build_excerpt(std::string_view text, std::size_t line_begin, std::size_t line_end,
                          std::size_t focus, const std::vector<Span>& secrets) {
  if (line_end > line_begin && text[line_end - 1] == '\r') --line_end;
  std::size_t from = line_begin, to = line_end;
  if (to - from > kExcerptMax) {
    from = focus > line_begin + kExcerptLead ? focus - kExcerptLead : line_begin;
    to = std::min(line_end, from + kExcerptMax);
  }
  std::string raw;
  std::size_t pos = from;
  for (auto it = secrets.begin(); it != secrets.end() && it->begin < to; ++it) {
    if (it->end <= from) continue;
    std::size_t b = std::max(it->begin, pos);
    if (b > pos) raw.append(text.substr(pos, b - pos));
    if (it->end > b) {
      // The whole secret decides the mask even when the excerpt shows part of it.
      std::string masked = mask_secret(text.substr(it->begin, it->end - it->begin));
      if (b == it->begin) raw += masked;
      else raw += "****";
      pos = std::max(pos, std::min(it->end, to));
      if (it->end > to) pos = to;
    }
  }
  if (pos < to) raw.append(text.substr(pos, to - pos));
  std::string out = printable_utf8(raw);
  if (from > line_begin) out = "…" + out;
  if (to < line_end) out += "…";
  return out;
}

bool looks_binary(std::string_view head) {
  return std::memchr(head.data(), '\0', std::min<std::size_t>(head.size(), 8000)) != nullptr;
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t counts[256] = {};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const double n = static_cast<double>(s.size());
  for (std::size_t c : counts) {
    if (c == 0) continue;
    double p = static_cast<double>(c) / n;
    h -= p * std::log2(p);
  }
  return h;
}

std::string expand_sample(std::string_view sample, uint64_t seed) {
  // splitmix64: tiny, deterministic across platforms (std::mt19937 distributions are not).
  uint64_t state = seed;
  auto next = [&state] {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  std::string out;
  std::size_t i = 0;
  while (i < sample.size()) {
    std::size_t open = sample.find("{{rand:", i);
    std::size_t close = open == std::string_view::npos ? open : sample.find("}}", open);
    if (close == std::string_view::npos) {
      out.append(sample.substr(i));
      break;
    }
    out.append(sample.substr(i, open - i));
    std::string_view spec = sample.substr(open + 7, close - open - 7);  // "N:CHARSET"
    std::size_t colon = spec.find(':');
    std::size_t count = 0;
    for (char c : spec.substr(0, colon)) count = (c >= '0' && c <= '9') ? count * 10 + (c - '0') : count;
    std::string_view classes = colon == std::string_view::npos ? "A-Za-z0-9" : spec.substr(colon + 1);
    std::string alphabet;
    for (std::size_t k = 0; k < classes.size(); ++k) {
      if (k + 2 < classes.size() && classes[k + 1] == '-') {
        for (int c = static_cast<unsigned char>(classes[k]); c <= static_cast<unsigned char>(classes[k + 2]); ++c)
          alphabet += static_cast<char>(c);
        k += 2;
      } else {
        alphabet += classes[k];
      }
    }
    if (alphabet.empty()) alphabet = "x";
    for (std::size_t k = 0; k < count; ++k) out += alphabet[next() % alphabet.size()];
    i = close + 2;
  }
  return out;
}

bool starts_with_utf16_bom(std::string_view bytes) {
  return bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
}

std::optional<std::string> utf16_with_bom_as_utf8(std::string_view bytes) {
  if (!starts_with_utf16_bom(bytes)) return std::nullopt;
  const bool little = static_cast<unsigned char>(bytes[0]) == 0xFF;
  auto unit = [&](std::size_t i) -> uint32_t {
    const auto lo = static_cast<unsigned char>(bytes[little ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little ? i + 1 : i]);
    return static_cast<uint32_t>(hi) << 8 | lo;
  };
  std::string out;
  out.reserve(bytes.size() / 2);
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) < 0xE000) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | cp >> 12);
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | cp >> 18);
      out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace hookagent::scan
