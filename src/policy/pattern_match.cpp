#include "policy/pattern_match.hpp"

#include <string>
#include <vector>

namespace hookagent::policy {

namespace {

// Classic wildcard match with backtracking to the last `*`; linear enough for
// rule-sized patterns.
bool wildcard(std::string_view p, std::string_view s) {
  std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// fnmatch of one path segment: `*`, `?`, `[...]` (with `!`/`^` and ranges), `\x`.
bool segment(std::string_view p, std::string_view s) {
  if (p.empty()) return s.empty();
  const char c = p[0];
  if (c == '*') {
    for (std::size_t k = 0; k <= s.size(); ++k)
      if (segment(p.substr(1), s.substr(k))) return true;
    return false;
  }
  if (s.empty()) return false;
  if (c == '?') return segment(p.substr(1), s.substr(1));
  if (c == '[') {
    std::size_t k = 1;
    const bool negate = k < p.size() && (p[k] == '!' || p[k] == '^');
    if (negate) ++k;
    bool hit = false;
    const std::size_t first = k;
    for (; k < p.size() && (p[k] != ']' || k == first); ++k) {
      if (k + 2 < p.size() && p[k + 1] == '-' && p[k + 2] != ']') {
        hit |= s[0] >= p[k] && s[0] <= p[k + 2];
        k += 2;
      } else {
        hit |= s[0] == p[k];
      }
    }
    if (k >= p.size()) return s[0] == '[' && segment(p.substr(1), s.substr(1));  // no `]`: literal
    return hit != negate && segment(p.substr(k + 1), s.substr(1));
  }
  if (c == '\\' && p.size() > 1) return s[0] == p[1] && segment(p.substr(2), s.substr(1));
  return c == s[0] && segment(p.substr(1), s.substr(1));
}

bool segments(const std::vector<std::string_view>& p, std::size_t pi, const std::vector<std::string_view>& s,
              std::size_t si, std::size_t s_end) {
  if (pi == p.size()) return si == s_end;
  if (p[pi] == "**") {
    for (std::size_t k = si; k <= s_end; ++k)
      if (segments(p, pi + 1, s, k, s_end)) return true;
    return false;
  }
  if (si == s_end) return false;
  return segment(p[pi], s[si]) && segments(p, pi + 1, s, si + 1, s_end);
}

}  // namespace

bool match_command_pattern(std::string_view pattern, std::string_view command) {
  if (wildcard(pattern, command)) return true;
  // Claude Code: a trailing ` *` needs a word boundary, and may match nothing:
  // `ls *` covers `ls` itself.
  if (pattern.size() >= 2 && pattern.ends_with(" *")) return wildcard(pattern.substr(0, pattern.size() - 2), command);
  return false;
}

bool command_pattern_may_match_prefix(std::string_view pattern, std::string_view known_prefix) {
  // Positions of the pattern reachable after reading the prefix. If any is
  // left, the unknown tail can complete the match.
  std::vector<bool> live(pattern.size() + 1, false);
  auto close = [&](std::vector<bool>& set) {
    for (std::size_t k = 0; k < pattern.size(); ++k)
      if (set[k] && pattern[k] == '*') set[k + 1] = true;
  };
  live[0] = true;
  close(live);
  for (char c : known_prefix) {
    std::vector<bool> next(pattern.size() + 1, false);
    bool any = false;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      if (!live[k]) continue;
      if (pattern[k] == '*') next[k] = any = true;
      else if (pattern[k] == c) next[k + 1] = any = true;
    }
    if (!any) return false;
    close(next);
    live.swap(next);
  }
  return true;
}

bool match_gitignore(std::string_view pattern, std::string_view path, bool path_is_dir) {
  bool dir_only = false;
  while (pattern.size() > 1 && pattern.ends_with("/")) {
    pattern.remove_suffix(1);
    dir_only = true;
  }
  std::string full;
  if (pattern.starts_with("/")) {
    full = std::string(pattern.substr(1));
  } else if (pattern.find('/') == std::string_view::npos) {
    full = "**/" + std::string(pattern);  // a bare name matches at any depth
  } else {
    full = std::string(pattern);
  }
  const auto p = split_path(full);
  const auto s = split_path(path);
  // The path itself, then each directory above it: ignoring a directory
  // covers what is inside it.
  for (std::size_t end = s.size(); end >= 1; --end) {
    const bool is_dir = end < s.size() || path_is_dir;
    if ((!dir_only || is_dir) && segments(p, 0, s, 0, end)) return true;
  }
  return s.empty() && p.size() == 1 && p[0] == "**";
}

}  // namespace hookagent::policy
