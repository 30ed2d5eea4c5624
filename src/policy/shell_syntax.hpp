#pragma once
// Reads a shell command line the way bash would split it into simple
// commands, without running or expanding anything. Every simple command,
// including those inside $(...), `...`, <(...), >(...) and ( ... ), comes out
// in one flat list, because a compound command may run only if every part may.
// Whatever this reader cannot follow with certainty is an error: the policy
// then denies the whole command.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::shell {

// A word after quote removal. `substituted` marks words whose value is only
// known at run time (they held $(...) or `...`): their text holds "$(...)".
struct Word {
  std::string text;
  bool substituted = false;  // holds $(...) or `...`: its value is known only at run time
  bool process = false;      // <(...) or >(...): a /dev/fd path, fed by commands judged on their own
};

struct Redirect {
  std::string op;      // "<", ">", ">>", ">|", "<>", "&>", "&>>", ">&", "<&"
  int fd = -1;         // the number written before the operator; -1 when none
  Word target;         // a file, or a descriptor for ">&2" / "<&0" / ">&-"
  bool is_write() const { return op != "<" && op != "<&"; }
  // ">&2", "2>&1", "<&0", ">&-": duplicating or closing a descriptor, no file.
  bool is_fd_dup() const;
};

struct SimpleCommand {
  std::vector<std::string> assignments;  // NAME=value written before the command
  std::vector<Word> words;
  std::vector<Redirect> redirects;
};

// Why a command line cannot be judged with certainty; column is 1-based.
struct Uncertain {
  std::string reason;
  std::size_t column = 0;
};

std::expected<std::vector<SimpleCommand>, Uncertain> parse_command_line(std::string_view text);

}  // namespace hookagent::shell
