// argv for the agent's Bash tool: the policy's shell reader, restricted to one
// simple command with nothing a shell would have to run or expand.
#include "policy/shell_words.hpp"

#include <cctype>
#include <cstring>

#include "policy/shell_syntax.hpp"

namespace hookagent {

Result<std::vector<std::string>> split_shell_words(std::string_view command) {
  const std::string where = "command `" + std::string(command) + "`";
  auto parsed = shell::parse_command_line(command);
  if (!parsed)
    return fail(ErrorKind::Usage, parsed.error().reason + " at column " + std::to_string(parsed.error().column),
                where, "commands run without a shell: write one command with literal arguments");
  if (parsed->empty()) return fail(ErrorKind::Usage, "empty command", where, "write a command to run");
  if (parsed->size() > 1)
    return fail(ErrorKind::Usage, "more than one command (`;`, `&&`, `|`, newline, or a substitution)", where,
                "commands run without a shell: run one command per call");
  const auto& cmd = parsed->front();
  if (!cmd.redirects.empty())
    return fail(ErrorKind::Usage, "redirections (`>`, `<`, `2>&1`) need a shell", where,
                "drop the redirection: the tool returns stdout and stderr");
  if (!cmd.assignments.empty())
    return fail(ErrorKind::Usage, "environment assignments before a command need a shell", where,
                "drop `" + cmd.assignments.front() + "`");
  std::vector<std::string> argv;
  for (const auto& w : cmd.words) {
    if (w.substituted)
      return fail(ErrorKind::Usage, "command substitution needs a shell", where,
                  "run the inner command first, then use its output");
    argv.push_back(w.text);
  }
  if (argv.empty()) return fail(ErrorKind::Usage, "empty command", where, "write a command to run");
  return argv;
}

std::string quote_shell_word(std::string_view word) {
  if (word.empty()) return "''";
  bool plain = true;
  for (char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || std::strchr("@%+=:,./-_", c) || u >= 0x80)) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string join_shell_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += quote_shell_word(w);
  }
  return out;
}

}  // namespace hookagent
