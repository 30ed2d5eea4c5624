#include "scan/path_walk.hpp"

#include <algorithm>
#include <fnmatch.h>

#include "git/ignore_check.hpp"
#include "git/repository.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;
namespace {

class Walker {
 public:
  Walker(const Repository* repo, const std::vector<std::string>& excludes) : repo_(repo), excludes_(excludes) {
    std::error_code ec;
    if (repo_ && !repo_->paths().work_tree.empty())
      top_ = fs::weakly_canonical(repo_->paths().work_tree, ec);
  }

  // The name rules and ignore files see: relative to the work tree when the
  // file is inside it, else as the user wrote it.
  std::string display(const fs::path& p) const {
    std::error_code ec;
    if (!top_.empty()) {
      fs::path abs = fs::weakly_canonical(fs::absolute(p, ec).parent_path(), ec) / p.filename();
      fs::path rel = abs.lexically_relative(top_);
      if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    }
    return p.lexically_normal().generic_string();
  }

  bool excluded(const std::string& rel, bool is_dir) const {
    for (const auto& g : excludes_) {
      if (fnmatch(g.c_str(), rel.c_str(), 0) == 0) return true;
      std::string base = rel.substr(rel.rfind('/') + 1);
      if (g.find('/') == std::string::npos && fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
    }
    if (repo_ && !top_.empty() && rel.rfind("../", 0) != 0 && !rel.empty() && rel[0] != '/')
      return is_git_ignored(*repo_, is_dir ? rel + "/" : rel);
    return false;
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
      // Named on the command line but ignored as a whole: say so, or the
      // scan would pass with nothing looked at.
      if (rel != "." && excluded(rel, true)) {
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
    for (const auto& e : entries) {
      const fs::path& p = e.path();
      if (p.filename() == ".git") continue;
      std::string rel = dir_rel.empty() ? p.filename().string() : dir_rel + "/" + p.filename().string();
      std::error_code sec;
      fs::file_status link = e.symlink_status(sec);
      if (fs::is_symlink(link)) {
        fs::file_status target = fs::status(p, sec);
        if (sec == std::errc::too_many_symbolic_link_levels) { skip(out, rel, "symlink loop"); continue; }
        if (sec) { skip(out, rel, "dangling symlink"); continue; }
        // A symlinked directory could lead back up the tree (a loop) or out of it.
        if (fs::is_directory(target)) { skip(out, rel, "symlink to a directory, not followed"); continue; }
        if (!fs::is_regular_file(target)) continue;
        if (!excluded(rel, false)) out.files.push_back({p, rel});
        continue;
      }
      if (fs::is_directory(link)) {
        if (!excluded(rel, true)) walk_dir(p, rel, out);
      } else if (fs::is_regular_file(link)) {
        if (!excluded(rel, false)) out.files.push_back({p, rel});
      }
    }
  }

 private:
  const Repository* repo_;
  const std::vector<std::string>& excludes_;
  fs::path top_;
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
