// sed's arguments and script: what it runs, reads and writes.
#include "policy/bash_plan_parts.hpp"

#include <cctype>

namespace hookagent::policy::bash_plan_parts {

namespace {

// s[i] is `[`: the index of the `]` that closes it, or npos (not on this line).
std::size_t bracket_end(std::string_view s, std::size_t i, BracketRules r) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '^') ++j;
  if (j < s.size() && s[j] == ']') ++j;  // a `]` first is literal
  for (char open = 0; j < s.size() && s[j] != '\n'; ++j) {
    const char next = j + 1 < s.size() ? s[j + 1] : '\0';
    if (r.escapes && s[j] == '\\') {
      ++j;
    } else if (open == 0 && r.classes && s[j] == '[' && (next == ':' || next == '.' || next == '=')) {
      open = s[++j];
    } else if (open != 0 && s[j] == open && next == ']') {
      open = 0;
      ++j;
    } else if (open == 0 && s[j] == ']') {
      return j;
    }
  }
  return std::string_view::npos;
}

// A GNU sed script (4.9's grammar), read far enough to find every command:
// the ones that run a shell (`e`, `s///e`) and the ones that touch files
// (`r`, `R`, `w`, `W`, `s///w`). Where the reading could drift from sed's,
// it stops and reports rather than guess: a drift could hide a command
// (`b foo e id` runs `e id`, since a label ends at a blank).
class SedScript {
 public:
  explicit SedScript(std::string_view text) : s_(text) {}

  // Empty when read to the end; otherwise why the script is denied.
  std::string scan(CommandCheck& check) {
    check_ = &check;
    while (error_.empty()) {
      while (!done() && (std::isspace(static_cast<unsigned char>(s_[i_])) || s_[i_] == ';')) ++i_;
      if (done()) break;
      if (!address() || !command()) break;
    }
    if (error_.empty() && depth_ != 0) fail("an unclosed `{`");
    return error_;
  }

