#pragma once
// The kernel wall around every process an agent tool starts (DESIGN §6): the
// process reads the materialised snapshot and the system directories programs
// need, writes one private scratch directory, and has no network (an agent
// CLI: TCP to its API port only). The rules gate in src/policy/ is the first
// line; this holds whatever the gate let through, even under `Bash(*)`.
//
// Landlock (raw syscalls; no library) is preferred, bubblewrap where the user
// asks for it (HOOKAGENT_SANDBOX=bubblewrap). No sandbox means no process:
// callers fail closed.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace hookagent::agent {

enum class SandboxKind { Off, Landlock, Bubblewrap };

struct SandboxState {
  SandboxKind kind = SandboxKind::Off;
  int landlock_abi = 0;    // 0: the kernel has no Landlock (or it is disabled)
  std::string bwrap_path;  // empty: bubblewrap not found
  std::string why_off;     // kind == Off: one line saying why, and what to do
  std::vector<std::string> gaps;  // what this kernel's Landlock cannot hold (old ABI)
  std::string describe() const;
};

// `preference`: auto (Landlock, else bubblewrap) | landlock | bubblewrap | off.
SandboxState probe_sandbox(std::string_view preference);
// The same, with the preference from HOOKAGENT_SANDBOX (default auto).
SandboxState probe_sandbox_from_env();

struct SandboxRules {
  std::filesystem::path read_only;  // the snapshot: read, never write or execute
  std::filesystem::path scratch;    // the one writable directory
  // Read and execute: where an agent CLI is installed.
  std::vector<std::filesystem::path> programs;
  bool network = false;                 // an agent CLI: sockets for its API connection
  std::vector<uint16_t> connect_ports;  // with network: the TCP ports it may connect to
  uint64_t max_file_bytes = 256ull << 20;  // RLIMIT_FSIZE: a tool cannot fill the disk
};

// One prepared confinement. prepare() does everything that allocates or
// opens files in the parent; apply_in_child() runs between fork and exec and
// makes only async-signal-safe system calls.
class Confinement {
 public:
  static Result<std::unique_ptr<Confinement>> prepare(const SandboxState& state, const SandboxRules& rules);
  ~Confinement();
  Confinement(const Confinement&) = delete;
  Confinement& operator=(const Confinement&) = delete;

  // bubblewrap runs the command itself: the argv to exec instead of `argv`.
  std::vector<std::string> wrap_argv(const std::vector<std::string>& argv) const;
  // 0, or the errno of the step that failed (the child must then not exec).
  int apply_in_child() const noexcept;
  // An fd the child must keep across exec (bubblewrap reads its filter from it); -1: none.
  int inherited_fd() const { return seccomp_fd_; }

 private:
  Confinement() = default;
  SandboxKind kind_ = SandboxKind::Off;
  int ruleset_fd_ = -1;
  int seccomp_fd_ = -1;  // bubblewrap: the filter as a memfd
  std::vector<std::string> bwrap_prefix_;
  std::vector<uint8_t> seccomp_program_;  // struct sock_filter[], as bytes
  uint64_t max_file_bytes_ = 0;
};

}  // namespace hookagent::agent
