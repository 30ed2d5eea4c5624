#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "agent/sandbox/landlock_ruleset.hpp"
#include "agent/sandbox/sandbox.hpp"
#include "agent/sandbox/seccomp_filter.hpp"

namespace hookagent::agent {

namespace {

namespace fs = std::filesystem;

// What programs need to start and run; nothing that holds a user's data.
const char* const kSystemDirs[] = {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};
const char* const kSystemFiles[] = {"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                                    "/etc/nsswitch.conf", "/etc/magic", "/etc/alternatives"};
// An agent CLI also resolves and verifies its API host.
const char* const kNetworkFiles[] = {"/etc/ssl", "/etc/ca-certificates", "/etc/resolv.conf", "/etc/hosts",
                                     "/etc/gai.conf", "/etc/host.conf", "/etc/services", "/etc/protocols",
                                     "/etc/passwd", "/etc/group", "/proc"};
const char* const kReadDevices[] = {"/dev/zero", "/dev/urandom", "/dev/random", "/dev/full"};

std::vector<landlock::PathGrant> landlock_grants(const SandboxRules& rules) {
  using namespace landlock;
  std::vector<PathGrant> g;
  for (const char* d : kSystemDirs) g.push_back({d, kRead | kExec});
  for (const char* f : kSystemFiles) g.push_back({f, kRead});
  if (rules.network)
    for (const char* f : kNetworkFiles) g.push_back({f, kRead});
  for (const char* d : kReadDevices) g.push_back({d, kRead});
  g.push_back({"/dev/null", kRead | kWrite | kDevice});
  if (!rules.read_only.empty()) g.push_back({rules.read_only, kRead});
  if (!rules.scratch.empty()) g.push_back({rules.scratch, kRead | kWrite});
  for (const auto& p : rules.programs) g.push_back({p, kRead | kExec});
  return g;
}

void add_bind(std::vector<std::string>& a, const char* how, const fs::path& p) {
  a.insert(a.end(), {how, p.string(), p.string()});
}

std::vector<std::string> bwrap_prefix(const SandboxState& state, const SandboxRules& rules) {
  std::vector<std::string> a = {state.bwrap_path, "--die-with-parent", "--new-session", "--unshare-all",
                                "--cap-drop", "ALL"};
  if (rules.network) a.push_back("--share-net");
  for (const char* d : kSystemDirs) {
    std::error_code ec;
    if (fs::is_symlink(d, ec)) a.insert(a.end(), {"--symlink", fs::read_symlink(d, ec).string(), d});
    else add_bind(a, "--ro-bind-try", d);
  }
  for (const char* f : kSystemFiles) add_bind(a, "--ro-bind-try", f);
  if (rules.network)
    for (const char* f : kNetworkFiles)
      if (std::string_view(f) != "/proc") add_bind(a, "--ro-bind-try", f);
  a.insert(a.end(), {"--dev", "/dev", "--proc", "/proc"});
  if (!rules.read_only.empty()) add_bind(a, "--ro-bind", rules.read_only);
  if (!rules.scratch.empty()) add_bind(a, "--bind", rules.scratch);
  for (const auto& p : rules.programs) add_bind(a, "--ro-bind", p);
  a.push_back("--");
  return a;
}

// Root keeps every capability across exec unless told otherwise: a sandboxed
// root could still kill, trace or chown what Landlock does not cover.
int drop_root_powers() noexcept {
  if (geteuid() != 0) return 0;
  constexpr unsigned long kNoRoot = (1ul << 0) | (1ul << 1) | (1ul << 2) | (1ul << 3);  // NOROOT, NO_SETUID_FIXUP (+locks)
  if (prctl(PR_SET_SECUREBITS, kNoRoot, 0, 0, 0) < 0) return errno;
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  return syscall(SYS_capset, &header, data) < 0 ? errno : 0;
}

}  // namespace

Result<std::unique_ptr<Confinement>> Confinement::prepare(const SandboxState& state, const SandboxRules& rules) {
  std::unique_ptr<Confinement> c(new Confinement());
  c->kind_ = state.kind;
  c->max_file_bytes_ = rules.max_file_bytes;
  switch (state.kind) {
    case SandboxKind::Off:
      return fail(ErrorKind::Io, "no kernel sandbox: " + state.why_off);
    case SandboxKind::Bubblewrap: {
      c->bwrap_prefix_ = bwrap_prefix(state, rules);
      // The same seccomp filter, loaded by bwrap once its own setup is done.
      auto program = seccomp::build_program({rules.network, false});
      if (!program.empty()) {
        c->seccomp_fd_ = memfd_create("hookagent-seccomp", 0);
        if (c->seccomp_fd_ < 0 || write(c->seccomp_fd_, program.data(), program.size()) != static_cast<ssize_t>(program.size()) ||
            lseek(c->seccomp_fd_, 0, SEEK_SET) != 0)
          return fail(ErrorKind::Io, "cannot hand bubblewrap its seccomp filter");
        c->bwrap_prefix_.insert(c->bwrap_prefix_.end() - 1, {"--seccomp", std::to_string(c->seccomp_fd_)});
      }
      return c;
    }
    case SandboxKind::Landlock: {
      auto fd = landlock::build_ruleset(state.landlock_abi, landlock_grants(rules),
                                        rules.network ? rules.connect_ports : std::vector<uint16_t>{});
      if (!fd) return std::unexpected(fd.error());
      c->ruleset_fd_ = *fd;
      c->seccomp_program_ = seccomp::build_program({rules.network, state.landlock_abi < 3});
      return c;
    }
  }
  return c;
}

Confinement::~Confinement() {
  if (ruleset_fd_ >= 0) close(ruleset_fd_);
  if (seccomp_fd_ >= 0) close(seccomp_fd_);
}

std::vector<std::string> Confinement::wrap_argv(const std::vector<std::string>& argv) const {
  if (kind_ != SandboxKind::Bubblewrap) return argv;
  std::vector<std::string> out = bwrap_prefix_;
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

int Confinement::apply_in_child() const noexcept {
  rlimit core{0, 0};
  setrlimit(RLIMIT_CORE, &core);
  if (max_file_bytes_) {
    rlimit fsize{max_file_bytes_, max_file_bytes_};
    if (setrlimit(RLIMIT_FSIZE, &fsize) < 0) return errno;
  }
  if (kind_ != SandboxKind::Landlock) return 0;  // bubblewrap drops privileges itself
  if (int e = drop_root_powers()) return e;
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return errno;
  if (int e = landlock::restrict_self(ruleset_fd_)) return e;
  return seccomp::install(seccomp_program_);
}

}  // namespace hookagent::agent
