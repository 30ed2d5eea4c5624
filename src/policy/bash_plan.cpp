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
#include <cctype>
#include <map>
#include <optional>
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

// `letter` (0: none) or `long_name`, which getopt_long also accepts abbreviated
// to `min_abbrev` characters or more.
bool is_opt(const Opt& o, char letter, std::string_view long_name = {}, std::size_t min_abbrev = 1) {
  if (!o.is_long) return letter != 0 && o.name.size() == 1 && o.name[0] == letter;
  return !long_name.empty() && o.name.size() >= min_abbrev && long_name.starts_with(o.name);
}

const Opt* find_opt(const ParsedArgs& p, char letter, std::string_view long_name = {}, std::size_t min_abbrev = 1) {
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

std::string check_sort(const Argv& argv, CommandCheck& check) {
  const auto p = parse_options(argv, {"kotST", {"key", "output", "field-separator", "buffer-size",
                                                "temporary-directory", "files0-from", "batch-size",
                                                "compress-program", "parallel", "random-source"}});
  record_output(p, 'o', "output", check);
  if (const Opt* o = find_opt(p, 0, "compress-program", 2)) return "`sort " + shown_opt(*o) + "` runs another program";
  return {};
}

// ripgrep's --pre runs a program on every file it searches.
std::string check_rg(const Argv& argv, CommandCheck&) {
  for (const auto& o : parse_options(argv, {"", {}}).opts)
    if (o.is_long && o.name == "pre") return "`rg " + shown_opt(o) + "` runs a program on every file";
  return {};
}

std::string check_shuf(const Argv& argv, CommandCheck& check) {
  record_output(parse_options(argv, {"ino", {"input-range", "head-count", "output", "random-source"}}), 'o',
                "output", check);
  return {};
}

// uniq [INPUT [OUTPUT]]: the second operand is written.
std::string check_uniq(const Argv& argv, CommandCheck& check) {
  const auto p = parse_options(argv, {"fsw", {"skip-fields", "skip-chars", "check-chars"}});
  if (p.operands.size() > 1 && p.operands[1] != "-") check.writes.push_back(p.operands[1]);
  return {};
}

std::string check_dd(const Argv& argv, CommandCheck& check) {
  for (std::size_t k = 1; k < argv.size(); ++k) {
    if (argv[k].starts_with("of=")) check.writes.push_back(argv[k].substr(3));
    if (argv[k].starts_with("if=")) check.reads.push_back(argv[k].substr(3));
  }
  return {};
}

std::string deny_split(const Argv& argv, CommandCheck&) {
  return "`" + basename_of(argv[0]) + "` writes files whose names it makes up (use the Edit tool)";
}

// The file a curl upload option reads: `-d @F`, `--data-binary @F`,
// `-F name=@F;type=x`, `-F name=<F`.
std::string curl_file_in(const Opt& o) {
  const std::string v = value_of(o);
  if (is_opt(o, 'F', "form", 3)) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq + 1 >= v.size() || (v[eq + 1] != '@' && v[eq + 1] != '<')) return {};
    return v.substr(eq + 2, v.find(';', eq) - eq - 2);
  }
  const bool data = is_opt(o, 'd') || (o.is_long && (o.name.starts_with("data") || o.name == "json"));
  return data && v.size() > 1 && v[0] == '@' ? v.substr(1) : std::string();
}

