#include "scan/disk_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace hookagent::scan {
namespace fs = std::filesystem;

fs::path cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return fs::path(x) / "hookagent";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "hookagent";
  return {};
}

uint64_t fnv1a(std::string_view bytes, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

fs::path cache_entry(std::string_view prefix, uint64_t key, std::string_view extension) {
  fs::path dir = cache_dir();
  if (dir.empty()) return {};
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
  return dir / (std::string(prefix) + "-" + hex + "." + std::string(extension));
}

void write_atomically(const fs::path& file, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::path tmp = file;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) fs::rename(tmp, file, ec);
  if (ec) fs::remove(tmp, ec);
}

CacheLock::CacheLock(const fs::path& entry) {
  if (entry.empty()) return;
  std::error_code ec;
  const fs::path lock = entry.parent_path() / "locks" / (entry.filename().string() + ".lock");
  fs::create_directories(lock.parent_path(), ec);
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) return;
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
  }
}

CacheLock::~CacheLock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the lock
}

}  // namespace hookagent::scan
