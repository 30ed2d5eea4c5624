#include "dir_snapshot.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace hookagent::test {
namespace fs = std::filesystem;

std::map<std::string, FileState> snapshot(const fs::path& dir) {
  std::map<std::string, FileState> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const auto rel = fs::relative(it->path(), dir).string();
    struct stat st{};
    lstat(it->path().c_str(), &st);
    FileState s;
    s.mode = st.st_mode & 07777;
    if (S_ISLNK(st.st_mode)) {
      s.type = 'l';
      s.mode = 0;
      s.content = fs::read_symlink(it->path()).string();
    } else if (S_ISDIR(st.st_mode)) {
      s.type = 'd';
    } else {
      s.type = 'f';
      s.content = read_file(it->path());
    }
    out[rel] = s;
  }
  return out;
}

UnwritableDir::UnwritableDir(fs::path dir) : dir_(std::move(dir)) {
  if (geteuid() == 0) {
    immutable_ = true;
    ok_ = run_process({"chattr", "+i", dir_.string()}).exit_code == 0;
  } else {
    std::error_code ec;
    fs::permissions(dir_, fs::perms(0555), ec);
    ok_ = !ec;
  }
}

UnwritableDir::~UnwritableDir() {
  if (immutable_) {
    run_process({"chattr", "-i", dir_.string()});
  } else {
    std::error_code ec;
    fs::permissions(dir_, fs::perms(0755), ec);
  }
}

}  // namespace hookagent::test
