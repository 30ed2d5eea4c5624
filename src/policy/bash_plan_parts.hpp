#pragma once
// What the parts of plan_bash() share; internal to src/policy/. The driver
// (bash_plan.cpp) strips wrappers (bash_wrappers.cpp) and hands each command
// to check_program() (bash_programs.cpp), which reads the arguments of
// programs that write files or run code: by their options (bash_options.cpp,
// bash_writers.cpp), or by the program text they are given (sed_script.cpp,
// awk_program.cpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "policy/bash_plan.hpp"

namespace hookagent::policy::bash_plan_parts {

using Argv = std::vector<std::string>;

// "/usr/bin/sed" -> "sed"
std::string basename_of(const std::string& word);

// A wrapper (env, xargs, nice, timeout, ...) and the command it runs.
struct Unwrapped {
  Argv inner;          // empty: nothing to unwrap
  std::string denied;  // set: deny
  bool open_tail = false;
};

Unwrapped unwrap_env(const Argv& argv);
Unwrapped unwrap_xargs(const Argv& argv, CommandCheck& check);  // records `-a FILE` as a read
Unwrapped unwrap_simple_wrapper(const std::string& name, const Argv& argv);

// How getopt_long reads a command's arguments. GNU tools permute, so options
// may follow operands. A long option takes the next word only when its name is
// exactly one of `value_longs`; getopt_long would also take it after a unique
// abbreviation (`sort --out F`), but consuming on a prefix could swallow an
// option (`curl --head` is a prefix of `--header`), so an abbreviation keeps
// the next word in `next_word` for the checks to judge as its value too.
struct Opt {
  std::string name;  // "o" for -o, "output" for --output
  bool is_long = false;
  bool has_value = false;
  std::string value;
  std::size_t value_at = 0;  // index in argv of the word holding the value
  std::string next_word;     // a long option without a value: the word after it
};

struct OptionSpec {
  std::string_view value_letters;            // short options that take a value
  std::vector<std::string_view> value_longs;  // long options that take a value
};

struct ParsedArgs {
  std::vector<Opt> opts;
  Argv operands;
  std::vector<std::size_t> operand_at;  // index in argv of each operand
};

ParsedArgs parse_options(const Argv& argv, const OptionSpec& spec);
// `letter` (0: none) or `long_name`, which getopt_long also accepts abbreviated
// to `min_abbrev` characters or more.
bool is_opt(const Opt& o, char letter, std::string_view long_name = {}, std::size_t min_abbrev = 1);
const Opt* find_opt(const ParsedArgs& p, char letter, std::string_view long_name = {}, std::size_t min_abbrev = 1);
std::string value_of(const Opt& o);
std::string shown_opt(const Opt& o);  // the option as written, for messages
void record_output(const ParsedArgs& p, char letter, std::string_view long_name, CommandCheck& check);
void not_a_path(const Argv& argv, std::size_t index, CommandCheck& check);

// How a reader of a regex literal treats `[`: GNU sed and today's awks skip a
// bracket expression whole, so it may hold the delimiter (`s/[/]/x/`); older
// awks do not, and readers differ on `]` inside [:..:] and on backslashes.
struct BracketRules {
  bool brackets = true;  // `[...]` may hold the delimiter
  bool classes = true;   // a `]` inside [:..:], [....] or [=..=] does not close
  bool escapes = false;  // a backslash inside brackets escapes the next character
};

// From s[i], just after an opening delimiter: the index just past the
// unescaped `close`, or npos when it does not close on this line (a
// backslash-newline continues it). In sed_script.cpp; awk reads its strings
// and regex literals with it too.
std::size_t delimited_end(std::string_view s, std::size_t i, char close, bool regex, BracketRules r);

// Empty when `name` may run with these arguments as far as its own grammar
// goes; otherwise why it is denied. Files it reads or writes go into `check`.
std::string check_program(const std::string& name, const Argv& argv, CommandCheck& check);

// The checkers check_program() dispatches to: the same contract, by program.
std::string check_sed(const Argv& argv, CommandCheck& check);
std::string check_awk(const Argv& argv, CommandCheck& check);
std::string check_sort(const Argv& argv, CommandCheck& check);
std::string check_rg(const Argv& argv, CommandCheck& check);
std::string check_shuf(const Argv& argv, CommandCheck& check);
std::string check_uniq(const Argv& argv, CommandCheck& check);
std::string check_dd(const Argv& argv, CommandCheck& check);
std::string deny_split(const Argv& argv, CommandCheck& check);
std::string check_curl(const Argv& argv, CommandCheck& check);
std::string check_wget(const Argv& argv, CommandCheck& check);
std::string check_tar(const Argv& argv, CommandCheck& check);
std::string check_compressor(const Argv& argv, CommandCheck& check);
std::string check_unzip(const Argv& argv, CommandCheck& check);

}  // namespace hookagent::policy::bash_plan_parts