std::string check_curl(const Argv& argv, CommandCheck& check) {
  const auto p = parse_options(
      argv, {"AbcCdDeEFHKmoPQrtTuUwxXyYz",
             {"output", "output-dir", "dump-header", "cookie-jar", "trace", "trace-ascii", "libcurl", "etag-save",
              "hsts", "alt-svc", "stderr", "config", "upload-file", "data", "data-binary", "data-raw", "data-ascii",
              "data-urlencode", "json", "form", "form-string", "header", "user-agent", "url", "request", "user",
              "proxy", "cookie", "referer", "max-time", "connect-timeout", "retry", "write-out", "range"}});
  for (const auto& o : p.opts) {
    if (is_opt(o, 'O', "remote-name", 2) || is_opt(o, 'J', "remote-header-name", 8))
      return "`curl " + shown_opt(o) + "` writes a file named by the URL or the server";
    if (is_opt(o, 'K', "config", 3)) return "`curl " + shown_opt(o) + "` reads options the gate cannot see";
    const bool writes = is_opt(o, 'o', "output", 2) || is_opt(o, 'D', "dump-header", 2) ||
                        is_opt(o, 'c', "cookie-jar", 7) || is_opt(o, 0, "trace", 5) ||
                        is_opt(o, 0, "libcurl", 3) || is_opt(o, 0, "etag-save", 6) || is_opt(o, 0, "hsts", 2) ||
                        is_opt(o, 0, "alt-svc", 2) || is_opt(o, 0, "stderr", 3);
    if (writes && !value_of(o).empty() && value_of(o) != "-") check.writes.push_back(value_of(o));
    if (is_opt(o, 'T', "upload-file", 2) && !value_of(o).empty()) check.reads.push_back(value_of(o));
    if (const std::string f = curl_file_in(o); !f.empty() && f != "-") check.reads.push_back(f);
  }
  return {};
}

std::string check_wget(const Argv& argv, CommandCheck& check) {
  const auto p = parse_options(argv, {"oaeiBOtTwQPlARDIXU",
                                      {"output-document", "output-file", "append-output", "execute", "input-file",
                                       "directory-prefix", "save-cookies", "load-cookies", "warc-file", "config"}});
  for (const auto& o : p.opts) {
    if (is_opt(o, 'r', "recursive", 3) || is_opt(o, 'm', "mirror", 2) || is_opt(o, 'p', "page-requisites", 2) ||
        is_opt(o, 'e', "execute", 2) || is_opt(o, 0, "config", 4) || is_opt(o, 0, "warc-file", 2) ||
        is_opt(o, 'x', "force-directories", 2))
      return "`wget " + shown_opt(o) + "` writes files or runs settings the gate cannot see";
    const bool writes = is_opt(o, 'O', "output-document", 8) || is_opt(o, 'o', "output-file", 8) ||
                        is_opt(o, 'a', "append-output", 2) || is_opt(o, 0, "save-cookies", 2);
    if (writes && !value_of(o).empty() && value_of(o) != "-") check.writes.push_back(value_of(o));
  }
  if (!find_opt(p, 'O', "output-document", 8))
    return "`wget` without `-O FILE` saves files under names the server picks";
  return {};
}

// Old-style `tar tvf x.tar`: a first word without a dash is a bundle of
// option letters whose values follow in order.
Argv tar_as_dashed(const Argv& argv) {
  if (argv.size() < 2 || argv[1].starts_with("-")) return argv;
  Argv out{argv[0]};
  std::size_t next = 2;
  for (char c : argv[1]) {
    out.push_back(std::string("-") + c);
    if (std::string_view("fCbIFgKLNTVXH").find(c) != std::string_view::npos && next < argv.size())
      out.push_back(argv[next++]);
  }
  out.insert(out.end(), argv.begin() + static_cast<long>(std::min(next, argv.size())), argv.end());
  return out;
}

std::string tar_danger(const Opt& o) {
  // Each runs a program or writes a file even while listing.
  const bool runs = is_opt(o, 'I', "use-compress-program", 3) || is_opt(o, 'F', "info-script", 3) ||
                    is_opt(o, 0, "to-command", 4) || is_opt(o, 0, "checkpoint-action", 11) ||
                    is_opt(o, 0, "new-volume-script", 4) || is_opt(o, 0, "rsh-command", 2) ||
                    is_opt(o, 0, "rmt-command", 2) || is_opt(o, 'g', "listed-incremental", 5) ||
                    is_opt(o, 0, "index-file", 3) || is_opt(o, 0, "volno-file", 4);
  if (runs) return "`tar " + shown_opt(o) + "` runs a program or writes a file";
  // GNU tar reads `host:file` as a remote archive, reached through rsh.
  if (is_opt(o, 'f', "file", 3) && value_of(o).find(':') < value_of(o).find('/'))
    return "`tar " + shown_opt(o) + "` names the remote archive `" + value_of(o) + "` (tar would run rsh)";
  return {};
}

