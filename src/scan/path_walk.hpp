#pragma once
// The files `hookagent scan PATH...` looks at: named files as they are,
// directories walked (never into .git, never through a symlinked directory,
// .gitignore honoured when inside a repository).
#include <filesystem>
#include <string>
#include <vector>

namespace hookagent {
class Repository;
}

namespace hookagent::scan {

struct WalkedFile {
  std::filesystem::path path;  // to open
  std::string display;         // repo-relative (in a repo) or as given, '/' separated
};

struct WalkResult {
  std::vector<WalkedFile> files;
  std::vector<std::string> notes;  // what was skipped and why
  int skipped = 0;
};

// `repo` may be null (not in a repository: plain walk).
WalkResult walk_paths(const std::vector<std::filesystem::path>& roots, const Repository* repo,
                      const std::vector<std::string>& exclude_globs);

}  // namespace hookagent::scan
