#include "scan/encoded_text.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#include "scan/text_tools.hpp"

namespace hookagent::scan {

namespace {

constexpr std::array<int8_t, 256> base64_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 26; ++i) t['A' + i] = static_cast<int8_t>(i), t['a' + i] = static_cast<int8_t>(26 + i);
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<int8_t>(52 + i);
  t['+'] = t['-'] = 62;
  t['/'] = t['_'] = 63;
  return t;
}
constexpr auto kBase64 = base64_table();

bool mostly_printable(std::string_view s) {
  if (s.size() < 8) return false;
  std::size_t good = 0;
  for (unsigned char c : s) good += (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' || c == '\r';
  return good * 10 >= s.size() * 9;
}

std::string decode_base64(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : s) {
    int v = kBase64[c];
    if (v < 0) break;  // '=' padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string decode_hex(std::string_view s) {
  std::string out;
  out.reserve(s.size() / 2);
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<char>(hex_value(s[i]) * 16 + hex_value(s[i + 1])));
  return out;
}

}  // namespace

namespace {

bool is_b64(char c) { return kBase64[static_cast<unsigned char>(c)] >= 0; }

// A run, and the lines that continue it when it is wrapped (base64 tools
// wrap at 64 or 76 columns): each following line all encoded characters and
// no longer than the first. Returns the run's characters without newlines
// and sets `end` past the last line used.
std::string joined_run(std::string_view text, std::size_t start, std::size_t& end) {
  std::string joined(text.substr(start, end - start));
  const std::size_t width = end - start;
  if (width < 60) return joined;
  std::size_t at = end;
  while (at < text.size() && text[at] == '=') ++at;
  while (at < text.size() && (text[at] == '\n' || text[at] == '\r')) {
    std::size_t line = at + (text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1);
    std::size_t stop = line;
    while (stop < text.size() && is_b64(text[stop])) ++stop;
    std::size_t eq = stop;
    while (eq < text.size() && text[eq] == '=') ++eq;
    const bool line_ends = eq == text.size() || text[eq] == '\n' || text[eq] == '\r';
    if (stop == line || stop - line > width || !line_ends) break;
    joined.append(text.substr(line, stop - line));
    end = stop;
    at = eq;
    if (stop - line < width) break;  // a short line ends the block
  }
  return joined;
}

// Where in a run the encoding may begin: its start, past a glued `0x`, past
// a word joined by '-' or '_' (both are URL-safe base64 characters), and the
// three other base64 alignments (a prefix of any length is one of them).
std::vector<std::size_t> candidate_starts(std::string_view run) {
  std::vector<std::size_t> at{0};
  if (run.size() > 2 && run[0] == '0' && (run[1] == 'x' || run[1] == 'X')) at.push_back(2);
  for (std::size_t i = 0; i < std::min<std::size_t>(run.size(), 40); ++i)
    if (run[i] == '-' || run[i] == '_') at.push_back(i + 1);
  for (std::size_t k = 1; k < 4; ++k) at.push_back(k);
  return at;
}

// Whether `body` can be the encoding of mostly printable text, judged from its
// first 8 groups without decoding: in base64 each 4-character group starts with
// the top 6 bits of a byte, which for ' '..'~' (and tab, newline) is 8..31 or 2;
// in hex each byte's first digit is 2..7 (or 0 for tab/newline). Identifiers and
// paths, the bulk of long base64-alphabet runs in code, fail this at once.
bool plausible_encoding(std::string_view body, bool hex) {
  const std::size_t step = hex ? 2 : 4;
  const std::size_t groups = std::min<std::size_t>(body.size() / step, 8);
  if (groups < 4) return false;
  std::size_t good = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const unsigned char c = static_cast<unsigned char>(body[g * step]);
    if (hex) {
      const int v = hex_value(c);
      good += (v >= 2 && v <= 7) || v == 0;
    } else {
      const int v = kBase64[c];
      good += (v >= 8 && v <= 31) || v == 2;
    }
  }
  return good * 10 >= groups * 8;
}

bool all_hex(std::string_view s) {
  for (char c : s)
    if (hex_value(static_cast<unsigned char>(c)) < 0) return false;
  return true;
}

}  // namespace

