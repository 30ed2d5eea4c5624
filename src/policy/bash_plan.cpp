// Safest readings, documented here once:
// - Wrappers that only change how a command runs (command, env without
//   assignments, nice, nohup, stdbuf, time, timeout, xargs) are stripped, and
//   the inner command is what Bash rules must allow; a deny rule matching any
//   form (wrapped or not) denies.
// - xargs is judged by the command it would run (so a deny rule or a missing
//   allow rule names that command), and then denied anyway when allowed: the
//   arguments it appends from stdin are unseen, so the sandbox cannot check
//   them (`echo /etc/passwd | xargs cat`, `echo --output=/x | xargs git diff`).
// - Anything that runs code the text does not show is denied: eval, exec,
//   source, shells (sh -c, bash script.sh), sudo, shell control flow, env-var
//   prefixes (PAGER=..., GIT_PAGER=...), git -c/--config-env/--exec-path,
//   git options that run programs (--upload-pack, rebase --exec, grep -O, ...),
//   find -exec/-execdir/-ok/-okdir/-delete, and arguments computed by $(...).
// - Commands inside $(...), `...`, <(...), >(...) and ( ... ) are judged
//   like every other part.
#include "policy/bash_plan.hpp"

#include <algorithm>
#include <set>

#include "policy/shell_syntax.hpp"
#include "policy/shell_words.hpp"

