// A reader for the part of bash syntax a command line for a tool call uses.
// It follows bash's quoting rules (bash(1) QUOTING, Command Substitution,
// REDIRECTION) and gives up — the caller denies — on anything that makes the
// command's meaning depend on run-time state: variables, arithmetic, heredocs,
// brace expansion, function definitions.
#include "policy/shell_syntax.hpp"

#include <cctype>
#include <cstring>

namespace hookagent::shell {

bool Redirect::is_fd_dup() const {
  if (op != ">&" && op != "<&") return false;
  const std::string& t = target.text;
  if (t == "-") return true;
  if (t.empty()) return false;
  for (char c : t)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

namespace {

constexpr int kMaxDepth = 16;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_word_end(char c) { return is_blank(c) || std::strchr("\n;&|()<>", c) != nullptr; }

class Parser {
 public:
  Parser(std::string_view s, std::vector<SimpleCommand>& out) : s_(s), out_(out) {}

  // A list of pipelines up to the end, or up to the `)` closing a subshell or
  // substitution (left unconsumed) when `in_parens`.
  bool list(bool in_parens) {
    if (++depth_ > kMaxDepth) return fail("commands nested too deep");
    for (;;) {
      skip_blanks();
      if (eof()) {
        --depth_;
        return in_parens ? fail("`(` is never closed") : true;
      }
      const char c = s_[i_];
      if (c == '#') {
        skip_comment();
      } else if (c == '\n' || c == ';') {
        if (peek(1) == ';') return fail("`;;` outside a case statement");
        ++i_;
      } else if (c == '&' && peek(1) != '>') {
        i_ += peek(1) == '&' ? 2 : 1;
      } else if (c == '|') {
        i_ += (peek(1) == '|' || peek(1) == '&') ? 2 : 1;
      } else if (c == ')') {
        if (!in_parens) return fail("`)` without a matching `(`");
        --depth_;
        return true;
      } else if (c == '(') {
        if (peek(1) == '(') return fail("arithmetic `((...))` is not supported");
        ++i_;  // a subshell: its commands are judged like any others
        if (!list(true)) return false;
        ++i_;
      } else if (!simple_command()) {
        return false;
      }
    }
  }

  const Uncertain& error() const { return error_; }

 private:
  std::string_view s_;
  std::vector<SimpleCommand>& out_;
  std::size_t i_ = 0;
  int depth_ = 0;
  Uncertain error_;

  bool eof() const { return i_ >= s_.size(); }
  char peek(std::size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  bool fail(std::string reason) {
    error_ = {std::move(reason), i_ + 1};
    return false;
  }
  void skip_blanks() {
    while (!eof() && (is_blank(s_[i_]) || (s_[i_] == '\\' && peek(1) == '\n'))) i_ += s_[i_] == '\\' ? 2 : 1;
  }
  void skip_comment() {
    while (!eof() && s_[i_] != '\n') ++i_;
  }

  bool simple_command() {
    SimpleCommand cmd;
    for (;;) {
      skip_blanks();
      if (eof()) break;
      const char c = s_[i_];
      if (c == '#') {
        skip_comment();
        break;
      }
      if (c == '&' && peek(1) == '>') {
        if (!redirect(cmd, -1)) return false;
        continue;
      }
      if ((c == '<' || c == '>') && peek(1) == '(') {
        Word w;
        if (!process_substitution(w)) return false;
        cmd.words.push_back(std::move(w));
        continue;
      }
      if (std::strchr("\n;&|)", c)) break;
      if (c == '(') return fail("`(` inside a command (a function definition?) is not supported");
      std::size_t j = i_;
      while (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) ++j;
      if (j < s_.size() && (s_[j] == '<' || s_[j] == '>')) {
        if (j - i_ > 4) return fail("descriptor number too large");
        const int fd = j == i_ ? -1 : std::stoi(std::string(s_.substr(i_, j - i_)));
        i_ = j;
        if (!redirect(cmd, fd)) return false;
        continue;
      }
      if (c == '{' && named_descriptor_redirect()) return fail("`{name}>` redirections are not supported");
      Word w;
      const bool may_assign = cmd.words.empty();
      std::size_t start = i_;
      if (!word(w)) return false;
      if (may_assign && is_assignment(s_.substr(start, i_ - start))) {
        cmd.assignments.push_back(std::string(s_.substr(start, i_ - start)));
      } else {
        cmd.words.push_back(std::move(w));
      }
    }
    if (!cmd.words.empty() || !cmd.redirects.empty() || !cmd.assignments.empty()) out_.push_back(std::move(cmd));
    return true;
  }

  static bool is_assignment(std::string_view raw) {
    std::size_t k = 0;
    if (raw.empty() || !(std::isalpha(static_cast<unsigned char>(raw[0])) || raw[0] == '_')) return false;
    while (k < raw.size() && (std::isalnum(static_cast<unsigned char>(raw[k])) || raw[k] == '_')) ++k;
    if (k < raw.size() && raw[k] == '+') ++k;
    return k < raw.size() && raw[k] == '=';
  }

  bool named_descriptor_redirect() const {
    std::size_t j = i_ + 1;
    while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
    return j > i_ + 1 && j + 1 < s_.size() && s_[j] == '}' && (s_[j + 1] == '<' || s_[j + 1] == '>');
  }

  bool redirect(SimpleCommand& cmd, int fd) {
    Redirect r;
    r.fd = fd;
    const std::string_view rest = s_.substr(i_);
    if (rest.starts_with("<<<")) return fail("here-strings (`<<<`) are not supported");
    if (rest.starts_with("<<")) return fail("heredocs (`<<`) are not supported");
    for (const char* op : {"&>>", "&>", "<>", "<&", ">>", ">|", ">&", "<", ">"}) {
      if (rest.starts_with(op)) {
        r.op = op;
        break;
      }
    }
    i_ += r.op.size();
    skip_blanks();
    if (eof() || is_word_end(s_[i_])) return fail("redirection `" + r.op + "` has no target");
    if (!word(r.target)) return false;
    if (r.target.substituted) return fail("a redirection target computed at run time");
    cmd.redirects.push_back(std::move(r));
    return true;
  }

  bool process_substitution(Word& w) {
    i_ += 2;
    if (!list(true)) return false;
    ++i_;
    w.text += "/dev/fd/(...)";
    w.process = true;
    return true;
  }

  bool word(Word& w) {
    while (!eof() && !is_word_end(s_[i_])) {
      const char c = s_[i_];
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) return fail("a trailing backslash");
        if (s_[i_ + 1] != '\n') w.text += s_[i_ + 1];
        i_ += 2;
      } else if (c == '\'') {
        const auto close = s_.find('\'', i_ + 1);
        if (close == std::string_view::npos) return fail("an unbalanced single quote");
        w.text += s_.substr(i_ + 1, close - i_ - 1);
        i_ = close + 1;
      } else if (c == '"') {
        ++i_;
        if (!double_quoted(w)) return false;
      } else if (c == '$') {
        if (!dollar(w, false)) return false;
      } else if (c == '`') {
        if (!backticks(w)) return false;
      } else if (c == '{' && brace_expansion()) {
        return fail("brace expansion (`{a,b}`) is not supported");
      } else {
        w.text += c;
        ++i_;
      }
    }
    return true;
  }

  // `{a,b}` and `{1..9}` expand into several words; `{}` (find's placeholder) does not.
  // The scan stops at the next brace or word end, so a line of many `{` stays
  // linear; a nested `{a,{b,c}}` is still caught at its inner brace.
  bool brace_expansion() const {
    bool comma = false, dots = false;
    for (std::size_t j = i_ + 1; j < s_.size(); ++j) {
      const char ch = s_[j];
      if (ch == '}') return comma || dots;
      if (ch == '{' || is_word_end(ch) || ch == '\'' || ch == '"') return false;
      comma |= ch == ',';
      dots |= ch == '.' && j + 1 < s_.size() && s_[j + 1] == '.';
    }
    return false;
  }

  bool double_quoted(Word& w) {
    while (!eof()) {
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c == '\\' && i_ + 1 < s_.size() && std::strchr("$`\"\\\n", s_[i_ + 1])) {
        if (s_[i_ + 1] != '\n') w.text += s_[i_ + 1];
        i_ += 2;
      } else if (c == '$') {
        if (!dollar(w, true)) return false;
      } else if (c == '`') {
        if (!backticks(w)) return false;
      } else {
        w.text += c;
        ++i_;
      }
    }
    return fail("an unbalanced double quote");
  }

  bool dollar(Word& w, bool in_double_quotes) {
    const char next = peek(1);
    if (next == '(') {
      if (peek(2) == '(') return fail("arithmetic `$((...))` is not supported");
      i_ += 2;
      if (!list(true)) return false;
      ++i_;
      w.text += "$(...)";
      w.substituted = true;
      return true;
    }
    if (next == '{') return fail("parameter expansion `${...}` is not supported");
    if (next == '[') return fail("arithmetic `$[...]` is not supported");
    if (next == '\'' && !in_double_quotes) return fail("ANSI-C quoting `$'...'` is not supported");
    if (next == '"' && !in_double_quotes) return fail("locale quoting `$\"...\"` is not supported");
    if (std::isalnum(static_cast<unsigned char>(next)) || (next && std::strchr("_@*#?$!-", next)))
      return fail(std::string("variable expansion `$") + next +
                  "...` is not supported (write the value itself: commands run without a shell)");
    w.text += '$';
    ++i_;
    return true;
  }

  bool backticks(Word& w) {
    std::string inner;
    std::size_t j = i_ + 1;
    for (; j < s_.size() && s_[j] != '`'; ++j) {
      if (s_[j] == '\\' && j + 1 < s_.size()) {
        if (s_[j + 1] == '`') return fail("nested backticks are not supported");
        if (s_[j + 1] != '$' && s_[j + 1] != '\\') inner += '\\';
        inner += s_[++j];
        continue;
      }
      inner += s_[j];
    }
    if (j >= s_.size()) return fail("an unbalanced backtick");
    Parser nested(inner, out_);
    nested.depth_ = depth_;
    if (!nested.list(false)) {
      error_ = {nested.error_.reason + " (inside backticks)", i_ + 1};
      return false;
    }
    i_ = j + 1;
    w.text += "$(...)";
    w.substituted = true;
    return true;
  }
};

}  // namespace

std::expected<std::vector<SimpleCommand>, Uncertain> parse_command_line(std::string_view text) {
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto c = static_cast<unsigned char>(text[k]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
      return std::unexpected(Uncertain{"a control character (byte " + std::to_string(c) + ")", k + 1});
  }
  std::vector<SimpleCommand> commands;
  Parser parser(text, commands);
  if (!parser.list(false)) return std::unexpected(parser.error());
  return commands;
}

}  // namespace hookagent::shell
