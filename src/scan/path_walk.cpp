#include "scan/path_walk.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fnmatch.h>

#include "git/repository.hpp"
#include "scan/ignore_rules.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;
namespace {

bool config_true(const Repository& repo, const std::string& key) {
  auto v = repo.get_config(key);
  if (!v || !*v) return false;
  std::string s = **v;
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s == "true" || s == "yes" || s == "on" || s == "1";
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// core.excludesFile as git finds it: "~/" is $HOME; unset means
// $XDG_CONFIG_HOME/git/ignore, else ~/.config/git/ignore (gitignore(5)).
fs::path global_excludes_file(const Repository& repo, const fs::path& top) {
  auto v = repo.get_config("core.excludesFile");
  if (v && *v) {
    const std::string& s = **v;
    if (s.empty()) return {};
    if (s.rfind("~/", 0) == 0) return fs::path(env_or_empty("HOME")) / s.substr(2);
    fs::path p(s);
    return p.is_absolute() ? p : top / p;  // git reads it from the top of the work tree
  }
  if (std::string xdg = env_or_empty("XDG_CONFIG_HOME"); !xdg.empty()) return fs::path(xdg) / "git" / "ignore";
  if (std::string home = env_or_empty("HOME"); !home.empty()) return fs::path(home) / ".config" / "git" / "ignore";
  return {};
}

// Inside the work tree (relative, not climbing out of it); "" is its top.
bool in_tree(const std::string& rel) {
  return rel != ".." && rel.rfind("../", 0) != 0 && (rel.empty() || rel[0] != '/');
}

class Walker {
 public:
  Walker(const Repository* repo, const std::vector<std::string>& excludes) : repo_(repo), excludes_(excludes) {
    std::error_code ec;
    if (repo_ && !repo_->paths().work_tree.empty())
      top_ = fs::weakly_canonical(repo_->paths().work_tree, ec);
    if (top_.empty()) return;
    // The ignore files below every .gitignore, lowest precedence first.
    git_rules_ = true;
    rules_ = IgnoreRules(config_true(*repo_, "core.ignoreCase"));
    if (fs::path global = global_excludes_file(*repo_, top_); !global.empty())
      push_file(global, "");
    const RepoPaths& paths = repo_->paths();
    push_file((paths.common_dir.empty() ? paths.git_dir : paths.common_dir) / "info" / "exclude", "");
    global_depth_ = rules_.depth();
  }

  // The name rules and ignore files see: relative to the work tree when the
  // file is inside it, else as the user wrote it.
  std::string display(const fs::path& p) const {
    std::error_code ec;
    if (!top_.empty()) {
      fs::path abs = fs::weakly_canonical(fs::absolute(p, ec).parent_path(), ec) / p.filename();
      fs::path rel = abs.lexically_relative(top_);
      if (!rel.empty() && *rel.begin() != "..") return tidy(rel);
    }
    return tidy(p);
  }

  // "sub/." and "sub/" (a directory named as "." or with a trailing '/') as "sub".
  static std::string tidy(const fs::path& p) {
    std::string s = p.lexically_normal().generic_string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s.empty() ? "." : s;
  }

  void push_file(const fs::path& file, std::string base) {
    auto patterns = read_ignore_file(file);
    if (!patterns.empty()) rules_.push(std::move(base), std::move(patterns));
  }

  // A directory named on the command line below the top: its ancestors'
  // .gitignore files come first, top down, as the walk would have met them.
  // True when one of the ancestors is itself ignored (git never looks inside).
  bool load_ancestors(const std::string& rel) {
    rules_.truncate(global_depth_);
    if (!git_rules_ || !in_tree(rel)) return false;
    push_file(top_ / ".gitignore", "");
    if (rel.empty()) return false;
    for (std::size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
      std::string dir = rel.substr(0, slash);
      if (rules_.ignored(dir, true)) return true;
      push_file(top_ / dir / ".gitignore", dir + "/");
    }
    return false;
  }

  bool excluded(const std::string& rel, bool is_dir) const {
    for (const auto& g : excludes_) {
      if (fnmatch(g.c_str(), rel.c_str(), 0) == 0) return true;
      std::string base = rel.substr(rel.rfind('/') + 1);
      if (g.find('/') == std::string::npos && fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
    }
    return git_rules_ && !rel.empty() && in_tree(rel) && rules_.ignored(rel, is_dir);
  }

  void skip(WalkResult& out, const std::string& what, const std::string& why) {
    out.notes.push_back(what + ": skipped, " + why);
    ++out.skipped;
  }

  void add(const fs::path& root, WalkResult& out) {
    std::error_code ec;
    fs::file_status link = fs::symlink_status(root, ec);
    if (ec) return skip(out, root.generic_string(), "cannot stat (" + ec.message() + ")");
    fs::file_status st = fs::status(root, ec);
    if (ec) {
      bool loop = ec == std::errc::too_many_symbolic_link_levels;
      return skip(out, root.generic_string(), loop ? "symlink loop" : "unreadable (" + ec.message() + ")");
    }
    if (fs::is_directory(st)) {
      std::string rel = display(root);
      rules_.truncate(global_depth_);
      // Named on the command line but ignored as a whole: say so, or the
      // scan would pass with nothing looked at.
      bool ancestor_ignored = rel != "." && load_ancestors(rel);
      if (rel != "." && (ancestor_ignored || excluded(rel, true))) {
        out.notes.push_back(rel + ": not scanned, ignored by .gitignore or exclude_paths (name its files to scan them)");
        return;
      }
      return walk_dir(root, rel == "." ? std::string() : rel, out);
    }
    if (fs::is_regular_file(st)) {
      out.files.push_back({root, display(root)});
      return;
    }
    (void)link;
    skip(out, root.generic_string(), "not a regular file");
  }

  void walk_dir(const fs::path& dir, const std::string& dir_rel, WalkResult& out) {
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::none, ec);
    if (ec) return skip(out, dir.generic_string(), "unreadable directory (" + ec.message() + ")");
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    if (ec) skip(out, dir.generic_string(), "listing failed (" + ec.message() + ")");
    // Sorted: findings and notes come out in the same order on every run.
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
    // This directory's .gitignore, read once, in force until the walk leaves
    // it. Looked for in the listing (no stat per directory); a symlinked one
    // is not read, as git (2.32+) does not follow it inside the tree.
    std::size_t depth = rules_.depth();
    if (git_rules_ && in_tree(dir_rel)) {
      for (const auto& e : entries) {
        std::error_code sec;
        if (e.path().filename() == ".gitignore" && !e.is_symlink(sec) && e.is_regular_file(sec))
          push_file(e.path(), dir_rel.empty() ? std::string() : dir_rel + "/");
      }
    }
    for (const auto& e : entries) {
      const fs::path& p = e.path();
      if (p.filename() == ".git") continue;
      std::string rel = dir_rel.empty() ? p.filename().string() : dir_rel + "/" + p.filename().string();
      // The entry's type as the listing gave it (d_type): no lstat per entry.
      std::error_code sec;
      if (e.is_symlink(sec)) {
        fs::file_status target = fs::status(p, sec);
        if (sec == std::errc::too_many_symbolic_link_levels) { skip(out, rel, "symlink loop"); continue; }
        if (sec) { skip(out, rel, "dangling symlink"); continue; }
        // A symlinked directory could lead back up the tree (a loop) or out of it.
        if (fs::is_directory(target)) { skip(out, rel, "symlink to a directory, not followed"); continue; }
        if (!fs::is_regular_file(target)) continue;
        if (!excluded(rel, false)) out.files.push_back({p, rel});
        continue;
      }
      if (e.is_directory(sec)) {
        if (!excluded(rel, true)) walk_dir(p, rel, out);
      } else if (e.is_regular_file(sec)) {
        if (!excluded(rel, false)) out.files.push_back({p, rel});
      }
    }
    rules_.truncate(depth);
  }

 private:
  const Repository* repo_;
  const std::vector<std::string>& excludes_;
  fs::path top_;
  bool git_rules_ = false;  // inside a work tree: .gitignore and the exclude files apply
  IgnoreRules rules_;
  std::size_t global_depth_ = 0;  // core.excludesFile and info/exclude
};

}  // namespace

WalkResult walk_paths(const std::vector<fs::path>& roots, const Repository* repo,
                      const std::vector<std::string>& exclude_globs) {
  WalkResult out;
  Walker walker(repo, exclude_globs);
  for (const auto& r : roots) walker.add(r, out);
  return out;
}

}  // namespace hookagent::scan