namespace hookagent::policy {

namespace {

using Argv = std::vector<std::string>;

const std::set<std::string_view> kReserved = {"if",   "then", "else", "elif",   "fi",       "for", "while",
                                              "until", "do",  "done", "case",   "esac",     "select",
                                              "function", "{", "}",   "[[",     "]]",       "!",   "coproc"};
const std::set<std::string_view> kHiddenCode = {"eval",  "exec",   "source", ".",      "alias",   "unalias",
                                                "trap",  "builtin", "enable", "sudo",  "doas",    "su",
                                                "pkexec", "chroot", "nsenter", "unshare", "setsid", "fc"};
const std::set<std::string_view> kShells = {"sh",  "bash", "zsh",  "dash", "ksh",    "mksh",
                                            "fish", "csh", "tcsh", "ash",  "rbash", "busybox"};
const std::set<std::string_view> kFileWriters = {"rm",    "rmdir",    "mv",      "cp",    "touch",  "chmod",
                                                 "chown", "chgrp",    "ln",      "mkdir", "truncate", "install",
                                                 "shred", "unlink",   "rsync",   "dd",    "patch"};

std::string basename_of(const std::string& word) {
  const auto slash = word.rfind('/');
  return slash == std::string::npos ? word : word.substr(slash + 1);
}

Argv tail(const Argv& argv, std::size_t from) {
  return from >= argv.size() ? Argv{} : Argv(argv.begin() + static_cast<long>(from), argv.end());
}

// Options of a wrapper: `with_value` take the next word (or an attached value
// for one-letter options); `flags` take none. Returns the index of the inner
// command, or npos when an unknown option makes the reading uncertain.
std::size_t skip_options(const Argv& argv, std::size_t i, const std::set<std::string_view>& flags,
                         const std::set<std::string_view>& with_value) {
  while (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-') {
    const std::string& a = argv[i];
    if (a == "--") return i + 1;
    const std::string key = a.substr(0, a.find('='));
    if (flags.count(a)) {
      ++i;
    } else if (a.starts_with("--") && a.find('=') != std::string::npos && with_value.count(key)) {
      ++i;
    } else if (with_value.count(a)) {
      i += 2;
    } else if (!a.starts_with("--") && with_value.count(a.substr(0, 2))) {
      ++i;  // -n10
    } else {
      return std::string::npos;
    }
  }
  return i;
}

struct Unwrapped {
  Argv inner;          // empty: nothing to unwrap
  std::string denied;  // set: deny
  bool open_tail = false;
};

Unwrapped unwrap_env(const Argv& argv) {
  std::size_t i = 1;
  while (i < argv.size()) {
    const std::string& a = argv[i];
    if (a.find('=') != std::string::npos && a[0] != '-')
      return {{}, "`env " + a + "` sets a variable that changes what the command does"};
    if (a == "-C" || a.starts_with("--chdir") || a == "-S" || a.starts_with("--split-string") ||
        (a.starts_with("-") && !a.starts_with("--") && (a.find('C') != std::string::npos || a.find('S') != std::string::npos)))
      return {{}, "`env " + a + "` changes directory or re-splits the command line"};
    if (a == "-u" || a == "--unset") {
      i += 2;
    } else if (a == "-i" || a == "--ignore-environment" || a == "-0" || a == "--null" || a == "-v" ||
               a == "--debug" || a.starts_with("--unset=") || (a.starts_with("-u") && a.size() > 2)) {
      ++i;
    } else if (a == "--") {
      ++i;
      break;
    } else if (a[0] == '-') {
      return {{}, "`env` option `" + a + "` is not understood"};
    } else {
      break;
    }
  }
  return {tail(argv, i), {}};
}

Unwrapped unwrap_xargs(const Argv& argv, CommandCheck& check) {
  static const std::set<std::string_view> flags = {"-0", "--null", "-r", "--no-run-if-empty", "-t", "--verbose",
                                                   "-p", "--interactive", "-x", "--exit", "-o", "--open-tty"};
  static const std::set<std::string_view> values = {"-n", "-L", "-P", "-s", "-d", "-E", "-I", "-a",
                                                    "--max-args", "--max-lines", "--max-procs", "--max-chars",
                                                    "--delimiter", "--eof", "--replace", "--arg-file",
                                                    "--process-slot-var"};
  for (std::size_t k = 1; k + 1 < argv.size() && argv[k][0] == '-'; ++k)
    if (argv[k] == "-a" || argv[k] == "--arg-file") check.reads.push_back(argv[k + 1]);
  const std::size_t i = skip_options(argv, 1, flags, values);
  if (i == std::string::npos) return {{}, "an `xargs` option is not understood"};
  Argv inner = tail(argv, i);
  if (inner.empty()) inner = {"echo"};  // what xargs runs when given no command
  return {inner, {}, true};
}

Unwrapped unwrap_simple_wrapper(const std::string& name, const Argv& argv) {
  std::size_t i = 1;
  if (name == "command") {
    if (argv.size() > 1 && (argv[1] == "-v" || argv[1] == "-V")) return {};
    i = skip_options(argv, 1, {"-p"}, {});
  } else if (name == "nohup") {
    i = skip_options(argv, 1, {}, {});
  } else if (name == "nice") {
    i = skip_options(argv, 1, {}, {"-n", "--adjustment"});
    if (i == std::string::npos && argv.size() > 2 && argv[1].size() > 1 && std::isdigit(static_cast<unsigned char>(argv[1][1])))
      i = 2;  // nice -10 cmd
  } else if (name == "stdbuf") {
    i = skip_options(argv, 1, {}, {"-i", "-o", "-e", "--input", "--output", "--error"});
  } else if (name == "time") {
    i = skip_options(argv, 1, {"-p", "-v", "--verbose", "-q", "--quiet", "--portability"}, {"-f", "--format"});
    for (std::size_t k = 1; k < argv.size(); ++k)
      if (argv[k] == "-o" || argv[k].starts_with("--output") || argv[k] == "-a" || argv[k] == "--append")
        return {{}, "`time -o` writes a file"};
  } else if (name == "timeout") {
    i = skip_options(argv, 1, {"--preserve-status", "--foreground", "-v", "--verbose"},
                     {"-s", "--signal", "-k", "--kill-after"});
    if (i != std::string::npos) ++i;  // the duration
  }
  if (i == std::string::npos) return {{}, "a `" + name + "` option is not understood"};
  return {tail(argv, i), {}};
}

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

void collect_args(const Argv& argv, CommandCheck& check) {
  for (std::size_t k = 1; k < argv.size(); ++k) check.args.push_back(argv[k]);
}

// Strips wrappers one at a time; each form is a subject for the rules.
void judge_words(Argv argv, CommandCheck& check) {
  for (int guard = 0; guard < 16 && !argv.empty(); ++guard) {
    check.subjects.push_back(join_shell_words(argv));
    collect_args(argv, check);
    const std::string name = basename_of(argv[0]);
    for (char c : argv[0])
      if (static_cast<unsigned char>(c) >= 0x80) {
        check.denied = "the command name `" + argv[0] + "` has non-ASCII characters (a look-alike?)";
        return;
      }
    if (kReserved.count(argv[0])) {
      check.denied = "shell control flow (`" + argv[0] + "`) is not supported: run one command at a time";
      return;
    }
    if (kHiddenCode.count(name)) {
      check.denied = "`" + name + "` runs code that the command line does not show";
      return;
    }
    if (kShells.count(name)) {
      check.denied = "`" + name + "` starts another shell, whose commands cannot be checked";
      return;
    }
    if (kFileWriters.count(name)) check.args_are_written = true;
    if (name == "sed" && std::any_of(argv.begin(), argv.end(), [](const std::string& a) {
          return a.starts_with("-i") || a.starts_with("--in-place") ||
                 (a.size() > 1 && a[0] == '-' && a[1] != '-' && a.find('i') != std::string::npos);
        })) {
      check.denied = "`sed -i` edits files in place (use the Edit tool)";
      return;
    }
    if (name == "tee") {
      for (std::size_t k = 1; k < argv.size(); ++k)
        if (argv[k][0] != '-' || argv[k] == "-") check.writes.push_back(argv[k]);
    }
    if (name == "git") check.denied = check_git(argv, check);
    if (name == "find") check.denied = check_find(argv, check);
    if (!check.denied.empty()) return;
    if (name == "cd" || name == "pushd") {
      std::size_t i = 1;
      while (i < argv.size() && (argv[i] == "-P" || argv[i] == "-L" || argv[i] == "--")) ++i;
      if (i + 1 != argv.size() || argv[i] == "-") {
        check.denied = "`" + name + "` without exactly one directory goes outside the repository";
        return;
      }
      check.cd_target = argv[i];
      check.needs_rule = false;
      return;
    }
    if (name == "popd") {
      check.needs_rule = false;
      return;
    }
    Unwrapped next;
    if (name == "env") {
      if (argv.size() == 1) return;
      next = unwrap_env(argv);
    } else if (name == "xargs") {
      next = unwrap_xargs(argv, check);
    } else if (name == "command" || name == "nohup" || name == "nice" || name == "stdbuf" || name == "time" ||
               name == "timeout") {
      next = unwrap_simple_wrapper(name, argv);
    } else {
      return;
    }
    if (!next.denied.empty()) {
      check.denied = next.denied;
      return;
    }
    if (next.inner.empty()) return;
    check.open_tail |= next.open_tail;
    argv = std::move(next.inner);
  }
}

CommandCheck check_simple(const shell::SimpleCommand& cmd) {
  CommandCheck check;
  Argv argv;
  for (const auto& w : cmd.words) argv.push_back(w.text);
  check.text = join_shell_words(argv);
  for (const auto& r : cmd.redirects) {
    check.text += " " + (r.fd >= 0 ? std::to_string(r.fd) : "") + r.op + quote_shell_word(r.target.text);
    if (r.is_fd_dup()) continue;
    if (r.op == "<>") check.reads.push_back(r.target.text);
    (r.is_write() ? check.writes : check.reads).push_back(r.target.text);
  }
  if (!cmd.assignments.empty()) {
    check.denied = "`" + cmd.assignments.front() +
                   "` sets an environment variable that changes what the command does (PAGER, GIT_*, LD_PRELOAD, ...)";
    return check;
  }
  if (argv.empty()) {
    check.needs_rule = false;  // a bare redirection: only its files are judged
    return check;
  }
  for (std::size_t k = 0; k < cmd.words.size(); ++k) {
    if (cmd.words[k].substituted) {
      check.denied = k == 0 ? "the command name is computed at run time"
                            : "argument `" + cmd.words[k].text +
                                  "` is computed at run time, so it cannot be checked (run the inner command first)";
      return check;
    }
  }
  judge_words(argv, check);
  // Process substitutions are /dev/fd paths fed by commands judged separately.
  std::erase_if(check.args, [](const std::string& a) { return a == "/dev/fd/(...)"; });
  return check;
}

}  // namespace

BashPlan plan_bash(std::string_view command_line) {
  BashPlan plan;
  auto parsed = shell::parse_command_line(command_line);
  if (!parsed) {
    plan.uncertain = parsed.error().reason + " at column " + std::to_string(parsed.error().column);
    return plan;
  }
  if (parsed->empty()) {
    plan.uncertain = "the command is empty";
    return plan;
  }
  for (const auto& cmd : *parsed) plan.commands.push_back(check_simple(cmd));
  return plan;
}

}  // namespace hookagent::policy