std::string check_tar(const Argv& argv, CommandCheck&) {
  const auto p = parse_options(tar_as_dashed(argv), {"fCbIFgKLNTVXH", {"file", "directory", "use-compress-program",
                                                                      "files-from", "exclude-from", "to-command",
                                                                      "index-file", "info-script", "volno-file"}});
  static const std::vector<std::string_view> other_modes = {"create", "extract", "get",    "append",   "update",
                                                            "diff",   "compare", "delete", "catenate", "concatenate"};
  bool lists = false;
  for (const auto& o : p.opts) {
    if (auto d = tar_danger(o); !d.empty()) return d;
    if (is_opt(o, 't', "list", 4)) lists = true;
    const bool other_mode =
        o.is_long ? std::any_of(other_modes.begin(), other_modes.end(), [&](auto m) { return is_opt(o, 0, m, 2); })
                  : std::string_view("Acdrux").find(o.name[0]) != std::string_view::npos;
    if (other_mode) return "`tar " + shown_opt(o) + "` writes or extracts files (only `tar -t` lists)";
  }
  if (!lists) return "`tar` without `-t` (list) writes or extracts files";
  return {};
}

// gzip and friends replace FILE by FILE.gz (or back) unless told to print or
// only list or test; with no file operand they filter stdin to stdout.
std::string check_compressor(const Argv& argv, CommandCheck& check) {
  const std::string name = basename_of(argv[0]);
  const OptionSpec spec = name.starts_with("zstd") || name == "unzstd" ? OptionSpec{"oD", {"output-dir-flat"}}
                          : name.find("xz") != std::string::npos   ? OptionSpec{"FCTM", {"format", "check"}}
                                                                     : OptionSpec{"S", {"suffix"}};
  const auto p = parse_options(argv, spec);
  record_output(p, name.find("zstd") != std::string::npos ? 'o' : '\0', {}, check);
  for (const auto& o : p.opts) {
    if (is_opt(o, 0, "output-dir-flat", 12) || is_opt(o, 0, "output-dir-mirror", 12))
      return "`" + name + " " + shown_opt(o) + "` writes files under a directory";
    if (is_opt(o, 'c', "stdout", 2) || is_opt(o, 0, "to-stdout", 2) || is_opt(o, 'l', "list", 2) ||
        is_opt(o, 't', "test", 2))
      return {};
  }
  const bool files = std::any_of(p.operands.begin(), p.operands.end(), [](const std::string& f) { return f != "-"; });
  if (files) return "`" + name + "` replaces its files (use -c to print, -l to list or -t to test)";
  return {};
}

std::string check_unzip(const Argv& argv, CommandCheck&) {
  for (std::size_t k = 1; k < argv.size(); ++k) {
    const std::string& a = argv[k];
    if (a.size() < 2 || a[0] != '-') continue;
    // -d exdir and -P password may be glued to their value.
    for (std::size_t j = 1; j < a.size() && a[j] != 'd' && a[j] != 'P'; ++j)
      if (std::string_view("ltpcvZz").find(a[j]) != std::string_view::npos) return {};
  }
  return "`unzip` extracts files (use -l to list, -t to test or -p to print)";
}

// How a reader of a regex literal treats `[`: GNU sed and today's awks skip a
// bracket expression whole, so it may hold the delimiter (`s/[/]/x/`); older
// awks do not, and readers differ on `]` inside [:..:] and on backslashes.
struct BracketRules {
  bool brackets = true;  // `[...]` may hold the delimiter
  bool classes = true;   // a `]` inside [:..:], [....] or [=..=] does not close
  bool escapes = false;  // a backslash inside brackets escapes the next character
};

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

// From s[i], just after an opening delimiter: the index just past the
// unescaped `close`, or npos when it does not close on this line (a
// backslash-newline continues it).
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

std::string check_program(const std::string& name, const Argv& argv, CommandCheck& check) {
  if (kInteractive.count(name)) return "`" + name + "` is interactive and can run commands (use Read, or cat)";
  const auto interp = interpreters().find(without_version(name));
  if (interp != interpreters().end()) return check_interpreter(name, interp->second, argv);
  auto it = checkers().find(name);
  if (it == checkers().end()) it = checkers().find(without_version(name));  // gawk5.1, ...
  return it == checkers().end() ? std::string() : it->second(argv, check);
}


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