 private:
  bool done() const { return i_ >= s_.size(); }
  char at() const { return done() ? '\0' : s_[i_]; }
  bool digit() const { return std::isdigit(static_cast<unsigned char>(at())) != 0; }
  void skip_blanks() {
    while (at() == ' ' || at() == '\t') ++i_;
  }
  bool fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    return false;
  }

  // Past the closing `delim`; a backslash escapes any character (a newline
  // too), an unescaped newline is an error in sed as here.
  bool delimited(char delim, bool regex) {
    const std::size_t end = delimited_end(s_, i_, delim, regex, {});
    if (end == std::string_view::npos) return fail("an unterminated regular expression or replacement");
    i_ = end;
    return true;
  }

  bool regex_address() {
    if (at() == '\\') ++i_;
    const char delim = at();
    if (delim == '\0' || delim == '\n' || delim == '\\')
      return fail("a regular expression address without a delimiter");
    ++i_;
    if (!delimited(delim, true)) return false;
    for (skip_blanks(); at() == 'I' || at() == 'M'; skip_blanks()) ++i_;
    return true;
  }

  bool one_address() {
    if (at() == '/' || at() == '\\') return regex_address();
    if (at() == '$') {
      ++i_;
    } else if (digit() || at() == '+' || at() == '~') {
      ++i_;
      while (digit() || at() == '~') ++i_;
    }
    return true;
  }

  bool address() {
    if (!one_address()) return false;
    skip_blanks();
    if (at() == ',') {
      ++i_;
      skip_blanks();
      if (!one_address()) return false;
      skip_blanks();
    }
    if (at() == '!') ++i_;
    skip_blanks();
    return true;
  }

  std::string rest_of_line() {
    const std::size_t start = i_;
    while (!done() && s_[i_] != '\n') ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  // The file of r/R/w/W and s///w runs to the end of the line, `;` included.
  bool file_operand(std::vector<std::string>& into, char cmd) {
    skip_blanks();
    std::string file = rest_of_line();
    if (file.empty()) return fail(std::string("`") + cmd + "` without a file name");
    into.push_back(std::move(file));
    return true;
  }

  // a, i, c: text up to an unescaped newline.
  void text() {
    for (; !done() && s_[i_] != '\n'; ++i_)
      if (s_[i_] == '\\') ++i_;
  }

  void label() {
    skip_blanks();
    while (!done() && std::string_view(" \t\n;}#").find(s_[i_]) == std::string_view::npos) ++i_;
  }

  bool end_of_command() {
    skip_blanks();
    if (done() || at() == ';' || at() == '\n' || at() == '}' || at() == '#') return true;
    return fail(std::string("unexpected `") + at() + "` after a command");
  }

  bool two_parts(bool regex) {
    const char delim = at();
    if (delim == '\0' || delim == '\n' || delim == '\\') return fail("an `s` or `y` command without a delimiter");
    ++i_;
    return delimited(delim, regex) && delimited(delim, false);
  }

  bool substitute_flags() {
    for (skip_blanks();; skip_blanks()) {
      const char f = at();
      if (f == 'e') return fail("the `e` flag of `s` runs the pattern space as a shell command");
      if (f == 'w') {
        ++i_;
        return file_operand(check_->writes, 'w');
      }
      if (std::string_view("gpiImM").find(f) == std::string_view::npos && !digit()) return end_of_command();
      ++i_;
    }
  }

  bool command() {
    if (done()) return fail("an address without a command");
    const char c = s_[i_++];
    switch (c) {
      case '{': ++depth_; return true;
      case '}': return --depth_ >= 0 ? end_of_command() : fail("an unmatched `}`");
      case '#': rest_of_line(); return true;
      case ':': case 'b': case 't': case 'T': case 'v': label(); return true;
      case 'a': case 'i': case 'c': text(); return true;
      case 'r': case 'R': return file_operand(check_->reads, c);
      case 'w': case 'W': return file_operand(check_->writes, c);
      case 'e': return fail("the `e` command runs a shell command");
      case 's': return two_parts(true) && substitute_flags();
      case 'y': return two_parts(false) && end_of_command();
      case 'l': case 'L': case 'q': case 'Q':
        skip_blanks();
        while (digit()) ++i_;
        return end_of_command();
      default:
        if (std::string_view("=dDgGhHnNpPxzF").find(c) != std::string_view::npos) return end_of_command();
        return fail(std::string("an unknown command `") + c + "`");
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::string error_;
  CommandCheck* check_ = nullptr;
};

}  // namespace

std::size_t delimited_end(std::string_view s, std::size_t i, char close, bool regex, BracketRules r) {
  for (std::size_t j = i; j < s.size() && s[j] != '\n'; ++j) {
    if (s[j] == close) return j + 1;
    if (s[j] == '\\') {
      ++j;
    } else if (regex && r.brackets && s[j] == '[') {
      j = bracket_end(s, j, r);
      if (j == std::string_view::npos) break;
    }
  }
  return std::string_view::npos;
}

std::string check_sed(const Argv& argv, CommandCheck& check) {
  const auto p = parse_options(argv, {"efl", {"expression", "file", "line-length"}});
  // GNU sed --sandbox refuses e, r and w itself.
  if (find_opt(p, 0, "sandbox", 2)) return {};
  if (const Opt* f = find_opt(p, 'f', "file", 2))
    return "`sed " + shown_opt(*f) + "` runs a script the gate cannot see (use -e, or --sandbox)";
  std::string script;
  bool any_e = false;
  for (const auto& o : p.opts) {
    if (!is_opt(o, 'e', "expression")) continue;
    if (!o.has_value) return "`sed " + shown_opt(o) + "` has no script";
    script += (any_e ? "\n" : "") + o.value;  // sed reads -e pieces as lines of one script
    any_e = true;
    not_a_path(argv, o.value_at, check);
  }
  if (!any_e) {
    if (p.operands.empty()) return "`sed` has no script";
    script = p.operands.front();
    not_a_path(argv, p.operand_at.front(), check);
  }
  if (auto why = SedScript(script).scan(check); !why.empty()) return "`sed` script `" + script + "`: " + why;
  return {};
}

}  // namespace hookagent::policy::bash_plan_parts
