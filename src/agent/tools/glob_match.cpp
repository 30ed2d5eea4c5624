#include "agent/tools/glob_match.hpp"

#include <re2/re2.h>

namespace hookagent::agent {

std::string glob_to_regex(std::string_view g) {
  std::string re;
  int braces = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    char c = g[i];
    if (c == '*') {
      if (i + 1 < g.size() && g[i + 1] == '*') {
        ++i;
        if (i + 1 < g.size() && g[i + 1] == '/') {
          ++i;
          re += "(?:.*/)?";  // "**/" = zero or more directories
        } else {
          re += ".*";
        }
      } else {
        re += "[^/]*";
      }
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '{') {
      ++braces;
      re += "(?:";
    } else if (c == '}' && braces > 0) {
      --braces;
      re += ")";
    } else if (c == ',' && braces > 0) {
      re += "|";
    } else if (c == '[') {
      size_t close = g.find(']', i + 1);
      if (close == std::string_view::npos) {
        re += "\\[";
      } else {
        std::string cls(g.substr(i + 1, close - i - 1));
        if (!cls.empty() && cls[0] == '!') cls[0] = '^';
        re += "[" + cls + "]";
        i = close;
      }
    } else {
      re += RE2::QuoteMeta(std::string_view(&g[i], 1));
    }
  }
  while (braces-- > 0) re += ")";
  return re;
}

GlobMatcher::GlobMatcher(std::string_view pattern) {
  while (pattern.starts_with("./")) pattern.remove_prefix(2);
  basename_only_ = pattern.find('/') == std::string_view::npos;
  re_ = std::make_unique<re2::RE2>(glob_to_regex(pattern), RE2::Quiet);
}

GlobMatcher::~GlobMatcher() = default;

bool GlobMatcher::ok() const { return re_ && re_->ok(); }

bool GlobMatcher::matches(std::string_view path) const {
  if (!ok()) return false;
  if (basename_only_) {
    auto slash = path.rfind('/');
    if (slash != std::string_view::npos) path = path.substr(slash + 1);
  }
  return RE2::FullMatch(path, *re_);
}

}  // namespace hookagent::agent
