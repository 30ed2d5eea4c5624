#include "scan/ignore_rules.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace hookagent::scan {
namespace {

char fold(char c, bool casefold) {
  return casefold ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

bool same_char(char a, char b, bool casefold) { return fold(a, casefold) == fold(b, casefold); }

// gitignore(5): trailing spaces go unless a backslash quotes them. A
// backslash quotes whatever follows it, so "a\ " keeps its last space.
std::string_view trim_trailing_spaces(std::string_view line) {
  std::size_t keep = line.size();
  bool in_spaces = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ') {
      if (!in_spaces) keep = i;
      in_spaces = true;
      continue;
    }
    if (line[i] == '\\') ++i;  // the quoted character counts as text
    in_spaces = false;
  }
  return in_spaces ? line.substr(0, keep) : line;
}

bool posix_class(std::string_view name, unsigned char c) {
  if (name == "alnum") return std::isalnum(c);
  if (name == "alpha") return std::isalpha(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "digit") return std::isdigit(c);
  if (name == "graph") return std::isgraph(c);
  if (name == "lower") return std::islower(c);
  if (name == "print") return std::isprint(c);
  if (name == "punct") return std::ispunct(c);
  if (name == "space") return std::isspace(c);
  if (name == "upper") return std::isupper(c);
  if (name == "xdigit") return std::isxdigit(c);
  return false;
}

bool in_range(char lo, char hi, char c, bool casefold) {
  auto inside = [&](char x) {
    return static_cast<unsigned char>(lo) <= static_cast<unsigned char>(x) &&
           static_cast<unsigned char>(x) <= static_cast<unsigned char>(hi);
  };
  if (inside(c)) return true;
  if (!casefold) return false;
  auto u = static_cast<unsigned char>(c);
  return inside(static_cast<char>(std::tolower(u))) || inside(static_cast<char>(std::toupper(u)));
}

// "[...]" at glob[at] against `c`. Sets `end` to the index after the closing
// ']'; false (and `end` = npos) for a class that never closes, which git
// treats as matching nothing.
bool match_class(std::string_view glob, std::size_t at, char c, bool casefold, std::size_t& end) {
  std::size_t i = at + 1;
  bool negate = i < glob.size() && (glob[i] == '!' || glob[i] == '^');
  if (negate) ++i;
  bool hit = false;
  for (bool first = true;; first = false) {
    if (i >= glob.size()) {
      end = std::string_view::npos;
      return false;
    }
    char lo = glob[i];
    if (lo == ']' && !first) break;
    if (lo == '[' && i + 1 < glob.size() && glob[i + 1] == ':') {
      std::size_t close = glob.find(":]", i + 2);
      if (close != std::string_view::npos) {
        std::string_view name = glob.substr(i + 2, close - i - 2);
        auto u = static_cast<unsigned char>(c);
        hit = hit || posix_class(name, u) ||
              (casefold && (name == "upper" || name == "lower") && std::isalpha(u));
        i = close + 2;
        continue;
      }
    }
    if (lo == '\\' && i + 1 < glob.size()) lo = glob[++i];
    if (i + 2 < glob.size() && glob[i + 1] == '-' && glob[i + 2] != ']') {
      i += 2;
      char hi = glob[i];
      if (hi == '\\' && i + 1 < glob.size()) hi = glob[++i];
      hit = hit || in_range(lo, hi, c, casefold);
    } else {
      hit = hit || same_char(lo, c, casefold);
    }
    ++i;
  }
  end = i + 1;
  return hit != negate;
}

// Beyond match / no match, two answers that stop a '*' loop from trying
// later starts in vain (wildmat's trick, kept by git's wildmatch), so a glob
// like "*a*a*a*b" stays linear instead of exponential:
// - TextEnded: the text ran out before the glob; a shorter rest cannot do better.
// - SlashStopped: a '*' reached a '/' it may not cross; only a "**" above may go on.
enum class Match { Yes, No, TextEnded, SlashStopped };

