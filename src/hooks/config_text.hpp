#pragma once
// Editing another tool's config file as text, so that its comments, order and
// quoting survive: the helpers the husky, lefthook and pre-commit editors share.
// A YAML edit is accepted only when the file, parsed again, means what it meant
// before plus hookagent's entry (checked with yaml-cpp by the callers).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace hookagent::hooks {

// The marker every entry hookagent adds carries, and what uninstall looks for.
inline constexpr std::string_view kAddedMarker = "added by `hookagent install`";

struct TextLines {
  std::vector<std::string> lines;  // without their line endings
  std::string eol = "\n";          // "\r\n" when the file uses it
  bool final_eol = true;           // the text ended with a line ending (or was empty)
};

TextLines split_lines(const std::string& text);
// The text of `lines` from line `first` (0-based), each followed by `eol`.
std::string join_lines(const std::vector<std::string>& lines, const std::string& eol);

// `text` with `block` (whole lines, each ending in the file's eol) inserted
// before 0-based line `at` (at == number of lines: appended). A text whose last
// line had no line ending gets one first.
std::string insert_lines(const std::string& text, size_t at, const std::vector<std::string>& block,
                         std::string* inserted);

// `text` without the one occurrence of `block`; an error when it occurs zero
// times or more than once (then the user edited around it: removing it by
// guesswork could take their lines too).
Result<std::string> remove_exact(const std::string& text, const std::string& block, const std::string& where,
                                 const std::string& what);

// The body of a YAML double-quoted scalar holding `s`.
std::string yaml_double_quoted(std::string_view s);

}  // namespace hookagent::hooks
