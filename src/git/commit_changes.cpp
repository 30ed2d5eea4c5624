// Changes a commit made (against its first parent) and between two revisions.
#include <git2/sys/repository.h>

#include "git/diff_changes.hpp"
#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent {

namespace {

Result<gitx::Tree> tree_of(git_repository* repo, const std::string& rev) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo, rev.c_str()) < 0)
    return gitx::fail_git("unknown revision", rev, "check the name with `git rev-parse " + rev + "`");
  gitx::Object obj(raw);
  git_object* tree = nullptr;
  if (git_object_peel(&tree, obj.get(), GIT_OBJECT_TREE) < 0)
    return gitx::fail_git("revision has no tree", rev);
  return gitx::Tree(reinterpret_cast<git_tree*>(tree));
}

Result<std::vector<Change>> diff_trees(git_repository* repo, git_tree* from, git_tree* to,
                                       const std::string& where, AddedLines added = AddedLines::Now,
                                       gitx::AttributeMemo* memo = nullptr) {
  auto opts = gitx::change_diff_options();
  git_diff* raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo, from, to, &opts) < 0) return gitx::fail_git("cannot diff", where);
  gitx::Diff diff(raw);
  return gitx::changes_from_diff(repo, diff.get(), added, memo);
}

}  // namespace

Result<std::vector<Change>> Repository::commit_changes(const std::string& rev, AddedLines added) const {
  auto id = resolve_commit(rev);
  if (!id) return std::unexpected(id.error());
  git_oid oid;
  gitx::parse_hex(*id, &oid);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_, &oid) < 0) return gitx::fail_git("cannot read commit", rev);
  gitx::Commit commit(raw);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) < 0) return gitx::fail_git("cannot read commit tree", rev);
  gitx::Tree tree(raw_tree);
  gitx::Tree parent_tree;  // null: a root commit is diffed against the empty tree
  if (git_commit_parentcount(commit.get()) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit.get(), 0) < 0) {
      // A shallow clone's boundary: its parent is not here. As `git log -p`
      // shows it there, the commit is diffed like a root commit (whole tree).
      if (git_error_last() && git_error_last()->klass != GIT_ERROR_ODB && !is_shallow())
        return gitx::fail_git("cannot read first parent", rev, "the repository may be shallow");
      git_error_clear();
      return diff_trees(repo_, nullptr, tree.get(), rev, added, attributes_.get());
    }
    gitx::Commit parent(raw_parent);
    git_tree* pt = nullptr;
    if (git_commit_tree(&pt, parent.get()) < 0) return gitx::fail_git("cannot read parent tree", rev);
    parent_tree.reset(pt);
  }
  return diff_trees(repo_, parent_tree.get(), tree.get(), rev, added, attributes_.get());
}

Result<std::vector<Change>> Repository::range_changes(const std::string& from, const std::string& to) const {
  gitx::Tree from_tree;
  if (!from.empty()) {
    auto t = tree_of(repo_, from);
    if (!t) return std::unexpected(t.error());
    from_tree = std::move(*t);
  }
  auto to_tree = tree_of(repo_, to);
  if (!to_tree) return std::unexpected(to_tree.error());
  return diff_trees(repo_, from_tree.get(), to_tree->get(), from + ".." + to);
}

Status Repository::prepare_bulk_reads() {
  git_config* snapshot = nullptr;
  if (git_repository_config_snapshot(&snapshot, repo_) < 0) return gitx::fail_git("cannot read the config");
  git_repository_set_config(repo_, snapshot);  // the repository keeps its own reference
  git_config_free(snapshot);
  if (!attributes_) attributes_ = std::make_shared<gitx::AttributeMemo>();
  return ok();
}

}  // namespace hookagent
