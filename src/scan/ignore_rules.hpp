#pragma once
// git's .gitignore semantics, answered in memory: the walk of `hookagent scan
// PATH...` reads each ignore file once and asks here for every entry, instead
// of a libgit2 call that re-stats every ancestor's .gitignore, info/exclude
// and the config files per path (74,000 stats on a 7,900-file tree).
// Follows gitignore(5); no libgit2 here.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::scan {

// One pattern line of an ignore file, after git's parsing.
struct IgnorePattern {
  std::string glob;       // without the leading '!', a leading '/' or a trailing '/'
  bool negated = false;   // "!pattern": re-includes
  bool dir_only = false;  // "pattern/": matches directories only
  bool basename = false;  // no '/' in it: matches the last path component at any depth
  // Length of the literal start of `glob` (up to the first '*', '?', '[' or
  // '\\'). git compares it as plain text and globs only the rest, so in
  // "foo**/bar" the "**" counts as leading and crosses directories (git 2.39).
  std::size_t literal = 0;
};

// The patterns of an ignore file's text, in file order: blank lines and '#'
// comments dropped, unescaped trailing spaces trimmed, CRLF and a UTF-8 BOM
// accepted. "\#" and "\!" stay escaped in `glob` (glob_match reads them).
std::vector<IgnorePattern> parse_ignore_text(std::string_view text);

// The file's patterns; none when it is missing or unreadable (as git does).
std::vector<IgnorePattern> read_ignore_file(const std::filesystem::path& file);

// git's wildmatch with WM_PATHNAME: '*', '?' and '[...]' never match '/';
// "**" matches across '/' only as a whole component ("**/x", "x/**",
// "x/**/y"), elsewhere it is '*'. '\' escapes the next character.
bool glob_match(std::string_view glob, std::string_view text, bool casefold = false);

// The ignore files in force at one point of a walk, lowest precedence first:
// core.excludesFile, info/exclude, then each .gitignore from the top down.
// The last pattern that matches decides, so a deeper file wins.
class IgnoreRules {
 public:
  explicit IgnoreRules(bool ignore_case = false) : ignore_case_(ignore_case) {}

  // `base` is the directory the patterns are relative to, from the work tree
  // top: "" for the top and for the global files, else "a/b/" (with '/').
  void push(std::string base, std::vector<IgnorePattern> patterns);
  // Back to `depth` files (a walk leaving the directories it entered).
  std::size_t depth() const { return files_.size(); }
  void truncate(std::size_t depth);

  // `rel` is '/' separated, relative to the work tree top, under every
  // pushed base. Parent directories are not looked at: a walk never enters
  // an ignored directory, which is how git keeps its files ignored.
  bool ignored(std::string_view rel, bool is_dir) const;

 private:
  struct File {
    std::string base;
    std::vector<IgnorePattern> patterns;
  };
  bool path_matches(const IgnorePattern& p, std::string_view below) const;

  bool ignore_case_;
  std::vector<File> files_;
};

}  // namespace hookagent::scan
