// Reading the effective git config and writing the repository's own config
// (what install needs: notes.rewriteRef, notes.<name>.mergeStrategy, and
// where hooks live).
#include <cstdlib>

#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

Result<gitx::Config> all_levels(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config(&raw, repo) < 0) return gitx::fail_git("cannot read git config");
  return gitx::Config(raw);
}

// The repository's own config file: writes never land in ~/.gitconfig.
Result<gitx::Config> local_level(git_repository* repo, const fs::path& common_dir) {
  auto all = all_levels(repo);
  if (!all) return std::unexpected(all.error());
  git_config* raw = nullptr;
  if (git_config_open_level(&raw, all->get(), GIT_CONFIG_LEVEL_LOCAL) < 0)
    return gitx::fail_git("cannot open the repository's config", (common_dir / "config").string());
  return gitx::Config(raw);
}

std::string regex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".^$|()[]{}*+?\\/").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

Result<std::vector<std::string>> values_of(const git_config* cfg, const std::string& key) {
  git_config_iterator* raw = nullptr;
  if (git_config_multivar_iterator_new(&raw, cfg, key.c_str(), nullptr) < 0)
    return gitx::fail_git("cannot read git config", key);
  gitx::ConfigIterator it(raw);
  std::vector<std::string> out;
  git_config_entry* entry = nullptr;
  int rc;
  while ((rc = git_config_next(&entry, it.get())) == 0) out.emplace_back(entry->value ? entry->value : "");
  if (rc != GIT_ITEROVER) return gitx::fail_git("cannot read git config", key);
  git_error_clear();
  return out;
}

}  // namespace

Result<std::optional<std::string>> Repository::get_config(const std::string& key) const {
  auto cfg = all_levels(repo_);
  if (!cfg) return std::unexpected(cfg.error());
  git_buf buf = GIT_BUF_INIT;
  int rc = git_config_get_string_buf(&buf, cfg->get(), key.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<std::string>{};
  }
  if (rc < 0) return gitx::fail_git("cannot read git config", key);
  std::string value(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::string>> Repository::get_config_all(const std::string& key) const {
  auto cfg = all_levels(repo_);
  if (!cfg) return std::unexpected(cfg.error());
  return values_of(cfg->get(), key);
}

Status Repository::set_config(const std::string& key, const std::string& value) {
  auto cfg = local_level(repo_, paths_.common_dir);
  if (!cfg) return std::unexpected(cfg.error());
  if (git_config_set_string(cfg->get(), key.c_str(), value.c_str()) < 0)
    return gitx::fail_git("cannot write git config", key, "is " + (paths_.common_dir / "config").string() + " writable?");
  return ok();
}

Status Repository::add_config_multivar(const std::string& key, const std::string& value) {
  auto cfg = local_level(repo_, paths_.common_dir);
  if (!cfg) return std::unexpected(cfg.error());
  auto existing = values_of(cfg->get(), key);
  if (!existing) return std::unexpected(existing.error());
  for (auto& v : *existing)
    if (v == value) return ok();
  // A pattern that matches no value makes libgit2 append, as `git config --add` does.
  if (git_config_set_multivar(cfg->get(), key.c_str(), "a^", value.c_str()) < 0)
    return gitx::fail_git("cannot write git config", key, "is " + (paths_.common_dir / "config").string() + " writable?");
  return ok();
}

Status Repository::unset_config(const std::string& key) {
  auto cfg = local_level(repo_, paths_.common_dir);
  if (!cfg) return std::unexpected(cfg.error());
  int rc = git_config_delete_multivar(cfg->get(), key.c_str(), ".*");
  if (rc < 0 && rc != GIT_ENOTFOUND) return gitx::fail_git("cannot write git config", key);
  git_error_clear();
  return ok();
}

Status Repository::remove_config_multivar_value(const std::string& key, const std::string& value) {
  auto cfg = local_level(repo_, paths_.common_dir);
  if (!cfg) return std::unexpected(cfg.error());
  int rc = git_config_delete_multivar(cfg->get(), key.c_str(), ("^" + regex_escape(value) + "$").c_str());
  if (rc < 0 && rc != GIT_ENOTFOUND) return gitx::fail_git("cannot write git config", key);
  git_error_clear();
  return ok();
}

Result<fs::path> Repository::hooks_dir() const {
  auto cfg = all_levels(repo_);
  if (!cfg) return std::unexpected(cfg.error());
  git_buf buf = GIT_BUF_INIT;
  // git_config_get_path expands a leading "~/" as git does for path values.
  int rc = git_config_get_path(&buf, cfg->get(), "core.hooksPath");
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return paths_.common_dir / "hooks";
  }
  if (rc < 0) return gitx::fail_git("cannot read core.hooksPath", "core.hooksPath");
  fs::path p(std::string(buf.ptr, buf.size));
  git_buf_dispose(&buf);
  // githooks(5): a relative core.hooksPath is relative to where hooks run:
  // the top of the work tree, or the git dir of a bare repository.
  if (p.is_relative()) p = (paths_.bare || paths_.work_tree.empty() ? paths_.git_dir : paths_.work_tree) / p;
  return p.lexically_normal();
}

}  // namespace hookagent
