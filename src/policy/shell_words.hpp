#pragma once
// Shell-like word splitting with NO expansion, for the agent's Bash tool, which
// runs argv directly (DESIGN §6: no shell). The policy parses the same syntax.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace hookagent {

// Splits one simple command into argv: '...' is literal, "..." honours \" \\ \$ \`
// and \newline, a backslash outside quotes escapes the next character, an
// unquoted # at the start of a word begins a comment. Fails (ErrorKind::Usage,
// with the column) on what a shell would give a meaning we do not run:
// operators (; & | && || newline), redirections, substitutions ($(...), `...`,
// $VAR, ${...}), subshells, and unbalanced quotes.
Result<std::vector<std::string>> split_shell_words(std::string_view command);

// Quotes a word so that a shell (and split_shell_words) reads it back unchanged.
std::string quote_shell_word(std::string_view word);
std::string join_shell_words(const std::vector<std::string>& words);

}  // namespace hookagent
