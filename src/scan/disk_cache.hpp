#pragma once
// The on-disk cache the scanner's derived data shares (parsed packs, compiled
// Vectorscan databases): where it lives, how entries are named, and how they
// are written so that a concurrent reader never sees half a file. Every entry
// is derived data: a missing, stale or damaged one only costs recomputing it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace hookagent::scan {

// $XDG_CACHE_HOME/hookagent (absolute XDG_CACHE_HOME only), else
// $HOME/.cache/hookagent; empty when neither is set (then nothing is cached).
std::filesystem::path cache_dir();

// 64-bit FNV-1a, to name entries after what they were derived from.
uint64_t fnv1a(std::string_view bytes, uint64_t seed = 1469598103934665603ull);

// cache_dir() / "<prefix>-<16 hex digits of key>.<extension>", or empty.
std::filesystem::path cache_entry(std::string_view prefix, uint64_t key, std::string_view extension);

// Best effort: written aside and renamed into place; failures are silent.
void write_atomically(const std::filesystem::path& file, std::string_view bytes);

// Held while an entry is computed: an exclusive flock on "locks/<entry>.lock", so a
// second process computing the same entry waits and then reads it instead.
// Best effort: no lock (and no wait) when the file cannot be opened. The
// kernel drops the lock if the holder dies.
class CacheLock {
 public:
  explicit CacheLock(const std::filesystem::path& entry);
  ~CacheLock();
  CacheLock(const CacheLock&) = delete;
  CacheLock& operator=(const CacheLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace hookagent::scan