namespace {

// Bit k set when p[k] is a base64 character (either alphabet), for 16 bytes.
uint32_t base64_mask16(const char* p) {
  const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // x - lo < count, unsigned, with SSE2's signed compare.
  auto in_range = [](__m128i x, char lo, int count) {
    const __m128i shifted = _mm_xor_si128(_mm_sub_epi8(x, _mm_set1_epi8(lo)), _mm_set1_epi8(static_cast<char>(0x80)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(count ^ 0x80)));
  };
  __m128i m = _mm_or_si128(in_range(_mm_or_si128(c, _mm_set1_epi8(0x20)), 'a', 26), in_range(c, '0', 10));
  for (char extra : {'+', '-', '/', '_'}) m = _mm_or_si128(m, _mm_cmpeq_epi8(c, _mm_set1_epi8(extra)));
  return static_cast<uint32_t>(_mm_movemask_epi8(m));
}

uint64_t base64_mask64(const char* p) {
  return uint64_t{base64_mask16(p)} | uint64_t{base64_mask16(p + 16)} << 16 | uint64_t{base64_mask16(p + 32)} << 32 |
         uint64_t{base64_mask16(p + 48)} << 48;
}

// Where the first run of at least `len` base64 characters at or after `from`
// starts (not before `from`), or npos. Code is mostly short words: 64 bytes
// at a time, a block with no long run costs a handful of instructions.
std::size_t next_long_run(std::string_view text, std::size_t from, std::size_t len) {
  const std::size_t n = text.size();
  std::size_t run = 0;  // base64 characters just before `pos`
  std::size_t pos = from;
  if (len >= 16 && len <= 32) {
    for (; pos + 64 <= n; pos += 64) {
      const uint64_t m = base64_mask64(text.data() + pos);
      if (m == ~uint64_t{0}) {
        run += 64;
        if (run >= len) return pos + 64 - run;
        continue;
      }
      if (run + static_cast<std::size_t>(std::countr_one(m)) >= len) return pos - run;
      uint64_t r = m;  // bit i: i..i+15 all set, then i..i+len-1
      r &= r >> 1;
      r &= r >> 2;
      r &= r >> 4;
      r &= r >> 8;
      r &= r >> (len - 16);
      if (r) return pos + static_cast<std::size_t>(std::countr_zero(r));
      run = static_cast<std::size_t>(std::countl_one(m));
    }
  }
  for (; pos < n; ++pos) {
    if (!is_b64(text[pos])) {
      run = 0;
    } else if (++run >= len) {
      return pos + 1 - run;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::vector<EncodedRun> find_encoded_text(std::string_view text, std::size_t min_chars) {
  std::vector<EncodedRun> runs;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (min_chars == 0) min_chars = 1;
  while (i + min_chars <= n) {
    const std::size_t start = next_long_run(text, i, min_chars);
    if (start == std::string_view::npos) break;
    i = start + min_chars;
    while (i < n && is_b64(text[i])) ++i;
    std::size_t end = i;
    if (end - start < min_chars) continue;
    {
      const std::string_view first_line = text.substr(start, end - start);
      const auto starts = candidate_starts(first_line);
      const bool any = std::any_of(starts.begin(), starts.end(), [&](std::size_t at) {
        std::string_view body = first_line.substr(at);
        return plausible_encoding(body, false) || (all_hex(body.substr(0, 16)) && plausible_encoding(body, true));
      });
      if (!any) continue;
    }
    std::string run = joined_run(text, start, end);
    i = end;
    while (i < n && text[i] == '=' && i - end < 2) ++i;
    for (std::size_t offset : candidate_starts(run)) {
      std::string_view body = std::string_view(run).substr(offset);
      if (body.size() < min_chars) continue;
      const bool hex = all_hex(body) && body.size() % 2 == 0;
      // A quick look at the first bytes rules out most identifiers and blobs.
      if (!mostly_printable(hex ? decode_hex(body.substr(0, 32)) : decode_base64(body.substr(0, 32)))) continue;
      std::string decoded = hex ? decode_hex(body) : decode_base64(body);
      if (!mostly_printable(decoded)) continue;
      runs.push_back({start, i, std::move(decoded), hex ? "hex" : "base64"});
      break;
    }
  }
  return runs;
}

namespace {

bool is_url_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '~' || c == '-' || c == '+' || c == '%';
}

bool is_escape(std::string_view text, std::size_t i) {
  return i + 2 < text.size() && text[i] == '%' && hex_value(static_cast<unsigned char>(text[i + 1])) >= 0 &&
         hex_value(static_cast<unsigned char>(text[i + 2])) >= 0;
}

}  // namespace

std::vector<EncodedRun> find_percent_encoded(std::string_view text) {
  std::vector<EncodedRun> runs;
  std::size_t pos = 0;
  while ((pos = text.find('%', pos)) != std::string_view::npos) {
    if (!is_escape(text, pos)) {
      ++pos;
      continue;
    }
    std::size_t start = pos;
    while (start > 0 && is_url_char(static_cast<unsigned char>(text[start - 1])) && text[start - 1] != '%') --start;
    std::size_t end = pos;
    int escapes = 0;
    std::string decoded;
    decoded.append(text.substr(start, pos - start));
    while (end < text.size() && is_url_char(static_cast<unsigned char>(text[end]))) {
      if (is_escape(text, end)) {
        decoded.push_back(static_cast<char>(hex_value(static_cast<unsigned char>(text[end + 1])) * 16 +
                                            hex_value(static_cast<unsigned char>(text[end + 2]))));
        end += 3;
        ++escapes;
      } else {
        decoded.push_back(text[end++]);
      }
    }
    if (escapes >= 2 && decoded.size() >= 8) runs.push_back({start, end, std::move(decoded), "percent"});
    pos = end > pos ? end : pos + 1;
  }
  return runs;
}

namespace {

// At `plus` (a '+'): the joint `Q\s*+\s*Q` around it, for one quote
// character Q; returns its [begin, end) or an empty span.
TextSpan joint_at(std::string_view line, std::size_t plus) {
  std::size_t b = plus, e = plus + 1;
  while (b > 0 && (line[b - 1] == ' ' || line[b - 1] == '\t')) --b;
  while (e < line.size() && (line[e] == ' ' || line[e] == '\t')) ++e;
  if (b == 0 || e >= line.size()) return {};
  const char q = line[b - 1];
  if ((q != '"' && q != '\'') || line[e] != q) return {};
  return {b - 1, e + 1};
}

}  // namespace

std::vector<EncodedRun> find_joined_strings(std::string_view text) {
  std::vector<EncodedRun> runs;
  std::size_t pos = 0;
  while ((pos = text.find('+', pos)) != std::string_view::npos) {
    std::size_t lb = text.rfind('\n', pos);
    lb = lb == std::string_view::npos ? 0 : lb + 1;
    std::size_t le = text.find('\n', pos);
    if (le == std::string_view::npos) le = text.size();
    const std::string_view line = text.substr(lb, le - lb);
    std::string joined;
    std::size_t copied = 0, joints = 0, first = 0, last = 0;
    for (std::size_t p = line.find('+'); p != std::string_view::npos && line.size() <= 4096;
         p = line.find('+', p + 1)) {
      TextSpan j = joint_at(line, p);
      if (j.end == 0) continue;
      if (joints == 0) first = j.begin;
      last = j.end;
      joined.append(line.substr(copied, j.begin - copied));
      copied = j.end;
      ++joints;
      p = j.end - 1;
    }
    if (joints > 0) {
      joined.append(line.substr(copied));
      // The run (what a finding points at and masks): the joined literals,
      // from the opening quote of the first piece to the closing one of the last.
      const char q = line[first];
      std::size_t open = line.rfind(q, first > 0 ? first - 1 : 0);
      std::size_t close = line.find(q, last);
      open = open == std::string_view::npos || open >= first ? first : open;
      close = close == std::string_view::npos ? line.size() : close + 1;
      runs.push_back({lb + open, lb + close, std::move(joined), "concatenation"});
    }
    pos = le;
  }
  return runs;
}

std::vector<TextSpan> find_private_key_lines(std::string_view text) {
  std::vector<TextSpan> spans;
  std::size_t pos = 0;
  while ((pos = text.find("-----BEGIN ", pos)) != std::string_view::npos) {
    std::size_t marker_end = text.find("-----", pos + 11);
    std::size_t line_end = text.find('\n', pos);
    if (line_end == std::string_view::npos) line_end = text.size();
    if (marker_end == std::string_view::npos || marker_end > line_end ||
        text.substr(pos, marker_end - pos).find("PRIVATE KEY") == std::string_view::npos) {
      pos += 11;
      continue;
    }
    // The END marker, wherever it is; the body runs to it or to the end.
    std::size_t end_marker = text.find("-----END ", marker_end);
    std::size_t stop = text.size();
    if (end_marker != std::string_view::npos) {
      std::size_t close = text.find("-----", end_marker + 9);
      stop = close == std::string_view::npos ? text.size() : close + 5;
    }
    std::size_t b = pos;
    while (b < stop) {
      std::size_t e = text.find('\n', b);
      if (e == std::string_view::npos || e > stop) e = stop;
      if (e > b) spans.push_back({b, e});
      b = e + 1;
    }
    pos = stop;
  }
  return spans;
}

bool is_key_file_name(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  for (std::string_view k : {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"})
    if (name == k) return true;
  for (std::string_view ext : {".key", ".ppk", ".p12", ".pfx", ".jks", ".keystore", ".p8", ".pkcs8"})
    if (name.size() > ext.size() && name.ends_with(ext)) return true;
  return false;
}

}  // namespace hookagent::scan
