#include "git/attribute_sources.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <string_view>

#include "git/git_error.hpp"

namespace hookagent::gitx {

namespace {

constexpr std::string_view kFile = ".gitattributes";

bool file_exists(const std::string& path) {
  struct stat st{};
  return !path.empty() && ::stat(path.c_str(), &st) == 0;
}

std::string home_relative(const std::string& path) {
  if (path.rfind("~/", 0) != 0) return path;
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + path.substr(1) : path;
}

// core.attributesFile, else $XDG_CONFIG_HOME/git/attributes (~/.config/...).
std::string global_attributes_file(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) == 0) {
    Config config(raw);
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_path(&value, config.get(), "core.attributesfile") == 0) {
      std::string path = value.ptr ? value.ptr : "";
      git_buf_dispose(&value);
      return home_relative(path);
    }
  }
  git_error_clear();
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/git/attributes";
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.config/git/attributes" : std::string();
}

bool index_has_attribute_file(git_repository* repo) {
  git_index* raw = nullptr;
  if (git_repository_index(&raw, repo) < 0) {
    git_error_clear();
    return false;  // a bare repository: libgit2 reads no index either
  }
  Index index(raw);
  for (size_t i = 0, n = git_index_entrycount(index.get()); i < n; ++i) {
    const std::string_view path = git_index_get_byindex(index.get(), i)->path;
    if (path == kFile || (path.ends_with(kFile) && path[path.size() - kFile.size() - 1] == '/')) return true;
  }
  return false;
}

}  // namespace

bool AttributeSources::any_repository_wide() {
  if (!repository_wide_) {
    const std::string common = git_repository_commondir(repo_);
    repository_wide_ = file_exists(common + "info/attributes") || file_exists(global_attributes_file(repo_)) ||
                       file_exists("/etc/gitattributes") || index_has_attribute_file(repo_);
  }
  return *repository_wide_;
}

bool AttributeSources::in_work_tree_dir(const std::string& dir) {
  auto [it, fresh] = dirs_.try_emplace(dir, false);
  if (fresh) {
    const char* work_tree = git_repository_workdir(repo_);  // ends in '/'
    it->second = work_tree && file_exists(std::string(work_tree) + dir + std::string(kFile));
  }
  return it->second;
}

bool AttributeSources::may_apply(const std::string& path) {
  if (any_repository_wide()) return true;
  if (in_work_tree_dir("")) return true;
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (in_work_tree_dir(path.substr(0, slash + 1))) return true;
  return false;
}

}  // namespace hookagent::gitx
