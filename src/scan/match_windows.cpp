#include "scan/match_windows.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <climits>
#include <cstring>
#include <cstdio>
#include <re2/filtered_re2.h>

#include "hookagent_build_config.hpp"
#include "scan/disk_cache.hpp"
#include "scan/rule_set.hpp"
#if HOOKAGENT_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

namespace hookagent::scan {
namespace {

// Windows wider than this are not worth computing: the rule runs whole.
constexpr std::size_t kMaxUsefulLength = 1u << 20;

// Escapes that can stand for '\n' (or that we do not read closely): \s \n \W \D
// \p \P \x, octal and \C.
bool escape_may_be_newline(char e) { return std::strchr("snWDpPxC0123456789", e) != nullptr; }

// True when some flag group may switch on `s` (dot matches newline).
bool sets_dot_all(std::string_view p) {
  for (std::size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == '\\') { ++i; continue; }
    if (p[i] != '(' || p[i + 1] != '?') continue;
    for (std::size_t j = i + 2; j < p.size() && p[j] != ':' && p[j] != ')'; ++j) {
      if (p[j] == 'P' || p[j] == '<') break;  // a named group, not flags
      if (p[j] == 's') return true;
    }
  }
  return false;
}

// A bracket class starting at p[i] == '['; sets `next` past its ']'. A
// negated class matches '\n' unless an item surely covers it; a plain class
// matches it if an item may.
bool class_may_match_newline(std::string_view p, std::size_t i, std::size_t& next) {
  std::size_t j = i + 1;
  const bool negated = j < p.size() && p[j] == '^';
  if (negated) ++j;
  bool surely = false, maybe = false, first = true;
  while (j < p.size() && (p[j] != ']' || first)) {
    first = false;
    if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
      std::size_t close = p.find(":]", j + 2);
      if (close == std::string_view::npos) { maybe = true; break; }
      std::string_view name = p.substr(j + 2, close - j - 2);
      if (name == "space" || name == "cntrl") surely = maybe = true;
      else if (!name.empty() && name[0] == '^') maybe = true;
      j = close + 2;
      continue;
    }
    if (p[j] == '\\' && j + 1 < p.size()) {
      char e = p[j + 1];
      if (e == 's' || e == 'n') surely = true;
      if (escape_may_be_newline(e)) maybe = true;
      // A range from \a or \t runs over '\n'.
      if ((e == 'a' || e == 't') && j + 3 < p.size() && p[j + 2] == '-' && p[j + 3] != ']') maybe = true;
      j += 2;
      continue;
    }
    if (static_cast<unsigned char>(p[j]) < 0x20) {  // a raw control byte, maybe a range start
      maybe = true;
      if (p[j] == '\n') surely = true;
    }
    ++j;
  }
  next = j + 1;
  return negated ? !surely : maybe;
}

#if HOOKAGENT_HAVE_HYPERSCAN
// The longest match in bytes when every byte is one character (ASCII), from
// Vectorscan's parser; 0 when unbounded or not understood.
std::size_t max_ascii_length(const std::string& pattern) {
  if (pattern.find("{,") != std::string::npos) return 0;  // a literal in Go, maybe a repeat to PCRE
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(pattern.c_str(), HS_FLAG_ALLOWEMPTY, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return 0;
  }
  std::size_t width = info->max_width == UINT_MAX ? 0 : info->max_width;
  std::free(info);
  return width > kMaxUsefulLength ? 0 : width;
}
#else
std::size_t max_ascii_length(const std::string&) { return 0; }
#endif

// The same language with an empty group opening every alternative. RE2's
// parser factors common prefixes out of alternations (AKIA|ASIA becomes
// A(?:KIA|SIA)), which splits keywords across FilteredRE2 atoms; an empty
// group in front of each alternative keeps them whole.
std::string unfactored(std::string_view p) {
  std::string out = "(?:)";
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 'Q') {  // \Q...\E is copied as it is
        std::size_t end = p.find("\\E", i + 2);
        end = end == std::string_view::npos ? p.size() : end + 2;
        out.append(p.substr(i, end - i));
        i = end - 1;
        continue;
      }
      out += c;
      out += p[++i];
      continue;
    }
    if (c == '[') {  // a class is copied whole
      std::size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') {
        if (p[j] == '\\') ++j;
        else if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
          std::size_t close = p.find(":]", j + 2);
          if (close != std::string_view::npos) j = close + 1;
        }
        ++j;
      }
      out.append(p.substr(i, std::min(j + 1, p.size()) - i));
      i = j;
      continue;
    }
    out += c;
    if (c == '|') {
      out += "(?:)";
    } else if (c == '(') {
      std::size_t j = i + 1;
      if (j < p.size() && p[j] == '?') {  // copy the group's header; (?flags) has no body
        std::size_t end = p.find_first_of(":)>", j);
        if (end == std::string_view::npos) continue;
        out.append(p.substr(j, end - j + 1));
        i = end;
        if (p[end] == ')') continue;
      }
      out += "(?:)";
    }
  }
  return out;
}

