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

}  // namespace hookagent
