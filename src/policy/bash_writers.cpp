// Programs that write files or run programs through their options or
// operands: sort and shuf -o, uniq IN OUT, dd of=, split, curl, wget, tar,
// compressors, unzip, and rg --pre.
#include "policy/bash_plan_parts.hpp"

#include <algorithm>

namespace hookagent::policy::bash_plan_parts {

namespace {

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

}  // namespace

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

}  // namespace hookagent::policy::bash_plan_parts
