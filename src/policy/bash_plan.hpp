#pragma once
// What a Bash command line would do, part by part, before any rule is
// consulted: which commands run once wrappers (env, timeout, xargs, ...) are
// stripped, which files are read and written through redirections and known
// writers, which arguments name paths, and which forms are denied outright
// because their effect cannot be known from the text.
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::policy {

struct CommandCheck {
  std::string text;                   // the simple command as written (re-quoted), for messages
  std::vector<std::string> subjects;  // what Bash rules are matched against: the full form, then each inner form
  bool open_tail = false;             // xargs: more arguments arrive on stdin at run time
  std::vector<std::string> reads;     // files read (`<`, sed r, awk getline <): judged as Read
  std::vector<std::string> writes;    // files written (`>`, tee, sort -o, sed w, awk print >): judged as Edit
  std::vector<std::string> args;      // arguments that may name paths: must stay inside the repo
                                      // (blanked where the word is program text, like a sed script)
  bool args_are_written = false;      // rm, mv, cp, touch, ...: no argument may point into .git/
  std::string cd_target;              // cd DIR: later relative paths may mean DIR/...
  bool needs_rule = true;             // false for `cd` inside the repo and bare redirections
  std::string denied;                 // set: denied whatever the rules say, and why
};

struct BashPlan {
  std::vector<CommandCheck> commands;
  std::string uncertain;  // set: the line could not be read with certainty, and why
};

BashPlan plan_bash(std::string_view command_line);

}  // namespace hookagent::policy
