// Wrappers that only change how a command runs (env, xargs, command, nice,
// nohup, stdbuf, time, timeout): each gives the inner command to judge, or
// why the wrapper itself is denied.
#include "policy/bash_plan_parts.hpp"

#include <cctype>
#include <set>

namespace hookagent::policy::bash_plan_parts {

namespace {

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

}  // namespace

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

}  // namespace hookagent::policy::bash_plan_parts
