#include "agent/sandbox/landlock_ruleset.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hookagent::agent::landlock {

namespace {

// linux/landlock.h, kernel 6.12 (ABI 6); older kernels take a shorter attr.
struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};
struct PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__((packed));
struct NetPortAttr {
  uint64_t allowed_access;
  uint64_t port;
};

constexpr uint32_t kCreateRulesetVersion = 1u << 0;
constexpr int kRulePathBeneath = 1, kRuleNetPort = 2;

constexpr uint64_t kFsExecute = 1ull << 0, kFsWriteFile = 1ull << 1, kFsReadFile = 1ull << 2,
                   kFsReadDir = 1ull << 3, kFsRemoveDir = 1ull << 4, kFsRemoveFile = 1ull << 5,
                   kFsMakeChar = 1ull << 6, kFsMakeDir = 1ull << 7, kFsMakeReg = 1ull << 8,
                   kFsMakeSock = 1ull << 9, kFsMakeFifo = 1ull << 10, kFsMakeBlock = 1ull << 11,
                   kFsMakeSym = 1ull << 12, kFsRefer = 1ull << 13, kFsTruncate = 1ull << 14,
                   kFsIoctlDev = 1ull << 15;
constexpr uint64_t kNetBindTcp = 1ull << 0, kNetConnectTcp = 1ull << 1;
constexpr uint64_t kScopeAbstractUnix = 1ull << 0, kScopeSignal = 1ull << 1;

// Rights a file (not a directory) can hold.
constexpr uint64_t kFileRights = kFsExecute | kFsWriteFile | kFsReadFile | kFsTruncate | kFsIoctlDev;

uint64_t handled_fs(int abi) {
  uint64_t fs = (kFsMakeSym << 1) - 1;  // ABI 1: bits 0..12
  if (abi >= 2) fs |= kFsRefer;
  if (abi >= 3) fs |= kFsTruncate;
  if (abi >= 5) fs |= kFsIoctlDev;
  return fs;
}

uint64_t rights_for(uint64_t grant, uint64_t handled) {
  uint64_t r = 0;
  if (grant & kRead) r |= kFsReadFile | kFsReadDir;
  if (grant & kExec) r |= kFsExecute | kFsReadFile;
  if (grant & kWrite)
    r |= kFsWriteFile | kFsReadFile | kFsReadDir | kFsRemoveDir | kFsRemoveFile | kFsMakeDir | kFsMakeReg |
         kFsMakeFifo | kFsMakeSym | kFsRefer | kFsTruncate;
  if (grant & kDevice) r |= kFsIoctlDev;
  return r & handled;
}

}  // namespace

int abi_version() {
  long v = syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return v < 0 ? 0 : static_cast<int>(v);
}

Result<int> build_ruleset(int abi, const std::vector<PathGrant>& paths, const std::vector<uint16_t>& ports) {
  RulesetAttr attr{handled_fs(abi), 0, 0};
  size_t attr_size = sizeof(uint64_t);
  if (abi >= 4) {
    attr.handled_access_net = kNetBindTcp | kNetConnectTcp;
    attr_size = 2 * sizeof(uint64_t);
  }
  if (abi >= 6) {
    attr.scoped = kScopeAbstractUnix | kScopeSignal;
    attr_size = sizeof attr;
  }
  long fd = syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0u);
  if (fd < 0) return fail(ErrorKind::Io, std::string("landlock_create_ruleset: ") + std::strerror(errno));
  int ruleset = static_cast<int>(fd);
  fcntl(ruleset, F_SETFD, FD_CLOEXEC);
  for (const auto& grant : paths) {
    int dir = open(grant.path.c_str(), O_PATH | O_CLOEXEC);
    if (dir < 0) continue;  // not on this machine (/lib32, ...)
    struct stat st {};
    fstat(dir, &st);
    uint64_t rights = rights_for(grant.access, attr.handled_access_fs);
    if (!S_ISDIR(st.st_mode)) rights &= kFileRights;
    PathBeneathAttr rule{rights, dir};
    long rc = rights ? syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &rule, 0u) : 0;
    int e = errno;
    close(dir);
    if (rc < 0) {
      close(ruleset);
      return fail(ErrorKind::Io, "landlock_add_rule " + grant.path.string() + ": " + std::strerror(e));
    }
  }
  if (abi >= 4) {
    for (uint16_t port : ports) {
      NetPortAttr rule{kNetConnectTcp, port};
      if (syscall(SYS_landlock_add_rule, ruleset, kRuleNetPort, &rule, 0u) < 0) {
        int e = errno;
        close(ruleset);
        return fail(ErrorKind::Io, "landlock_add_rule port " + std::to_string(port) + ": " + std::strerror(e));
      }
    }
  }
  return ruleset;
}

int restrict_self(int ruleset_fd) noexcept {
  return syscall(SYS_landlock_restrict_self, ruleset_fd, 0u) < 0 ? errno : 0;
}

}  // namespace hookagent::agent::landlock
