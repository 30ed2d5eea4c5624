// awk's arguments and program: what it runs, reads and writes.
#include "policy/bash_plan_parts.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace hookagent::policy::bash_plan_parts {

namespace {

// An awk program cut into tokens: strings and regex literals are whole
// tokens and comments are dropped, so that what they hold ("system(",
// /a|b/) is never read as code.
struct AwkToken {
  enum Kind { Word, String, Regex, Newline, Punct } kind;
  std::string text;
};

bool awk_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

const std::set<std::string_view> kAwkKeywords = {"BEGIN", "END",    "BEGINFILE", "ENDFILE",  "function", "func",
                                                 "if",    "else",   "while",     "for",      "do",       "break",
                                                 "continue", "next", "nextfile", "exit",     "return",   "delete",
                                                 "print", "printf", "in",        "case",     "default",  "switch"};

// Whether a `/` starts a regex literal or divides. The awks agree after an
// operand (division) and after an operator or keyword (regex); after `)`,
// `]`, `++`, `--`, `getline` and `length` they do not (mawk reads
// `x++ /re/` as a regex, gawk `if (c) /re/` too).
enum class Slash { Regex, Division, Either };

Slash slash_reading(const std::vector<AwkToken>& toks) {
  if (toks.empty()) return Slash::Regex;
  const AwkToken& t = toks.back();
  if (t.kind == AwkToken::String || t.kind == AwkToken::Regex) return Slash::Division;
  if (t.kind == AwkToken::Word) {
    if (t.text == "getline" || t.text == "length") return Slash::Either;
    return kAwkKeywords.count(t.text) ? Slash::Regex : Slash::Division;
  }
  if (t.text == ")" || t.text == "]" || t.text == "++" || t.text == "--") return Slash::Either;
  return Slash::Regex;
}

// Where a regex literal opened at s[i] ends (npos: not on this line), or
// nothing when the awks' readings of `[` disagree, since one of them would
// hide code inside what the other calls a regex.
std::optional<std::size_t> awk_regex_end(std::string_view s, std::size_t i) {
  static const BracketRules readings[] = {
      {false, false, false}, {true, false, false}, {true, false, true}, {true, true, false}, {true, true, true}};
  const std::size_t end = delimited_end(s, i + 1, '/', true, readings[0]);
  for (const auto& r : readings)
    if (delimited_end(s, i + 1, '/', true, r) != end) return std::nullopt;
  return end;
}

std::size_t punct_length(std::string_view s, std::size_t i) {
  static const std::vector<std::string_view> ops = {"**=", "&&", "||", "|&", ">>", ">=", "<=", "==", "!=", "!~",
                                                    "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", "**"};
  for (auto op : ops)
    if (s.substr(i, op.size()) == op) return op.size();
  return 1;
}

// The token a `/` at s[i] starts: a regex literal, or a division operator.
// Nothing when the reading is uncertain: a regex that runs off its line, or
// an ambiguous span, read as division, holding `#`, `"`, `/` or `[`, which
// could hide code from us.
std::optional<AwkToken> awk_slash(std::string_view s, std::size_t i, Slash how) {
  if (how != Slash::Division) {
    const auto end = awk_regex_end(s, i);
    if (!end) return std::nullopt;
    const bool closes = *end != std::string_view::npos;
    if (how == Slash::Regex && !closes) return std::nullopt;  // awk too stops at a runaway regex
    if (how == Slash::Regex) return AwkToken{AwkToken::Regex, std::string(s.substr(i, *end - i))};
    if (closes && s.substr(i + 1, *end - i - 2).find_first_of("#\"/[") != std::string_view::npos) return std::nullopt;
  }
  return AwkToken{AwkToken::Punct, std::string(s.substr(i, punct_length(s, i)))};
}

std::optional<std::vector<AwkToken>> tokenize_awk(std::string_view s) {
  std::vector<AwkToken> toks;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n')) {
      i += c == '\\' ? 2 : 1;
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    AwkToken tok{AwkToken::Punct, std::string(1, c)};
    if (c == '\n') {
      tok.kind = AwkToken::Newline;
    } else if (c == '"') {
      const std::size_t end = delimited_end(s, i + 1, '"', false, {});
      if (end == std::string_view::npos) return std::nullopt;
      tok = {AwkToken::String, std::string(s.substr(i, end - i))};
    } else if (c == '/') {
      auto slash = awk_slash(s, i, slash_reading(toks));
      if (!slash) return std::nullopt;
      tok = std::move(*slash);
    } else if (awk_word_char(c)) {
      std::size_t n = 0;
      while (i + n < s.size() && awk_word_char(s[i + n])) ++n;
      tok = {AwkToken::Word, std::string(s.substr(i, n))};
    } else {
      tok.text = std::string(s.substr(i, punct_length(s, i)));
    }
    i += tok.text.size();
    toks.push_back(std::move(tok));
  }
  return toks;
}

// Where the statement that starts at `k` ends: `;`, `}`, a newline that does
// not continue it (after `,`, `&&`, `||` it does), or a `)` it did not open.
std::size_t awk_statement_end(const std::vector<AwkToken>& t, std::size_t k) {
  int depth = 0;
  for (; k < t.size(); ++k) {
    const std::string& x = t[k].text;
    if (t[k].kind == AwkToken::String || t[k].kind == AwkToken::Regex) continue;
    if (x == "(" || x == "[") ++depth;
    if ((x == ")" || x == "]") && --depth < 0) break;
    const bool continues = k > 0 && (t[k - 1].text == "," || t[k - 1].text == "&&" || t[k - 1].text == "||");
    if (depth == 0 && (x == ";" || x == "}" || (t[k].kind == AwkToken::Newline && !continues))) break;
  }
  return k;
}

