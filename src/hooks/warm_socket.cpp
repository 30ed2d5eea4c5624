#include "hooks/warm_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "hooks/hook_work.hpp"
#include "hookagent_build_config.hpp"

extern char** environ;

namespace hookagent::hooks::warm {
namespace fs = std::filesystem;

namespace {

bool served_flag = false;

// What a server reads before its first request depends on these (rule
// packs, caches, the binaries it names); the rest of the environment travels
// with each request.
bool shapes_server(std::string_view name) {
  static constexpr std::string_view names[] = {"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
                                               "HOOKAGENT_DATA_DIR", "HOOKAGENT_BIN", "HOOKAGENT_HOOK_BINARY_DIR"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

uint64_t fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Ours alone: a directory (not a link to one), owned by us, closed to others.
Status check_private_dir(const fs::path& dir) {
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0)
    return fail(ErrorKind::Io, std::string("cannot read ") + std::strerror(errno), dir.string());
  if (!S_ISDIR(st.st_mode)) return fail(ErrorKind::Io, "is not a directory", dir.string());
  if (st.st_uid != getuid())
    return fail(ErrorKind::Io, "belongs to another user", dir.string(), "remove it, or set HOOKAGENT_WARM=0");
  if ((st.st_mode & 077) != 0)
    return fail(ErrorKind::Io, "is open to other users", dir.string(), "chmod 700 it, or set HOOKAGENT_WARM=0");
  return ok();
}

fs::path socket_dir() {
  if (const char* run = std::getenv("XDG_RUNTIME_DIR"); run && *run == '/') {
    struct stat st {};
    if (stat(run, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() && (st.st_mode & 022) == 0)
      return fs::path(run) / "hookagent";
  }
  return fs::path("/tmp") / ("hookagent-" + std::to_string(getuid()));
}

}  // namespace

bool warm_enabled() {
  const char* v = std::getenv("HOOKAGENT_WARM");
  const std::string_view w = v ? v : "";
  if (w == "0" || w == "off" || w == "false" || w == "no") return false;
  if (w == "1" || w == "on" || w == "true" || w == "yes") return true;
  const char* ci = std::getenv("CI");
  return !(ci && *ci && std::string_view(ci) != "0" && std::string_view(ci) != "false");
}

bool warm_serves(Hook hook, const Config& config) {
  if (hook != Hook::PreCommit && hook != Hook::CommitMsg && hook != Hook::PrePush) return false;
  const std::string name(hook_name(hook));
  const HookConfig& hc = config.hook(name);
  const bool agent_off = hc.agent == "never" || config.provider_for(name).kind == "none";
  for (const auto& skill : hc.skills)
    if (!skill_runs_offline(skill) && !agent_off) return false;
  return true;
}

Result<fs::path> socket_path(const fs::path& binary, bool create) {
  struct stat st {};
  if (stat(binary.c_str(), &st) != 0)
    return fail(ErrorKind::Io, std::string("cannot read ") + std::strerror(errno), binary.string());
  uint64_t h = 14695981039346656037ull;
  h = fnv1a(h, HOOKAGENT_VERSION);
  for (uint64_t n : {uint64_t(st.st_dev), uint64_t(st.st_ino), uint64_t(st.st_size), uint64_t(st.st_mtim.tv_sec),
                     uint64_t(st.st_mtim.tv_nsec)})
    h = fnv1a(h, std::to_string(n) + ';');
  std::vector<std::string_view> shaping;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv = *e;
    if (shapes_server(kv.substr(0, kv.find('=')))) shaping.push_back(kv);
  }
  std::sort(shaping.begin(), shaping.end());
  for (auto kv : shaping) h = fnv1a(fnv1a(h, kv), std::string_view("\0", 1));

  const fs::path dir = socket_dir();
  if (create && mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return fail(ErrorKind::Io, std::string("cannot create ") + std::strerror(errno), dir.string());
  if (auto s = check_private_dir(dir); !s) return std::unexpected(s.error());
  char name[40];
  std::snprintf(name, sizeof name, "warm-%016llx.sock", static_cast<unsigned long long>(h));
  fs::path path = dir / name;
  if (path.native().size() >= sizeof(sockaddr_un{}.sun_path))
    return fail(ErrorKind::Io, "socket path too long for a Unix socket", path.string(),
                "set XDG_RUNTIME_DIR to a shorter directory, or HOOKAGENT_WARM=0");
  return path;
}

void mark_served_by_warm_server() { served_flag = true; }
bool served_by_warm_server() { return served_flag; }

bool send_frame(int sock, const std::string& body, std::span<const int> fds) {
  const uint32_t n = static_cast<uint32_t>(body.size());
  std::string data(reinterpret_cast<const char*>(&n), sizeof n);
  data += body;
  std::size_t sent = 0;
  while (sent < data.size()) {
    iovec iov{data.data() + sent, data.size() - sent};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 8)];
    if (sent == 0 && !fds.empty()) {
      if (fds.size() > 8) return false;
      msg.msg_control = control;
      msg.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
      cmsghdr* c = CMSG_FIRSTHDR(&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
      std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
    }
    ssize_t w = sendmsg(sock, &msg, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    sent += static_cast<std::size_t>(w);
  }
  return true;
}

std::optional<std::string> read_frame(int sock, std::vector<int>* fds, std::size_t limit,
                                      const std::function<bool()>& more) {
  std::string data;
  std::size_t want = sizeof(uint32_t);
  bool have_length = false;
  while (data.size() < want) {
    char buf[65536];
    iovec iov{buf, std::min(sizeof buf, want - data.size())};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 8)];
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && more && more()) continue;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); r > 0 && c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (std::size_t i = 0; i < count; ++i) {
        int fd;
        std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
        if (fds) fds->push_back(fd);
        else close(fd);
      }
    }
    if (r <= 0) return std::nullopt;
    data.append(buf, static_cast<std::size_t>(r));
    if (!have_length && data.size() >= sizeof(uint32_t)) {
      uint32_t n;
      std::memcpy(&n, data.data(), sizeof n);
      if (n > limit) return std::nullopt;
      want = sizeof(uint32_t) + n;
      have_length = true;
    }
  }
  return data.substr(sizeof(uint32_t));
}

std::vector<std::string> split_nul(const std::string& body) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < body.size()) {
    std::size_t end = body.find('\0', at);
    if (end == std::string::npos) end = body.size();
    out.emplace_back(body, at, end - at);
    at = end + 1;
  }
  return out;
}

std::optional<std::string> read_line(int sock) {
  std::string line;
  for (;;) {
    char c;
    ssize_t r = read(sock, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return std::nullopt;
    if (c == '\n') return line;
    line += c;
    if (line.size() > 256) return std::nullopt;
  }
}

}  // namespace hookagent::hooks::warm
