#pragma once
// A byte-and-mode exact picture of a directory, to prove install/uninstall and
// hook runs leave files exactly as they were.
#include <filesystem>
#include <map>
#include <string>

namespace hookagent::test {

struct FileState {
  char type = '?';          // 'f' file, 'l' symlink, 'd' directory
  unsigned mode = 0;        // permission bits (files, dirs)
  std::string content;      // file bytes, or the symlink target
  bool operator==(const FileState&) const = default;
};

// Every entry under `dir` (recursively, symlinks not followed), keyed by relative path.
std::map<std::string, FileState> snapshot(const std::filesystem::path& dir);

// Makes `dir` refuse new files even for root (chattr +i) or, for others, chmod 0555.
// The destructor undoes it so the temp dir can be removed.
class UnwritableDir {
 public:
  explicit UnwritableDir(std::filesystem::path dir);
  ~UnwritableDir();
  bool ok() const { return ok_; }

 private:
  std::filesystem::path dir_;
  bool ok_ = false;
  bool immutable_ = false;
};

}  // namespace hookagent::test
