#include "jobs/worker_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <ctime>
#include <fstream>

#include "jobs/job_queue.hpp"

namespace hookagent::jobs {
namespace fs = std::filesystem;

namespace {
fs::path lock_path(const fs::path& common_dir) { return state_dir(common_dir) / "worker.lock"; }
}  // namespace

std::optional<WorkerLock> WorkerLock::try_acquire(const fs::path& common_dir) {
  if (!make_state_dir(common_dir, state_dir(common_dir))) return std::nullopt;
  int fd = open(lock_path(common_dir).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::nullopt;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return std::nullopt;
  }
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string owner = "pid " + std::to_string(getpid()) + " since " + stamp + "\n";
  if (ftruncate(fd, 0) == 0) (void)!pwrite(fd, owner.data(), owner.size(), 0);
  return WorkerLock(fd);
}

std::string WorkerLock::holder(const fs::path& common_dir) {
  int fd = open(lock_path(common_dir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  bool held = flock(fd, LOCK_SH | LOCK_NB) != 0;
  close(fd);
  if (!held) return {};
  std::ifstream in(lock_path(common_dir));
  std::string line;
  std::getline(in, line);
  // Held but not yet stamped (the holder is between flock and its write):
  // still held, or a second worker would be started for nothing.
  return line.empty() ? "a worker that is starting" : line;
}

WorkerLock::~WorkerLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the flock
}

}  // namespace hookagent::jobs