Match match_from(std::string_view glob, std::size_t gi, std::string_view text, std::size_t ti, bool casefold) {
  for (; gi < glob.size(); ++gi, ++ti) {
    char g = glob[gi];
    if (g == '*') {
      std::size_t after = gi;
      while (after < glob.size() && glob[after] == '*') ++after;
      bool component = after - gi >= 2 && (gi == 0 || glob[gi - 1] == '/') &&
                       (after == glob.size() || glob[after] == '/');
      if (component && after == glob.size()) return Match::Yes;  // "x/**" or "**": everything below
      if (component) {
        // "**/": zero or more whole directories, so the rest may start at
        // this point or after any later '/'.
        for (std::size_t k = ti; k != std::string_view::npos;) {
          Match m = match_from(glob, after + 1, text, k, casefold);
          if (m == Match::Yes || m == Match::TextEnded) return m;
          k = text.find('/', k);
          if (k != std::string_view::npos) ++k;
        }
        return Match::TextEnded;
      }
      // '*' (and a "**" that is not a whole component): within one component.
      std::size_t stop = text.find('/', ti);
      if (after == glob.size()) return stop == std::string_view::npos ? Match::Yes : Match::No;
      if (stop == std::string_view::npos) stop = text.size();
      for (std::size_t k = ti; k <= stop; ++k) {
        Match m = match_from(glob, after, text, k, casefold);
        if (m != Match::No) return m;
      }
      return stop == text.size() ? Match::TextEnded : Match::SlashStopped;
    }
    if (ti >= text.size()) return Match::TextEnded;
    char c = text[ti];
    if (g == '?') {
      if (c == '/') return Match::No;
    } else if (g == '[') {
      std::size_t end = 0;
      bool hit = c != '/' && match_class(glob, gi, c, casefold, end);
      if (end == std::string_view::npos) return Match::TextEnded;  // unclosed '[': git matches nothing
      if (!hit) return Match::No;
      gi = end - 1;
    } else {
      if (g == '\\') {
        if (++gi >= glob.size()) return Match::TextEnded;  // a lone trailing '\' matches nothing
        g = glob[gi];
      }
      if (!same_char(g, c, casefold)) return Match::No;
    }
  }
  return ti == text.size() ? Match::Yes : Match::No;
}

IgnorePattern parse_line(std::string_view line) {
  IgnorePattern p;
  if (!line.empty() && line[0] == '!') {
    p.negated = true;
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    p.dir_only = true;
    line.remove_suffix(1);
  }
  p.basename = line.find('/') == std::string_view::npos;
  if (!line.empty() && line[0] == '/') line.remove_prefix(1);  // anchored: it has a '/' anyway
  p.glob = std::string(line);
  p.literal = std::min(p.glob.find_first_of("*?[\\"), p.glob.size());
  return p;
}

}  // namespace

std::vector<IgnorePattern> parse_ignore_text(std::string_view text) {
  std::vector<IgnorePattern> out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    IgnorePattern p = parse_line(trim_trailing_spaces(line));
    if (!p.glob.empty()) out.push_back(std::move(p));
  }
  return out;
}

std::vector<IgnorePattern> read_ignore_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_ignore_text(text.str());
}

bool glob_match(std::string_view glob, std::string_view text, bool casefold) {
  return match_from(glob, 0, text, 0, casefold) == Match::Yes;
}

void IgnoreRules::push(std::string base, std::vector<IgnorePattern> patterns) {
  files_.push_back({std::move(base), std::move(patterns)});
}

void IgnoreRules::truncate(std::size_t depth) {
  if (depth < files_.size()) files_.resize(depth);
}

// A pattern with a '/' against a path below its file's directory: the literal
// start compared as text, the rest globbed from there (as git does).
bool IgnoreRules::path_matches(const IgnorePattern& p, std::string_view below) const {
  std::string_view head = std::string_view(p.glob).substr(0, p.literal);
  if (below.size() < head.size()) return false;
  for (std::size_t i = 0; i < head.size(); ++i)
    if (!same_char(head[i], below[i], ignore_case_)) return false;
  return glob_match(std::string_view(p.glob).substr(p.literal), below.substr(head.size()), ignore_case_);
}

bool IgnoreRules::ignored(std::string_view rel, bool is_dir) const {
  std::string_view name = rel.substr(rel.rfind('/') + 1);
  for (auto f = files_.rbegin(); f != files_.rend(); ++f) {
    if (rel.substr(0, f->base.size()) != f->base) continue;
    std::string_view below = rel.substr(f->base.size());
    for (auto p = f->patterns.rbegin(); p != f->patterns.rend(); ++p) {
      if (p->dir_only && !is_dir) continue;
      if (p->basename ? glob_match(p->glob, name, ignore_case_) : path_matches(*p, below)) return !p->negated;
    }
  }
  return false;
}

}  // namespace hookagent::scan
