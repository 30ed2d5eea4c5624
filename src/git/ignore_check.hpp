#pragma once
// "Would git ignore this path?" for `hookagent scan PATH...`, answered by
// libgit2 (.gitignore at every level, .git/info/exclude, core.excludesFile).
#include <string>

#include "core/result.hpp"
#include "git/repository.hpp"

namespace hookagent {

// `rel_path` is relative to the work tree, '/' separated; a directory may end
// in '/'. An error (e.g. a bare repository) reads as "not ignored".
bool is_git_ignored(const Repository& repo, const std::string& rel_path);

}  // namespace hookagent
