#include "git/ref_list.hpp"

#include <algorithm>

#include "git/git_error.hpp"

namespace hookagent {

Result<std::vector<std::string>> list_refs(const Repository& repo, const std::string& glob) {
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_glob_new(&raw, repo.raw(), glob.c_str()) < 0)
    return gitx::fail_git("cannot list refs", glob);
  gitx::RefIterator it(raw);
  std::vector<std::string> names;
  const char* name = nullptr;
  while (git_reference_next_name(&name, it.get()) == 0) names.emplace_back(name);
  git_error_clear();  // GIT_ITEROVER
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> Repository::commit_tree_id(const std::string& commit_id) const {
  git_oid id;
  if (!gitx::parse_hex(commit_id, &id)) return fail(ErrorKind::Git, "not a commit id", commit_id);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo_, &id) < 0) return gitx::fail_git("cannot read commit", commit_id);
  gitx::Commit commit(raw);
  return gitx::to_hex(*git_commit_tree_id(commit.get()));
}

}  // namespace hookagent
