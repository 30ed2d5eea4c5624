// Read/Grep/Glob/Edit/Write: the sandbox first (inside the repo, never write
// .git/), then rules in gitignore syntax. Claude Code's path forms:
//   //abs/path  from the filesystem root     ~/path   from the home directory
//   /path       from the repo root           path, ./path   from the repo root
//   (a pattern with no '/' matches that name at any depth, as in .gitignore)
#include <filesystem>

#include "policy/path_sandbox.hpp"
#include "policy/pattern_match.hpp"
#include "policy/policy.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

bool is_write_tool(const std::string& tool) {
  return tool == "Edit" || tool == "Write" || tool == "MultiEdit" || tool == "NotebookEdit";
}

// Read rules also govern Grep, Glob and LS; Edit rules also govern Write.
bool rule_governs(const std::string& rule_tool, const std::string& call_tool) {
  if (rule_tool == call_tool) return true;
  if (rule_tool == "Read") return call_tool == "Grep" || call_tool == "Glob" || call_tool == "LS" || call_tool == "NotebookRead";
  if (rule_tool == "Edit") return is_write_tool(call_tool);
  return false;
}

// `subject` is the path to test: a file, or for a directory search a
// placeholder child, so that `src/**` covers a search of `src` and a deny of
// `.env` does not forbid searching the repo (Grep skips the file itself).
bool path_rule_matches(const std::string& spec, const policy::ResolvedPath& r, bool directory,
                       const fs::path& home) {
  const std::string child = directory ? "/\x01" : "";
  std::string pattern;
  std::string path;
  if (spec.starts_with("//") || spec.starts_with("~/")) {
    pattern = spec.starts_with("//") ? spec.substr(1) : (home / spec.substr(2)).generic_string();
    path = r.absolute.relative_path().generic_string() + child;
  } else {
    if (!r.inside_root) return false;
    pattern = spec.starts_with("./") ? "/" + spec.substr(2) : spec;
    path = r.relative.empty() ? child.substr(std::min<std::size_t>(1, child.size())) : r.relative + child;
  }
  if (path.empty()) return pattern == "/" || pattern == "**" || pattern == "/**";
  return policy::match_gitignore(pattern, path, false);
}

}  // namespace

Decision EffectivePolicy::decide_path(const std::string& tool, const std::string& path, const fs::path& cwd) const {
  const std::string what = tool + " `" + path + "`";
  const bool write = is_write_tool(tool);
  if (path.empty()) return {false, "sandbox", what + ": no path given"};
  // The kernel stops at a NUL; a path holding one (or any control byte) means
  // something other than what was checked.
  for (char ch : path)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
      return {false, "sandbox", tool + ": the path holds a control character"};
  if (auto bad = policy::find_deceptive_text(path))
    return {false, "sandbox", what + ": the path holds " + *bad};
  const policy::ResolvedPath r = sandbox_.resolve(path, cwd);
  if (!r.inside_root)
    return {false, "sandbox",
            what + ": resolves to `" + r.absolute.string() + "`, outside the repository `" +
                sandbox_.root().string() + "`"};
  if (write && r.in_git_dir) return {false, "sandbox", what + ": `.git/` is never written"};
  std::error_code ec;
  const bool directory = !write && tool != "Read" && fs::is_directory(r.absolute, ec);
  Match m = match_rules([&](const PermissionRule& rule) {
    if (!rule_governs(rule.tool, tool)) return false;
    return !rule.has_specifier || path_rule_matches(rule.specifier, r, directory, sandbox_.home());
  });
  return from_match(m, what);
}

Decision EffectivePolicy::decide_glob(const std::string& pattern) const {
  // The base is the part before the first segment holding a glob character;
  // `..` anywhere after it could climb out in ways the base does not show.
  std::string base;
  bool in_glob = false;
  std::size_t start = 0;
  while (start <= pattern.size()) {
    const auto slash = pattern.find('/', start);
    const std::string seg = pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg.find_first_of("*?[{") != std::string::npos) in_glob = true;
    if (in_glob && seg == "..")
      return {false, "sandbox", "Glob `" + pattern + "`: `..` after a wildcard is not allowed"};
    if (!in_glob) base += (start == 0 ? "" : "/") + seg;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (pattern.starts_with("/") && base.empty()) base = "/";
  if (base.empty()) base = ".";
  Decision d = decide_path("Glob", base, sandbox_.root());
  d.reason = "Glob `" + pattern + "`" + d.reason.substr(d.reason.find(':'));
  return d;
}

}  // namespace hookagent
