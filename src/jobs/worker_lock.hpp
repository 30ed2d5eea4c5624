#pragma once
// One background worker per repository at a time. The lock is flock(2) on a
// file, so the kernel drops it when its holder dies: a killed job never leaves
// a lock that blocks the next one. The file names the holder for `jobs`.
#include <filesystem>
#include <optional>
#include <string>

namespace hookagent::jobs {

class WorkerLock {
 public:
  // Non-blocking; nullopt when another live process holds it.
  static std::optional<WorkerLock> try_acquire(const std::filesystem::path& common_dir);
  // "pid 1234 since 2026-11-25T12:00:00Z", or empty when free.
  static std::string holder(const std::filesystem::path& common_dir);

  WorkerLock(WorkerLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WorkerLock& operator=(WorkerLock&&) = delete;
  WorkerLock(const WorkerLock&) = delete;
  ~WorkerLock();

 private:
  explicit WorkerLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace hookagent::jobs
