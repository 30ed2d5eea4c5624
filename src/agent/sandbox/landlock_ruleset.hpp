#pragma once
// Landlock through its three system calls (kernel uapi linux/landlock.h; the
// constants are spelled out here because Debian's headers lag the kernel).
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/result.hpp"

namespace hookagent::agent::landlock {

// The highest ABI this kernel speaks; 0 when Landlock is missing or disabled.
int abi_version();

struct PathGrant {
  std::filesystem::path path;
  uint64_t access = 0;  // a mix of the kRead/kWrite/kExec masks below
};

inline constexpr uint64_t kRead = 1;   // read files, list directories
inline constexpr uint64_t kWrite = 2;  // create, write, truncate, remove, rename inside
inline constexpr uint64_t kExec = 4;   // execute files
inline constexpr uint64_t kDevice = 8; // ioctl on a device file (/dev/null)

// A ruleset fd (O_CLOEXEC) that handles every access the ABI knows, grants
// `paths` (missing paths are skipped) and TCP connect to `ports`. With
// `scope`, abstract UNIX sockets and signals outside the sandbox are cut too.
Result<int> build_ruleset(int abi, const std::vector<PathGrant>& paths, const std::vector<uint16_t>& ports);

// Child side: restrict the calling thread with the ruleset (needs no_new_privs set).
int restrict_self(int ruleset_fd) noexcept;

}  // namespace hookagent::agent::landlock
