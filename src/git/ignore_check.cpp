#include "git/ignore_check.hpp"

#include <git2.h>

namespace hookagent {

bool is_git_ignored(const Repository& repo, const std::string& rel_path) {
  int ignored = 0;
  if (git_ignore_path_is_ignored(&ignored, repo.raw(), rel_path.c_str()) < 0) {
    git_error_clear();
    return false;
  }
  return ignored == 1;
}

}  // namespace hookagent
