// Which programs are read by their own grammar: git and find here, along
// with interpreters and interactive programs, and the rest by dispatch.
#include "policy/bash_plan_parts.hpp"

#include <cctype>
#include <map>
#include <set>

namespace hookagent::policy::bash_plan_parts {

namespace {

std::string check_git(const Argv& argv, CommandCheck& check) {
  std::size_t i = 1;
  while (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-') {
    const std::string& a = argv[i];
    if (a.starts_with("-c") || a.starts_with("--config-env") || a.starts_with("--exec-path"))
      return "`git " + a + "` can make git run any program (core.pager, core.sshCommand, ...)";
    const bool takes_value = a == "-C" || a == "--git-dir" || a == "--work-tree" || a == "--namespace";
    i += takes_value ? 2 : 1;
  }
  if (i >= argv.size()) return {};
  const std::string& sub = argv[i];
  static const std::set<std::string_view> runs_programs = {"filter-branch", "difftool", "mergetool", "daemon",
                                                           "instaweb", "web--browse", "credential"};
  if (runs_programs.count(sub)) return "`git " + sub + "` runs other programs";
  bool config_read_only = false;
  for (std::size_t k = i + 1; k < argv.size(); ++k) {
    const std::string& a = argv[k];
    if (a == "--output" && k + 1 < argv.size()) check.writes.push_back(argv[k + 1]);
    if (a.starts_with("--output=")) check.writes.push_back(a.substr(9));
    if ((sub == "format-patch" || sub == "archive") && (a == "-o" || a == "--output-directory") && k + 1 < argv.size())
      check.writes.push_back(argv[k + 1]);
    if (a.starts_with("--output-directory=")) check.writes.push_back(a.substr(19));
    if (a.starts_with("--upload-pack") || a.starts_with("--receive-pack") || a.starts_with("--exec") ||
        (sub == "rebase" && (a == "-x" || a.starts_with("-x"))) ||
        (sub == "grep" && (a == "-O" || a.starts_with("-O") || a.starts_with("--open-files-in-pager"))) ||
        (sub == "submodule" && a == "foreach") || (sub == "bisect" && a == "run"))
      return "`git " + sub + " " + a + "` runs other programs";
    if (a == "--get" || a == "--get-all" || a == "--get-regexp" || a == "--list" || a == "-l" ||
        a == "--get-urlmatch" || a == "get" || a == "list")
      config_read_only = true;
  }
  if (sub == "config" && !config_read_only) return "`git config` would write git's configuration";
  return {};
}

std::string check_find(const Argv& argv, CommandCheck& check) {
  for (std::size_t k = 1; k < argv.size(); ++k) {
    const std::string& a = argv[k];
    if (a == "-exec" || a == "-execdir" || a == "-ok" || a == "-okdir")
      return "`find " + a + "` runs other commands (use Grep/Glob, or `find ... -print`)";
    if (a == "-delete") return "`find -delete` deletes files";
    if ((a == "-fprint" || a == "-fprint0" || a == "-fprintf" || a == "-fls") && k + 1 < argv.size())
      check.writes.push_back(argv[k + 1]);
  }
  return {};
}

const std::set<std::string_view> kInteractive = {"less", "more", "most", "pg",  "pager", "man",   "vi",  "vim",
                                                 "nvim", "view", "vimdiff", "nano", "pico", "emacs", "ed", "ex"};

// Interpreters whose program may be written into the command line or arrive
// on stdin: text the gate cannot judge. A script file is a program like any
// other, allowed only by a rule that names it.
struct Interpreter {
  std::string_view inline_letters;  // -e CODE and the like
  std::string_view value_letters;   // options whose value follows (attached or not)
  std::string_view script_letters;  // options naming the program (python -m, php -f)
  std::vector<std::string_view> inline_longs;
};

const std::map<std::string_view, Interpreter>& interpreters() {
  static const std::map<std::string_view, Interpreter> table = {
      {"perl", {"eEi", "MmIxdDCV0", "", {}}},
      {"python", {"ci", "WXQ", "m", {}}},
      {"pypy", {"ci", "WXQ", "m", {}}},
      {"ruby", {"ei", "IrCxEFTWK0", "", {}}},
      {"node", {"epi", "rC", "", {"eval", "print", "interactive"}}},
      {"nodejs", {"epi", "rC", "", {"eval", "print", "interactive"}}},
      {"php", {"rRBEa", "cdzt", "fS", {}}},
      {"lua", {"ei", "l", "", {}}},
      {"luajit", {"ei", "lj", "", {}}},
      {"tclsh", {"", "", "", {}}},
      {"wish", {"", "", "", {}}},
      {"expect", {"ci", "D", "f", {}}},
  };
  return table;
}

// python3.11 -> python, perl5.36 -> perl, tclsh8.6 -> tclsh
std::string without_version(std::string name) {
  while (!name.empty() && (std::isdigit(static_cast<unsigned char>(name.back())) || name.back() == '.'))
    name.pop_back();
  return name;
}

std::string check_interpreter(const std::string& name, const Interpreter& in, const Argv& argv) {
  static const std::set<std::string_view> asks_only = {"--version", "--help", "-V", "-h", "-v"};
  if (argv.size() == 2 && asks_only.count(argv[1])) return {};
  std::size_t k = 1;
  for (; k < argv.size() && argv[k].size() > 1 && argv[k][0] == '-'; ++k) {
    const std::string& a = argv[k];
    if (a == "--") {
      ++k;
      break;
    }
    const std::string long_name = a.starts_with("--") ? a.substr(2, a.find('=') - 2) : "";
    for (auto l : in.inline_longs)
      if (!long_name.empty() && l.starts_with(long_name))
        return "`" + name + " " + a + "` runs code written into the command line, which the gate cannot judge";
    if (a.starts_with("--")) continue;
    for (std::size_t j = 1; j < a.size(); ++j) {
      if (in.inline_letters.find(a[j]) != std::string_view::npos)
        return "`" + name + " -" + a[j] + "` runs code written into the command line or read interactively, "
               "which the gate cannot judge";
      if (in.script_letters.find(a[j]) != std::string_view::npos) return {};
      if (in.value_letters.find(a[j]) != std::string_view::npos) {
        if (j + 1 == a.size()) ++k;  // the value is the next word
        break;
      }
    }
  }
  if (k >= argv.size() || argv[k] == "-") return "`" + name + "` reads its program from standard input";
  return {};
}

using Checker = std::string (*)(const Argv&, CommandCheck&);

// Programs whose arguments can run code or write files beyond what the rule
// that allows them says: each is read by its own grammar.
const std::map<std::string_view, Checker>& checkers() {
  static const std::map<std::string_view, Checker> table = {
      {"git", check_git},         {"find", check_find},       {"sed", check_sed},         {"awk", check_awk},
      {"gawk", check_awk},        {"mawk", check_awk},        {"nawk", check_awk},        {"sort", check_sort},
      {"shuf", check_shuf},       {"uniq", check_uniq},       {"dd", check_dd},           {"split", deny_split},
      {"csplit", deny_split},     {"curl", check_curl},       {"wget", check_wget},       {"tar", check_tar},
      {"unzip", check_unzip},     {"gzip", check_compressor}, {"gunzip", check_compressor}, {"bzip2", check_compressor},
      {"bunzip2", check_compressor}, {"xz", check_compressor}, {"unxz", check_compressor}, {"lzma", check_compressor},
      {"unlzma", check_compressor}, {"zstd", check_compressor}, {"unzstd", check_compressor}, {"rg", check_rg},
  };
  return table;
}

}  // namespace

std::string check_program(const std::string& name, const Argv& argv, CommandCheck& check) {
  if (kInteractive.count(name)) return "`" + name + "` is interactive and can run commands (use Read, or cat)";
  const auto interp = interpreters().find(without_version(name));
  if (interp != interpreters().end()) return check_interpreter(name, interp->second, argv);
  auto it = checkers().find(name);
  if (it == checkers().end()) it = checkers().find(without_version(name));  // gawk5.1, ...
  return it == checkers().end() ? std::string() : it->second(argv, check);
}

}  // namespace hookagent::policy::bash_plan_parts
