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
// - Programs that write files or run code through their own arguments are
//   read with their own grammar (check_program): output options (sort -o,
//   shuf -o, curl -o, wget -O) and outputs by position (uniq IN OUT, dd of=)
//   are writes judged as Edit; tar may only list, compressors only print,
//   list or test; split and csplit are denied. sed scripts and awk programs
//   are scanned for what runs a shell, writes or reads a file; what cannot be
//   read with certainty is denied. Interpreters given inline or stdin code
//   (perl -e, python -c, node -e, ...) and interactive programs (less, vim,
//   ed, ...) are denied: their commands cannot be seen.
#include "policy/bash_plan.hpp"

#include <algorithm>
#include <set>

#include "policy/bash_plan_parts.hpp"
#include "policy/shell_syntax.hpp"
#include "policy/shell_words.hpp"

namespace hookagent::policy {
namespace {

using bash_plan_parts::Argv;
using bash_plan_parts::basename_of;
using bash_plan_parts::check_program;
using bash_plan_parts::Unwrapped;

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

void collect_args(const Argv& argv, CommandCheck& check) {
  for (std::size_t k = 1; k < argv.size(); ++k) check.args.push_back(argv[k]);
}

// Strips wrappers one at a time; each form is a subject for the rules.
void judge_words(Argv argv, CommandCheck& check) {
  collect_args(argv, check);  // once: each inner form is a tail of these words
  for (int guard = 0; guard < 16 && !argv.empty(); ++guard) {
    check.subjects.push_back(join_shell_words(argv));
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
    check.denied = check_program(name, argv, check);
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
      next = bash_plan_parts::unwrap_env(argv);
    } else if (name == "xargs") {
      next = bash_plan_parts::unwrap_xargs(argv, check);
    } else if (name == "command" || name == "nohup" || name == "nice" || name == "stdbuf" || name == "time" ||
               name == "timeout") {
      next = bash_plan_parts::unwrap_simple_wrapper(name, argv);
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
