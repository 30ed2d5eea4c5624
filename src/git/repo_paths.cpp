// Finds a repository's directories the way git does for a hook, without libgit2.
// git's rules (git-rev-parse(1), gitrepository-layout(5)):
// - GIT_DIR set: that is the git dir; the work tree is GIT_WORK_TREE, else
//   core.worktree, else none when core.bare is true, else the current directory.
// - otherwise walk up from the start directory; at each level `.git` is either a
//   directory or a "gitdir: <path>" file (linked worktrees, submodules), and a
//   directory holding HEAD, objects/ and refs/ is a bare repository.
// - the common dir is GIT_COMMON_DIR, else the `commondir` file of the git dir
//   (relative to the git dir), else the git dir itself.
#include "git/repo_paths.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/text_split.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

fs::path absolute_from(const fs::path& base, const fs::path& p) {
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

// Strips the trailing '/' that lexically_normal keeps on "a/b/." style paths.
fs::path tidy(fs::path p) {
  auto s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return fs::path(s);
}

std::string first_line_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

bool looks_like_git_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec) &&
         fs::is_directory(dir / "refs", ec);
}

// A minimal reader of `[core] key = value` in a git config file: enough for
// core.bare and core.worktree, which decide the layout before libgit2 is loaded.
std::string core_config_value(const fs::path& config, const std::string& key) {
  std::ifstream in(config);
  std::string line, section, value;
  while (std::getline(in, line)) {
    auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#' || line[start] == ';') continue;
    if (line[start] == '[') {
      auto end = line.find(']', start);
      section = line.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
      for (auto& c : section) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    if (section != "core") continue;
    auto eq = line.find('=', start);
    std::string k = line.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
    while (!k.empty() && (k.back() == ' ' || k.back() == '\t')) k.pop_back();
    for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (k != key) continue;
    if (eq == std::string::npos) return "true";  // "bare" alone means true in git config
    value = line.substr(eq + 1);
    auto vs = value.find_first_not_of(" \t");
    value = vs == std::string::npos ? "" : value.substr(vs);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
      value.pop_back();
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
  }
  return value;
}

bool is_true(const std::string& v) {
  std::string s;
  for (char c : v) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s == "true" || s == "yes" || s == "on" || s == "1";
}

fs::path common_dir_of(const fs::path& git_dir, const fs::path& cwd) {
  if (auto env = env_or_empty("GIT_COMMON_DIR"); !env.empty()) return tidy(absolute_from(cwd, env));
  std::error_code ec;
  if (fs::is_regular_file(git_dir / "commondir", ec)) {
    auto rel = first_line_of(git_dir / "commondir");
    if (!rel.empty()) return tidy(absolute_from(git_dir, rel));
  }
  return git_dir;
}

Result<RepoPaths> from_environment(const std::string& git_dir_env, const fs::path& cwd) {
  RepoPaths p;
  p.git_dir = tidy(absolute_from(cwd, git_dir_env));
  std::error_code ec;
  if (!fs::is_directory(p.git_dir, ec))
    return fail(ErrorKind::Git, "GIT_DIR does not name a directory", p.git_dir.string(),
                "unset GIT_DIR or point it at a repository's .git directory");
  p.common_dir = common_dir_of(p.git_dir, cwd);
  auto config = p.common_dir / "config";
  if (auto wt = env_or_empty("GIT_WORK_TREE"); !wt.empty()) {
    p.work_tree = tidy(absolute_from(cwd, wt));
  } else if (auto core_wt = core_config_value(config, "worktree"); !core_wt.empty()) {
    p.work_tree = tidy(absolute_from(p.git_dir, core_wt));
  } else if (p.git_dir != p.common_dir) {
    // A linked worktree (of a bare repository too: core.bare describes the main
    // one): its `gitdir` file names the worktree's .git file.
    auto dot_git = first_line_of(p.git_dir / "gitdir");
    p.work_tree = dot_git.empty() ? tidy(cwd) : tidy(absolute_from(p.git_dir, dot_git).parent_path());
  } else if (is_true(core_config_value(config, "bare"))) {
    p.bare = true;
  } else {
    p.work_tree = tidy(cwd);  // git's rule: with GIT_DIR alone, the cwd is the top of the work tree
  }
  return p;
}

std::vector<fs::path> ceiling_dirs() {
  std::vector<fs::path> out;
  const std::string list = env_or_empty("GIT_CEILING_DIRECTORIES");
  for (std::string_view item : split_nonempty(list, ':')) out.push_back(tidy(fs::path(item).lexically_normal()));
  return out;
}

}  // namespace

Result<RepoPaths> discover_repo_paths(const fs::path& start) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (auto git_dir = env_or_empty("GIT_DIR"); !git_dir.empty()) return from_environment(git_dir, cwd);

  fs::path dir = tidy(absolute_from(cwd, start.empty() ? cwd : start));
  auto ceilings = ceiling_dirs();
  for (;;) {
    fs::path dot_git = dir / ".git";
    if (fs::is_directory(dot_git, ec) && looks_like_git_dir(dot_git)) {
      RepoPaths p{dir, dot_git, common_dir_of(dot_git, cwd), false};
      return p;
    }
    if (fs::is_regular_file(dot_git, ec)) {
      auto line = first_line_of(dot_git);
      const std::string prefix = "gitdir:";
      if (line.rfind(prefix, 0) != 0)
        return fail(ErrorKind::Git, "`.git` file does not start with \"gitdir:\"", dot_git.string(),
                    "repair or remove the broken .git file");
      auto target = line.substr(prefix.size());
      target.erase(0, target.find_first_not_of(" \t"));
      fs::path git_dir = tidy(absolute_from(dir, target));
      if (!fs::is_directory(git_dir, ec))
        return fail(ErrorKind::Git, "`.git` file points at a missing directory: " + git_dir.string(),
                    dot_git.string(), "run `git worktree prune` or repair the worktree");
      RepoPaths p{dir, git_dir, common_dir_of(git_dir, cwd), false};
      return p;
    }
    if (looks_like_git_dir(dir)) {
      RepoPaths p{{}, dir, common_dir_of(dir, cwd), true};
      return p;
    }
    if (dir == dir.root_path() || !dir.has_parent_path() || dir.parent_path() == dir) break;
    // Like git, never look inside a GIT_CEILING_DIRECTORIES entry itself.
    bool parent_is_ceiling = false;
    for (auto& c : ceilings) parent_is_ceiling = parent_is_ceiling || c == dir.parent_path();
    if (parent_is_ceiling) break;
    dir = dir.parent_path();
  }
  return fail(ErrorKind::Git, "not inside a git repository", start.empty() ? cwd.string() : start.string(),
              "run this inside a git work tree (or `git init` one), or set GIT_DIR");
}

}  // namespace hookagent
