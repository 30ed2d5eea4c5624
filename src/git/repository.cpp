// Opening a repository exactly where discover_repo_paths() found it.
#include "git/repository.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "core/text_split.hpp"
#include "git/diff_changes.hpp"
#include "git/git_error.hpp"
#include "git/libgit2_init.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> quarantine_object_dirs(const RepoPaths& paths) {
  // git runs pre-receive with the pushed objects in a quarantine dir, named by
  // GIT_QUARANTINE_PATH and GIT_OBJECT_DIRECTORY, with the repository's own
  // objects in GIT_ALTERNATE_OBJECT_DIRECTORIES (git-receive-pack(1),
  // "QUARANTINE ENVIRONMENT"). libgit2 1.5 reads none of these variables.
  std::vector<std::string> raw;
  for (const char* name : {"GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"})
    if (const char* v = std::getenv(name); v && *v) raw.emplace_back(v);
  if (const char* alt = std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"); alt && *alt) {
    for (std::string_view item : split_nonempty(alt, ':')) raw.emplace_back(item);
  }
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path own = (paths.common_dir / "objects").lexically_normal();
  std::vector<fs::path> out;
  for (auto& r : raw) {
    fs::path p = fs::path(r).is_absolute() ? fs::path(r) : cwd / r;
    p = p.lexically_normal();
    bool seen = p == own;
    for (auto& o : out) seen = seen || o == p;
    if (!seen && fs::is_directory(p, ec)) out.push_back(p);
  }
  return out;
}

Status add_object_dirs(git_repository* repo, const std::vector<fs::path>& dirs) {
  if (dirs.empty()) return ok();
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) < 0) return gitx::fail_git("cannot open the object database");
  gitx::Odb odb(raw);
  for (auto& d : dirs)
    if (git_odb_add_disk_alternate(odb.get(), d.c_str()) < 0)
      return gitx::fail_git("cannot read objects in quarantine", d.string());
  return ok();
}

// libgit2 1.5 refuses a repository owned by another user unless safe.directory
// lists it, and (seen with 1.5.1 on Debian) may report that as a missing
// "safe.directory" config value instead of GIT_EOWNER; so check the owner too.
bool owned_by_someone_else(const fs::path& p) {
  struct stat st;
  return !p.empty() && ::stat(p.c_str(), &st) == 0 && st.st_uid != ::geteuid();
}

}  // namespace

Result<Repository> Repository::open(const RepoPaths& paths) {
  gitx::wait_libgit2_init();
  git_repository* raw = nullptr;
  // Open the git dir itself: libgit2 1.5's GIT_REPOSITORY_OPEN_FROM_ENV fails
  // when GIT_WORK_TREE is set, so the environment is resolved by
  // discover_repo_paths and the work tree set by hand below.
  unsigned flags = GIT_REPOSITORY_OPEN_NO_SEARCH;
  if (paths.bare) flags |= GIT_REPOSITORY_OPEN_BARE;
  int rc = git_repository_open_ext(&raw, paths.git_dir.c_str(), flags, nullptr);
  fs::path safe = paths.bare || paths.work_tree.empty() ? paths.git_dir : paths.work_tree;
  if (rc == GIT_EOWNER || (rc < 0 && (owned_by_someone_else(safe) || owned_by_someone_else(paths.git_dir)))) {
    return fail(ErrorKind::Git, "repository is owned by another user", safe.string(),
                "if you trust it, run: git config --global --add safe.directory '" + safe.string() + "'");
  }
  if (rc < 0) return gitx::fail_git("cannot open repository", paths.git_dir.string());
  Repository repo(raw, paths);
  if (!paths.bare && !paths.work_tree.empty()) {
    const char* wd = git_repository_workdir(raw);
    if (!wd || fs::path(wd).lexically_normal() != (paths.work_tree / "").lexically_normal()) {
      if (git_repository_set_workdir(raw, paths.work_tree.c_str(), /*update_gitlink=*/0) < 0)
        return gitx::fail_git("cannot use work tree", paths.work_tree.string());
    }
  }
  if (auto st = add_object_dirs(raw, quarantine_object_dirs(paths)); !st) return std::unexpected(st.error());
  return repo;
}

Result<Repository> Repository::discover(const fs::path& start) {
  auto paths = discover_repo_paths(start);
  if (!paths) return std::unexpected(paths.error());
  return open(*paths);
}

Repository::Repository(Repository&& other) noexcept
    : repo_(std::exchange(other.repo_, nullptr)),
      paths_(std::move(other.paths_)),
      attributes_(std::move(other.attributes_)) {}

Repository& Repository::operator=(Repository&& other) noexcept {
  if (this != &other) {
    if (repo_) git_repository_free(repo_);
    repo_ = std::exchange(other.repo_, nullptr);
    paths_ = std::move(other.paths_);
    attributes_ = std::move(other.attributes_);
  }
  return *this;
}

Repository::~Repository() {
  if (repo_) git_repository_free(repo_);
}

Result<std::string> Repository::resolve_commit(const std::string& rev) const {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo_, rev.c_str()) < 0)
    return gitx::fail_git("unknown revision", rev, "check the name with `git rev-parse " + rev + "`");
  gitx::Object obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT) < 0)
    return gitx::fail_git("revision does not name a commit", rev);
  gitx::Object commit(peeled);
  return gitx::to_hex(*git_object_id(commit.get()));
}

bool Repository::head_exists() const {
  git_oid oid;
  return git_reference_name_to_id(&oid, repo_, "HEAD") == 0;
}

bool Repository::is_shallow() const {
  std::error_code ec;
  return std::filesystem::exists(paths_.common_dir / "shallow", ec);
}

}  // namespace hookagent
