#pragma once
// What a server's pre-receive reads. It checks commits other people push, so
// nothing those commits carry may steer it: no work tree's .hookagent.toml,
// .gitleaks.toml or ignore files (a non-bare repository that accepts pushes
// has the pusher's files checked out). Its config is the server's own: the
// server account's ~/.config/hookagent/config.toml and <git dir>/hookagent.toml.
// Light: no libgit2.
#include "git/repo_paths.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

// The repository as `hook` may see it: for pre-receive, without its work tree.
RepoPaths paths_seen_by(Hook hook, RepoPaths paths);

}  // namespace hookagent::hooks
