#pragma once
// The two pattern languages of permission rules: Bash specifiers (`*` is any
// run of characters; a trailing ` *` also matches nothing at all, so
// `ls *` matches `ls` and `ls -la` but never `lsof`) and Read/Edit
// specifiers (gitignore syntax).
#include <string_view>

namespace hookagent::policy {

bool match_command_pattern(std::string_view pattern, std::string_view command);

// Could some command that starts with `known_prefix` match? For deny rules
// judged against commands whose tail is only known at run time (xargs).
bool command_pattern_may_match_prefix(std::string_view pattern, std::string_view known_prefix);

// gitignore matching of a '/'-separated path (no leading '/', relative to the
// pattern's base) against a pattern (relative, already stripped of `./`):
// a pattern without a '/' matches a name at any depth; a leading '/' anchors;
// `**` spans directories; a trailing '/' matches directories only; a pattern
// matching a directory matches everything beneath it.
bool match_gitignore(std::string_view pattern, std::string_view path, bool path_is_dir);

}  // namespace hookagent::policy
