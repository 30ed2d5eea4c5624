#include "git/present_walk.hpp"

#include <algorithm>

#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent::gitx {

std::vector<std::string> walk_present(git_repository* repo, const git_oid& start,
                                      const std::unordered_set<std::string>& stop) {
  std::vector<std::string> out;
  std::vector<git_oid> stack{start};
  std::unordered_set<std::string> seen{to_hex(start)};
  while (!stack.empty()) {
    git_oid id = stack.back();
    stack.pop_back();
    std::string hex = to_hex(id);
    if (stop.count(hex)) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) < 0) continue;
    Commit commit(raw);
    out.push_back(std::move(hex));
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      const git_oid* parent = git_commit_parent_id(commit.get(), i);
      if (parent && seen.insert(to_hex(*parent)).second) stack.push_back(*parent);
    }
  }
  git_error_clear();
  std::reverse(out.begin(), out.end());  // roughly oldest first
  return out;
}

}  // namespace hookagent::gitx
