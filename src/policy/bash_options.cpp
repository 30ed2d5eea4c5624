// How a command's arguments read as options and operands (getopt_long's way),
// for the checks of programs that write files or run code.
#include "policy/bash_plan_parts.hpp"

#include <algorithm>

namespace hookagent::policy::bash_plan_parts {

namespace {

void read_short_cluster(const Argv& argv, std::size_t& i, const OptionSpec& spec, ParsedArgs& out) {
  const std::string& a = argv[i];
  for (std::size_t j = 1; j < a.size(); ++j) {
    Opt o;
    o.name = std::string(1, a[j]);
    if (spec.value_letters.find(a[j]) != std::string_view::npos) {
      o.has_value = j + 1 < a.size() || i + 1 < argv.size();
      o.value = j + 1 < a.size() ? a.substr(j + 1) : o.has_value ? argv[++i] : "";
      o.value_at = i;
      out.opts.push_back(o);
      return;
    }
    out.opts.push_back(o);
  }
}

}  // namespace

std::string basename_of(const std::string& word) {
  const auto slash = word.rfind('/');
  return slash == std::string::npos ? word : word.substr(slash + 1);
}

ParsedArgs parse_options(const Argv& argv, const OptionSpec& spec) {
  ParsedArgs out;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      for (std::size_t k = i + 1; k < argv.size(); ++k) {
        out.operands.push_back(argv[k]);
        out.operand_at.push_back(k);
      }
      break;
    }
    if (a.starts_with("--")) {
      const auto eq = a.find('=');
      Opt o;
      o.name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      o.is_long = true;
      const bool takes = std::find(spec.value_longs.begin(), spec.value_longs.end(), o.name) != spec.value_longs.end();
      if (eq != std::string::npos) {
        o.has_value = true;
        o.value = a.substr(eq + 1);
      } else if (takes && i + 1 < argv.size()) {
        o.has_value = true;
        o.value = argv[++i];
      } else if (i + 1 < argv.size()) {
        o.next_word = argv[i + 1];
      }
      o.value_at = i;
      out.opts.push_back(o);
    } else if (a.size() > 1 && a[0] == '-') {
      read_short_cluster(argv, i, spec, out);
    } else {
      out.operands.push_back(a);
      out.operand_at.push_back(i);
    }
  }
  return out;
}

bool is_opt(const Opt& o, char letter, std::string_view long_name, std::size_t min_abbrev) {
  if (!o.is_long) return letter != 0 && o.name.size() == 1 && o.name[0] == letter;
  return !long_name.empty() && o.name.size() >= min_abbrev && long_name.starts_with(o.name);
}

const Opt* find_opt(const ParsedArgs& p, char letter, std::string_view long_name, std::size_t min_abbrev) {
  for (const auto& o : p.opts)
    if (is_opt(o, letter, long_name, min_abbrev)) return &o;
  return nullptr;
}

// argv[index] holds program text (a sed script, an awk program), not a path:
// it leaves the path checks. Blanked, not erased, so that other indices hold;
// by position, not by text, since `sed '/home/a/x' /home/a/x` is a valid
// script whose operand must still be checked. judge_words() collected the
// arguments of the outermost form once, and every inner form is a tail of it.
void not_a_path(const Argv& argv, std::size_t index, CommandCheck& check) {
  const std::size_t base = check.args.size() + 1 - argv.size();
  if (index > 0 && index < argv.size() && base + index - 1 < check.args.size()) check.args[base + index - 1].clear();
}

// What the option's value may be: its own, or for an abbreviated long option,
// the word after it.
std::string value_of(const Opt& o) { return o.has_value ? o.value : o.next_word; }

std::string shown_opt(const Opt& o) {
  return (o.is_long ? "--" : "-") + o.name + (o.has_value ? (o.is_long ? "=" : "") + o.value : "");
}

// Writes made through an output option (`sort -o F`, `-oF`, `--output=F`,
// `--output F`): judged as Edit like a redirection.
void record_output(const ParsedArgs& p, char letter, std::string_view long_name, CommandCheck& check) {
  for (const auto& o : p.opts)
    if (is_opt(o, letter, long_name) && !value_of(o).empty() && value_of(o) != "-") check.writes.push_back(value_of(o));
}

}  // namespace hookagent::policy::bash_plan_parts