// print/printf `> FILE`, `>> FILE` and getline `< FILE` at the statement's top
// level: a file named by one string literal is judged as Edit or Read; any
// other (computed) target is denied.
std::string awk_redirect(const std::vector<AwkToken>& t, std::size_t k, std::size_t end, CommandCheck& check) {
  const bool print = t[k].text != "getline";
  int depth = 0;
  for (std::size_t j = k + 1; j < end; ++j) {
    const std::string& x = t[j].text;
    if (t[j].kind != AwkToken::Punct) continue;
    depth += (x == "(" || x == "[") - (x == ")" || x == "]");
    if (depth != 0 || (print ? x != ">" && x != ">>" : x != "<")) continue;
    const bool literal =
        j + 2 == end && t[j + 1].kind == AwkToken::String && t[j + 1].text.find('\\') == std::string::npos;
    if (!literal)
      return "`" + t[k].text + " " + x + "` " + (print ? "writes" : "reads") + " a file named at run time";
    const std::string file = t[j + 1].text.substr(1, t[j + 1].text.size() - 2);
    (print ? check.writes : check.reads).push_back(file);
    return {};
  }
  return {};
}

std::string scan_awk_program(std::string_view program, CommandCheck& check) {
  const auto toks = tokenize_awk(program);
  if (!toks) return "cannot be read with certainty (an unterminated string, or a `/` that awks read differently)";
  const auto& t = *toks;
  // A print (or getline) inside the statement of another at the same depth
  // was read with it: its target, if literal, ends that statement. Skipping
  // it, and capping the depth, keeps the scan linear on hostile text.
  std::map<std::pair<bool, int>, std::size_t> read_up_to;
  int depth = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const std::string& x = t[k].text;
    if (t[k].kind == AwkToken::Word) {
      if (x == "system" || x == "extension") return "calls `" + x + "`, which runs other code";
      // gawk's SYMTAB reaches any global by name, ARGV included.
      if (x == "ARGV" || x == "ARGC" || x == "SYMTAB")
        return "uses `" + x + "`, which can name files to read at run time";
      if (x != "print" && x != "printf" && x != "getline") continue;
      std::size_t& upto = read_up_to[{x == "getline", depth}];
      if (k < upto) continue;
      upto = awk_statement_end(t, k + 1);
      if (auto d = awk_redirect(t, k, upto, check); !d.empty()) return d;
    } else if (t[k].kind == AwkToken::Punct) {
      if (x == "|" || x == "|&") return "uses `" + x + "`, which pipes to or from a shell command";
      if (x == "@") return "uses `@` (an extension load, an include or an indirect call)";
      depth += (x == "(" || x == "[") - (x == ")" || x == "]");
      if (depth > 64) return "nests brackets more than 64 deep";
    }
  }
  return {};
}

}  // namespace

std::string check_awk(const Argv& argv, CommandCheck& check) {
  const std::string name = basename_of(argv[0]);
  const auto p =
      parse_options(argv, {"FfvEileW", {"field-separator", "file", "assign", "exec", "include", "load", "source"}});
  // Only gawk is known to honour --sandbox (no system, redirections or getline < file).
  const bool sandbox = name == "gawk" && (find_opt(p, 'S', "sandbox", 2) != nullptr);
  std::string program;
  bool any_e = false;
  for (const auto& o : p.opts) {
    const bool unseen = is_opt(o, 'f', "file", 3) || is_opt(o, 'E', "exec", 2) || is_opt(o, 'i', "include", 2) ||
                        is_opt(o, 'l', "load", 2) || is_opt(o, 'W');
    const bool writes = is_opt(o, 'd', "dump-variables", 2) || is_opt(o, 'o', "pretty-print", 3) ||
                        is_opt(o, 'p', "profile", 3) || is_opt(o, 'D', "debug", 2);
    if (unseen || writes)
      return "`" + name + " " + shown_opt(o) + "` " +
             (unseen ? "runs or loads code the gate cannot see" : "writes a file or reads commands");
    // -F is a regex and -v an assignment: neither names a file.
    if (o.has_value && (is_opt(o, 'F', "field-separator", 2) || is_opt(o, 'v', "assign", 1)))
      not_a_path(argv, o.value_at, check);
    if (!is_opt(o, 'e', "source", 2)) continue;
    if (!o.has_value) return "`" + name + " " + shown_opt(o) + "` has no program";
    program += (any_e ? "\n" : "") + o.value;
    any_e = true;
    not_a_path(argv, o.value_at, check);
  }
  if (!any_e) {
    if (p.operands.empty()) return "`" + name + "` has no program";
    program = p.operands.front();
    not_a_path(argv, p.operand_at.front(), check);
  }
  if (sandbox) return {};
  if (auto why = scan_awk_program(program, check); !why.empty())
    return "`" + name + "` program `" + program + "` " + why;
  return {};
}

}  // namespace hookagent::policy::bash_plan_parts
