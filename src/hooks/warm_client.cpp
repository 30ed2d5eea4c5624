#include "hooks/warm_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "core/exit_codes.hpp"
#include "core/paths.hpp"
#include "hooks/chained_hook.hpp"
#include "hooks/warm_limits.hpp"
#include "hooks/warm_socket.hpp"

extern char** environ;

namespace hookagent::hooks::warm {

namespace {

// A server that accepted but did not fork within this long is wedged: run in process.
constexpr int kForkAnswerMs = 3000;

volatile sig_atomic_t served_pid = 0;

// Ctrl-C reaches git and this process (the terminal's foreground group), not
// the server's child: pass it on, and let the child's exit end the wait.
void forward_signal(int sig) {
  if (served_pid > 0) kill(static_cast<pid_t>(served_pid), sig);
}

// Ctrl-Z: the child stops with us, and goes on when we are continued (the
// SIGSTOP below returns then).
void forward_stop(int) {
  const int saved = errno;
  if (served_pid > 0) kill(static_cast<pid_t>(served_pid), SIGSTOP);
  kill(getpid(), SIGSTOP);
  if (served_pid > 0) kill(static_cast<pid_t>(served_pid), SIGCONT);
  errno = saved;
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

// -1 with errno set when nothing listens; -1 with errno EPERM when the listener
// is not ours (our fds and environment go to no one else).
int connect_to(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  ucred peer{};
  socklen_t len = sizeof peer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0 || peer.uid != getuid()) {
    close(fd);
    errno = EPERM;
    return -1;
  }
  return fd;
}

std::string request_body(const std::vector<std::string>& argv) {
  const mode_t mask = umask(0);
  umask(mask);
  std::string body;
  auto add = [&](const std::string& s) {
    body += s;
    body += '\0';
  };
  add("run");
  add(std::to_string(mask));
  add(describe_limits());
  add(std::to_string(argv.size()));
  for (const auto& a : argv) add(a);
  for (char** e = environ; e && *e; ++e) add(*e);
  return body;
}

bool wait_readable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  for (;;) {
    int r = poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) continue;
    return r > 0;
  }
}

// The orphaned child, if it still runs: a pid can be reused once it is gone.
void kill_if_ours(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/exe", static_cast<int>(pid));
  char exe[4096];
  const ssize_t n = readlink(path, exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = '\0';
  if (hookagent_binary() == std::filesystem::path(exe)) kill(pid, SIGKILL);
}

}  // namespace

void start_warm_server_in_background() {
  const std::string binary = hookagent_binary().string();
  pid_t first = fork();
  if (first < 0) return;
  if (first == 0) {
    // Its own session, and a grandchild of ours: never a child git or a hook
    // waits for, and nothing of git's pipes held open.
    setsid();
    if (fork() != 0) _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
    }
    close_range(3, ~0u, 0);
    if (chdir("/") != 0) _exit(0);
    execl(binary.c_str(), binary.c_str(), "warm", "serve", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status;
  while (waitpid(first, &status, 0) < 0 && errno == EINTR) {
  }
}

std::optional<int> run_on_warm_server(Hook hook, const std::vector<std::string>& argv,
                                      const std::optional<std::string>& input) {
  // A directory that is not ours, or open to others: no server for this
  // user until it is put right (`hookagent warm status` says why).
  auto path = socket_path(hookagent_binary(), true);
  if (!path) return std::nullopt;
  Fd sock(connect_to(path->string()));
  if (sock.fd < 0) {
    if (errno == ENOENT || errno == ECONNREFUSED) start_warm_server_in_background();
    return std::nullopt;
  }
  Fd cwd(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Fd in(input ? stdin_fd_holding(*input) : dup(0));  // the child's own copy: a rerun starts afresh
  if (cwd.fd < 0 || in.fd < 0) return std::nullopt;
  const int fds[] = {in.fd, 1, 2, cwd.fd};
  if (!send_frame(sock.fd, request_body(argv), fds)) return std::nullopt;
  // No answer in time: the server is wedged. Closing the connection makes it
  // kill the child it may still fork for this request (its "pid" line fails).
  if (!wait_readable(sock.fd, kForkAnswerMs)) return std::nullopt;
  auto forked = read_line(sock.fd);
  if (!forked || !forked->starts_with("pid ")) return std::nullopt;  // refused: nothing ran
  served_pid = static_cast<sig_atomic_t>(std::atoi(forked->c_str() + 4));

  struct sigaction forward {}, stop{}, old[5];
  forward.sa_handler = forward_signal;
  sigemptyset(&forward.sa_mask);
  stop.sa_handler = forward_stop;
  sigemptyset(&stop.sa_mask);
  const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
  for (int i = 0; i < 5; ++i) sigaction(signals[i], signals[i] == SIGTSTP ? &stop : &forward, &old[i]);
  auto ended = read_line(sock.fd);
  for (int i = 0; i < 5; ++i) sigaction(signals[i], &old[i], nullptr);
  served_pid = 0;

  if (!ended || !ended->starts_with("exit ")) {
    // Killed or crashed mid-run (a stop waits for its children): its child
    // may run on, so it goes before the check is made again.
    kill_if_ours(static_cast<pid_t>(std::atoi(forked->c_str() + 4)));
    say(hook, "the warm server stopped during the check; checking again in this process");
    return std::nullopt;
  }
  const int status = std::atoi(ended->c_str() + 5);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  const int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  say(hook, std::string("the check ended on signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")");
  return is_blocking(hook) ? kExitInternal : kExitPass;
}

}  // namespace hookagent::hooks::warm
