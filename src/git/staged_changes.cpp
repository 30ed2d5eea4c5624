// What the next commit would record: the index git handed the hook, against HEAD.
#include <cstdlib>

#include "git/diff_changes.hpp"
#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

// HEAD's tree, or null before the first commit (libgit2 diffs null as the empty tree).
Result<gitx::Tree> head_tree(git_repository* repo) {
  git_oid head;
  int rc = git_reference_name_to_id(&head, repo, "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
    git_error_clear();
    return gitx::Tree();
  }
  if (rc < 0) return gitx::fail_git("cannot resolve HEAD", "HEAD", "check `git status`; HEAD may be corrupt");
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo, &head) < 0)
    return gitx::fail_git("HEAD does not point at a commit", "HEAD");
  gitx::Commit commit(raw_commit);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit.get()) < 0) return gitx::fail_git("cannot read HEAD's tree", "HEAD");
  return gitx::Tree(tree);
}

}  // namespace

Result<std::vector<Change>> Repository::staged_changes(const fs::path& cwd, AddedLines added) const {
  // git names the index it is about to commit in GIT_INDEX_FILE: .git/index,
  // index.lock (`commit -a`), next-index-*.lock (`commit <paths>`), or a
  // worktree's own index. It may be relative to the hook's starting directory.
  const char* env = std::getenv("GIT_INDEX_FILE");
  if (!env || !*env) return staged_changes_in({}, added);
  fs::path p(env);
  if (p.is_relative()) {
    std::error_code ec;
    p = (cwd.empty() ? fs::current_path(ec) : cwd) / p;
  }
  return staged_changes_in(p.lexically_normal(), added);
}

Result<std::vector<Change>> Repository::staged_changes_in(const fs::path& index_file, AddedLines added) const {
  git_index* raw_index = nullptr;
  if (!index_file.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(index_file, ec))
      return fail(ErrorKind::Git, "the index git named does not exist", index_file.string(),
                  "GIT_INDEX_FILE should name an index file; unset it outside hooks");
    // Opened standalone and never written: reading cannot disturb git's commit.
    if (git_index_open(&raw_index, index_file.c_str()) < 0)
      return gitx::fail_git("cannot read the index", index_file.string());
  } else if (git_repository_index(&raw_index, repo_) < 0) {
    return gitx::fail_git("cannot read the index", (paths_.git_dir / "index").string(),
                          paths_.bare ? "a bare repository has no index to commit" : "");
  }
  gitx::Index index(raw_index);
  auto tree = head_tree(repo_);
  if (!tree) return std::unexpected(tree.error());
  auto opts = gitx::change_diff_options();
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_index(&raw_diff, repo_, tree->get(), index.get(), &opts) < 0)
    return gitx::fail_git("cannot diff the index against HEAD", index_file.string());
  gitx::Diff diff(raw_diff);
  return gitx::changes_from_diff(repo_, diff.get(), added);
}

}  // namespace hookagent