bool contains_any(const std::string& atom, const std::vector<std::string>& keywords) {
  return std::any_of(keywords.begin(), keywords.end(),
                     [&](const std::string& k) { return atom.find(k) != std::string::npos; });
}

}  // namespace

bool may_match_newline(std::string_view p) {
  const bool dot_all = sets_dot_all(p);
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      if (e == 'Q') {  // \Q...\E: literal text
        std::size_t end = p.find("\\E", i + 2);
        std::string_view quoted = p.substr(i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
        if (quoted.find('\n') != std::string_view::npos) return true;
        i = end == std::string_view::npos ? p.size() : end + 2;
        continue;
      }
      if (escape_may_be_newline(e)) return true;
      i += 2;
      continue;
    }
    if (c == '.' && dot_all) return true;
    if (c == '[') {
      std::size_t next = i + 1;
      if (class_may_match_newline(p, i, next)) return true;
      i = next;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return true;
    ++i;
  }
  return false;
}

namespace {

constexpr long kManyNewlines = 1L << 20;  // past this, no bound worth using

// The largest repeat a quantifier at p[i] allows (1 when there is none, -1 when
// unbounded); moves i past it. `{` that starts no valid repeat is a literal,
// left where it is, as RE2 reads it.
long repeat_at(std::string_view p, std::size_t& i) {
  if (i >= p.size()) return 1;
  long most = 1;
  if (p[i] == '*' || p[i] == '+') {
    most = -1;
    ++i;
  } else if (p[i] == '?') {
    ++i;
  } else if (p[i] == '{') {
    const std::size_t close = p.find('}', i);
    if (close == std::string_view::npos) return 1;
    const std::string_view body = p.substr(i + 1, close - i - 1);
    const std::size_t comma = body.find(',');
    auto digits = [](std::string_view d) {
      return !d.empty() && d.size() <= 6 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::string_view low = body.substr(0, comma), high = comma == std::string_view::npos ? "" : body.substr(comma + 1);
    if (!digits(low) || (comma != std::string_view::npos && !high.empty() && !digits(high))) return 1;
    most = comma == std::string_view::npos ? std::stol(std::string(low)) : high.empty() ? -1 : std::stol(std::string(high));
    i = close + 1;
  } else {
    return 1;
  }
  if (i < p.size() && p[i] == '?') ++i;  // lazy
  return most;
}

long times(long count, long most) {
  if (count == 0) return 0;
  if (most < 0) return kManyNewlines;
  return std::min(kManyNewlines, count * most);
}

}  // namespace

int max_newlines(std::string_view p) {
  const bool dot_all = sets_dot_all(p);
  std::vector<long> open{0};  // per open group, the newlines counted so far
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    long atom = 0;
    if (c == '(') {
      open.push_back(0);
      ++i;
      continue;
    }
    if (c == ')') {
      if (open.size() < 2) return -1;
      const long group = open.back();
      open.pop_back();
      ++i;
      open.back() = std::min(kManyNewlines, open.back() + times(group, repeat_at(p, i)));
      continue;
    }
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      if (e == 'Q') {
        const std::size_t end = p.find("\\E", i + 2);
        const std::string_view quoted = p.substr(i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
        atom = static_cast<long>(std::count(quoted.begin(), quoted.end(), '\n'));
        i = end == std::string_view::npos ? p.size() : end + 2;
      } else {
        atom = escape_may_be_newline(e) ? 1 : 0;
        i += 2;
      }
    } else if (c == '[') {
      std::size_t next = i + 1;
      atom = class_may_match_newline(p, i, next) ? 1 : 0;
      i = next;
    } else {
      atom = (c == '.' && dot_all) || (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? 1 : 0;
      ++i;
      if (c == '|' || c == '^' || c == '$') continue;  // no quantifier binds to these
    }
    open.back() = std::min(kManyNewlines, open.back() + times(atom, repeat_at(p, i)));
  }
  if (open.size() != 1 || open[0] >= kManyNewlines) return -1;
  return static_cast<int>(open[0]);
}

RuleReach analyse_reach(const std::string& pattern, const std::vector<std::string>& keywords) {
  RuleReach r;
  if (keywords.empty()) return r;
  for (const auto& k : keywords)
    if (k.empty() || k.find('\n') != std::string::npos) return r;
  r.single_line = !may_match_newline(pattern);
  r.max_len = max_ascii_length(pattern);
  if (!r.single_line && r.max_len == 0) return r;  // no window possible: skip the costly part
  // FilteredRE2 lists lowercased atoms and an AND/OR formula that every match
  // satisfies. Declare present every atom without a keyword: if the rule
  // still cannot pass, every match holds an atom with a keyword in it.
  re2::FilteredRE2 filter(1);
  int id = 0;
  if (filter.Add(unfactored(pattern), go_regex_options(), &id) != RE2::NoError) return r;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> present;
  for (std::size_t i = 0; i < atoms.size(); ++i)
    if (!contains_any(atoms[i], keywords)) present.push_back(static_cast<int>(i));
  std::vector<int> potential;
  filter.AllPotentials(present, &potential);

  r.contains_keyword = potential.empty();
  return r;
}

uint64_t reach_key(std::string_view pattern, const std::vector<std::string>& keywords) {
  uint64_t key = fnv1a(pattern);
  for (const auto& k : keywords) key = fnv1a(k, fnv1a(std::string_view("\0", 1), key));
  return key;
}

LazyReach::LazyReach(std::string pattern, std::vector<std::string> keywords, const std::optional<KnownReach>& known)
    : pattern_(std::move(pattern)), keywords_(std::move(keywords)) {
  if (known && known->key == reach_key(pattern_, keywords_)) {
    known_ = true;
    reach_ = known->reach;
  }
}

const RuleReach& LazyReach::get() const {
  if (known_) return reach_;
  std::call_once(once_, [this] { reach_ = analyse_reach(pattern_, keywords_); });
  return reach_;
}

// 16 bytes at a time: lines of source are short, and one memchr call per line
// cost 5% of a whole-tree scan.
void LineIndex::build() {
  if (built_) return;
  built_ = true;
  const char* p = text_.data();
  const std::size_t n = text_.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  for (; i + 16 <= n; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline)));
    for (; mask; mask &= mask - 1) nl_.push_back(i + static_cast<std::size_t>(__builtin_ctz(mask)));
  }
