#pragma once
// `hookagent install --server`: pre-receive where a git server runs it, either
// in one bare repository (with the install record, so `uninstall` undoes it)
// or in a hooks directory many repositories share (gitolite's
// ~/.gitolite/hooks/common, a core.hooksPath directory). A foreign pre-receive
// already there is kept and chained, as everywhere else.
#include <filesystem>

#include "core/result.hpp"
#include "git/repository.hpp"
#include "hooks/installer.hpp"

namespace hookagent::hooks {

struct ServerInstallOptions {
  std::filesystem::path hooks_dir;  // empty: the repository's own hooks (it must be bare)
  bool force = false;
};

// `repo` may be null when `hooks_dir` is given. Refuses a repository with a
// work tree when no hooks_dir is named: that is a clone, not a server.
Result<InstallReport> install_server_hook(Repository* repo, const ServerInstallOptions& options);

// Takes our pre-receive out of a shared hooks directory, putting back the
// hook it chained.
Result<InstallReport> uninstall_server_hook(const std::filesystem::path& hooks_dir);

}  // namespace hookagent::hooks
