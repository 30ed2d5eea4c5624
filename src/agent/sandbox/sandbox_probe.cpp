#include <unistd.h>

#include <cstdlib>

#include "agent/sandbox/landlock_ruleset.hpp"
#include "agent/sandbox/sandbox.hpp"
#include "agent/sandbox/seccomp_filter.hpp"

namespace hookagent::agent {

namespace {

std::string find_bwrap() {
  const char* path = std::getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/bin:/bin";
  dirs += ":/usr/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/bwrap";
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

}  // namespace

std::string SandboxState::describe() const {
  switch (kind) {
    case SandboxKind::Landlock: return "Landlock (ABI " + std::to_string(landlock_abi) + ") + seccomp";
    case SandboxKind::Bubblewrap: return "bubblewrap (" + bwrap_path + ")";
    case SandboxKind::Off: return "none: " + why_off;
  }
  return "none";
}

SandboxState probe_sandbox(std::string_view preference) {
  SandboxState s;
  if (preference == "off") {
    s.why_off = "HOOKAGENT_SANDBOX=off; unset it to use Landlock or bubblewrap";
    return s;
  }
  s.landlock_abi = landlock::abi_version();
  s.bwrap_path = find_bwrap();
  const bool want_landlock = preference == "landlock" || preference == "auto" || preference.empty();
  const bool want_bwrap = preference == "bubblewrap" || preference == "auto" || preference.empty();
  if (!want_landlock && !want_bwrap) {
    s.why_off = "HOOKAGENT_SANDBOX=" + std::string(preference) + " is not one of auto, landlock, bubblewrap, off";
    return s;
  }
  if (want_landlock && s.landlock_abi > 0) {
    s.kind = SandboxKind::Landlock;
    if (s.landlock_abi < 4) s.gaps.push_back("Landlock ABI < 4: an agent CLI's TCP connections are not limited to its API port");
    if (s.landlock_abi < 3) s.gaps.push_back("Landlock ABI < 3: truncate(2) is refused by seccomp instead");
    if (s.landlock_abi < 6) s.gaps.push_back("Landlock ABI < 6: signals and abstract UNIX sockets outside the sandbox are not cut");
    if (seccomp::build_program({}).empty()) s.gaps.push_back("no seccomp filter for this CPU: sockets stay open");
    return s;
  }
  if (want_bwrap && !s.bwrap_path.empty()) {
    s.kind = SandboxKind::Bubblewrap;
    s.gaps.push_back("bubblewrap: an agent CLI shares the host network (no per-port limit)");
    return s;
  }
  if (preference == "landlock") s.why_off = "this kernel has no Landlock (Linux 5.13+ with lsm=landlock)";
  else if (preference == "bubblewrap") s.why_off = "bwrap is not installed (apt-get install bubblewrap)";
  else
    s.why_off = "this kernel has no Landlock and bwrap is not installed (apt-get install bubblewrap, or boot with lsm=...,landlock)";
  return s;
}

SandboxState probe_sandbox_from_env() {
  const char* p = std::getenv("HOOKAGENT_SANDBOX");
  return probe_sandbox(p && *p ? p : "auto");
}

}  // namespace hookagent::agent
