#include "agent/sandbox/seccomp_filter.hpp"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

namespace hookagent::agent::seccomp {

namespace {

#if defined(__x86_64__)
constexpr uint32_t kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
constexpr uint32_t kArch = 0;
#endif

constexpr uint32_t kNrOffset = offsetof(seccomp_data, nr);
constexpr uint32_t kArchOffset = offsetof(seccomp_data, arch);
constexpr uint32_t kArg0Offset = offsetof(seccomp_data, args);  // low half on little-endian

// Calls nothing in a review needs, each a way past the walls.
const long kRefused[] = {
    SYS_ptrace,         SYS_process_vm_readv, SYS_process_vm_writev, SYS_bpf,        SYS_perf_event_open,
    SYS_userfaultfd,    SYS_keyctl,           SYS_add_key,           SYS_request_key, SYS_unshare,
    SYS_setns,          SYS_mount,            SYS_umount2,           SYS_pivot_root, SYS_chroot,
    SYS_io_uring_setup, SYS_io_uring_enter,   SYS_io_uring_register, SYS_kexec_load, SYS_init_module,
    SYS_finit_module,   SYS_delete_module,    SYS_swapon,            SYS_swapoff,    SYS_reboot,
    SYS_open_by_handle_at, SYS_name_to_handle_at,
    // A new session or group would escape the timeout's kill of the process group.
    SYS_setsid,         SYS_setpgid,
};

sock_filter stmt(uint16_t code, uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) { return BPF_JUMP(code, k, jt, jf); }

}  // namespace

// clone() flags that make new namespaces: user namespaces hand a process
// root inside them, and with it kernel surface (nf_tables, ...) to attack.
constexpr uint32_t kNewNamespaces = 0x00020000u /*NEWNS*/ | 0x02000000u /*NEWCGROUP*/ | 0x04000000u /*NEWUTS*/ |
                                    0x08000000u /*NEWIPC*/ | 0x10000000u /*NEWUSER*/ | 0x20000000u /*NEWPID*/ |
                                    0x40000000u /*NEWNET*/;

std::vector<uint8_t> build_program(const FilterOptions& options) {
  if (kArch == 0) return {};
  const uint32_t eperm = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
  const uint32_t eacces = SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA);
  std::vector<sock_filter> f;
  f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArchOffset));
  f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0));
  f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset));
#if defined(__x86_64__)
  // x32 system calls carry bit 30 and would slip past the numbers below.
  f.push_back(jump(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
  f.push_back(stmt(BPF_RET | BPF_K, eperm));
#endif
  for (long nr : kRefused) {
    f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(nr), 0, 1));
    f.push_back(stmt(BPF_RET | BPF_K, eperm));
  }
  if (options.deny_truncate) {
    f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_truncate, 0, 1));
    f.push_back(stmt(BPF_RET | BPF_K, eperm));
  }
  // clone3 passes its flags in memory BPF cannot read: ENOSYS makes libc fall back to clone.
  f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1));
  f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)));
  f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4));
  f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Offset));
  f.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, kNewNamespaces, 0, 1));
  f.push_back(stmt(BPF_RET | BPF_K, eperm));
  f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  // socket(domain, ...): the domain decides.
  f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 1, 0));
  f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  if (options.allow_inet_sockets) {
    f.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, kArg0Offset));
    for (uint32_t domain : {AF_INET, AF_INET6, AF_NETLINK}) {
      f.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, domain, 0, 1));
      f.push_back(stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    }
  }
  f.push_back(stmt(BPF_RET | BPF_K, eacces));
  std::vector<uint8_t> bytes(f.size() * sizeof(sock_filter));
  std::memcpy(bytes.data(), f.data(), bytes.size());
  return bytes;
}

int install(const std::vector<uint8_t>& program) noexcept {
  if (program.empty()) return 0;
  sock_fprog prog{static_cast<unsigned short>(program.size() / sizeof(sock_filter)),
                  reinterpret_cast<sock_filter*>(const_cast<uint8_t*>(program.data()))};
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0 ? errno : 0;
}

}  // namespace hookagent::agent::seccomp