#endif
  for (; i < n; ++i)
    if (p[i] == '\n') nl_.push_back(i);
}

std::size_t LineIndex::line_of(std::size_t offset) {
  build();
  return static_cast<std::size_t>(std::lower_bound(nl_.begin(), nl_.end(), offset) - nl_.begin());
}
std::size_t LineIndex::begin_of(std::size_t line) {
  build();
  return line == 0 ? 0 : nl_[line - 1] + 1;
}
std::size_t LineIndex::end_of(std::size_t line) {
  build();
  return line < nl_.size() ? nl_[line] : text_.size();
}

const std::vector<Window>& NonAsciiRuns::get() {
  if (built_) return runs_;
  built_ = true;
  const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
  const std::size_t n = text_.size();
  std::size_t i = 0;
  while (i < n) {
    for (uint64_t w; i + 8 <= n; i += 8) {  // eight ASCII bytes at a time
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
    }
    while (i < n && p[i] < 0x80) ++i;
    if (i >= n) break;
    std::size_t begin = i;
    while (i < n && p[i] >= 0x80) ++i;
    runs_.push_back({begin, i});
  }
  return runs_;
}

void reach_windows(const RuleReach& reach, std::vector<Window>& spans, std::string_view text, LineIndex& lines,
                   NonAsciiRuns& non_ascii, std::vector<Window>& out) {
  out.clear();
  const std::size_t n = text.size();
  // A match of at most `len` bytes holding [a, b) lies in [b - len, a + len].
  auto add = [&](std::size_t a, std::size_t b, std::size_t len) {
    std::size_t from = 0, to = n;
    if (len) {
      from = b > len ? b - len : 0;
      to = std::min(n, a + len);
    }
    if (reach.single_line) {
      std::size_t line = lines.line_of(a);
      from = std::max(from, lines.begin_of(line));
      to = std::min(to, lines.end_of(line));
    }
    if (from < to) out.push_back({from, to});
  };
  for (const Window& s : spans) add(s.begin, s.end, reach.max_len);
  // A match with non-ASCII bytes needs no ASCII keyword ((?i) folds K to the
  // Kelvin sign) and its characters may take up to 4 bytes each.
  for (const Window& r : non_ascii.get()) add(r.begin, r.end, reach.max_len * 4);
  std::sort(out.begin(), out.end(), [](const Window& x, const Window& y) { return x.begin < y.begin; });
  std::size_t merged = 0;
  for (const Window& w : out) {
    if (merged > 0 && w.begin <= out[merged - 1].end) {
      out[merged - 1].end = std::max(out[merged - 1].end, w.end);
    } else {
      out[merged++] = w;
    }
  }
  out.resize(merged);
}

}  // namespace hookagent::scan
