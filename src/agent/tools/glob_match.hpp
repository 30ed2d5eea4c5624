#pragma once
// Glob patterns as Claude Code's Glob takes them: `**` crosses directories,
// `*` and `?` stay within one, `{a,b}` alternates, `[...]` is a class. A
// pattern without '/' matches the file name in any directory ("*.py").
#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace hookagent::agent {

class GlobMatcher {
 public:
  explicit GlobMatcher(std::string_view pattern);
  ~GlobMatcher();
  bool ok() const;
  bool matches(std::string_view path) const;

 private:
  std::unique_ptr<re2::RE2> re_;
  bool basename_only_ = false;
};

// The RE2 pattern for a glob (exposed for tests).
std::string glob_to_regex(std::string_view glob);

}  // namespace hookagent::agent
