#include "hooks/warm_server.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <thread>
#include <vector>

#include "hooks/warm_limits.hpp"
#include "hooks/warm_socket.hpp"

extern char** environ;

namespace hookagent::hooks::warm {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kRequestLimit = 4u << 20;  // argv and environment
// A client that connects and says nothing holds every other one up (the
// server reads requests one at a time): at most this long in all.
constexpr int kRequestDeadlineMs = 500;
// Past this age an idle server exits even if used: a security update of a
// library it loaded (libgit2, RE2, Vectorscan) reaches it within the hour.
constexpr time_t kMaxAgeS = 3600;
// How long a child that said its exit code waits before it exits. Tearing
// down its address space (~50 MB, half of it private after prefault()) takes
// CPU and page-table work that, done at once, slowed the rest of `git commit`
// (a one-line commit: 50.0 ms without the wait, 46.3 ms with, medians of two
// runs of 20 on a 2-core VM); a moment later git is done.
constexpr auto kLinger = std::chrono::milliseconds(150);
// The most a standby child copies ahead of a request (see prefault()): the
// bundled rules' server has ~28 MB resident.
constexpr std::size_t kCopyBudget = 48u << 20;

struct Identity {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  timespec mtime{};
  bool operator==(const Identity& o) const {
    return dev == o.dev && ino == o.ino && size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
           mtime.tv_nsec == o.mtime.tv_nsec;
  }
};

Identity identity_of(const fs::path& file) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino, st.st_size, st.st_mtim};
}

Error io_error(const std::string& what, const fs::path& where) {
  return Error{ErrorKind::Io, what + ": " + std::strerror(errno), where.string(), {}};
}

// The server's own environment decides nothing a child does (each request
// brings its own); a GIT_DIR from the commit that started it must not linger.
void drop_git_variables() {
  std::vector<std::string> names;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "GIT_", 4) == 0) names.emplace_back(*e, std::strchr(*e, '=') - *e);
  for (const auto& n : names) unsetenv(n.c_str());
}

struct Request {
  mode_t umask = 022;
  std::string limits;  // warm_limits.hpp
  std::vector<std::string> argv;
  std::vector<std::string> env;
};

// "run", umask, limits, argc, argv..., environment...
std::optional<Request> parse_run(const std::vector<std::string>& items) {
  constexpr std::size_t kHead = 4;
  if (items.size() < kHead || items[0] != "run") return std::nullopt;
  Request r;
  r.umask = static_cast<mode_t>(std::strtoul(items[1].c_str(), nullptr, 10)) & 0777;
  r.limits = items[2];
  const std::size_t argc = std::strtoul(items[3].c_str(), nullptr, 10);
  if (argc < 3 || kHead + argc > items.size()) return std::nullopt;
  const auto argv_end = items.begin() + static_cast<std::ptrdiff_t>(kHead + argc);
  r.argv.assign(items.begin() + kHead, argv_end);
  r.env.assign(argv_end, items.end());
  // Only the hooks it serves (warm_serves()): the server is an accelerator
  // for them, not a way to run anything else with its state.
  if (r.argv[1] != "run") return std::nullopt;
  const std::string& hook = r.argv[2];
  if (hook != "pre-commit" && hook != "commit-msg" && hook != "pre-push") return std::nullopt;
  return r;
}

bool write_line(int fd, const std::string& line) {
  std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t w = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    done += static_cast<std::size_t>(w);
  }
  return true;
}

// The request, read within kRequestDeadlineMs whatever the client does.
std::optional<std::string> read_request(int conn, std::vector<int>& fds) {
  timeval slice{0, 100'000};
  setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &slice, sizeof slice);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kRequestDeadlineMs);
  return read_frame(conn, &fds, kRequestLimit, [deadline] { return std::chrono::steady_clock::now() < deadline; });
}

// Before a request: map the program's code into this child's page tables
// (fork copies none for file mappings), so that the run does not fault it in
// page by page (a one-line commit: 4.3 ms with, 5.3 ms without), and copy the
// server's resident writable pages now (copy-on-write ahead of time): malloc,
// RE2's DFA caches and the scan write all over the heap, and each first write
// to a page shared with the server costs a fault, a page copy and a TLB
// flush. A one-line check's child: 10.7 ms without, 6.6 ms with (median of
// 12, 2-core VM). The copy (~28 MB, ~30 ms of CPU here) runs on a thread at
// SCHED_IDLE, so it takes no CPU from git or anything else, and stops as soon
// as `stop` is set (a request came: it runs with what is done so far).
void prefault(const std::atomic<bool>& stop) {
  sched_param none{};
  sched_setscheduler(0, SCHED_IDLE, &none);  // this thread only (Linux)
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (!maps) return;
  constexpr unsigned long kStep = 256ul << 10;
  auto populate = [&](unsigned long from, unsigned long to, int advice) {
    for (unsigned long at = from; at < to; at += kStep) {
      if (stop.load(std::memory_order_relaxed)) return false;
      madvise(reinterpret_cast<void*>(at), std::min(kStep, to - at), advice);
    }
    return true;
  };
  // Only the pages the server has touched: populating the rest (untouched
  // thread stacks, malloc's reserve) would allocate memory nobody uses. At
  // most kCopyBudget of them: under a sanitizer (or a rule set far larger than
  // the bundled one) the heap is hundreds of MB, and copying it per child
  // loaded a 2-core machine enough to slow everything else.
#if defined(__SANITIZE_ADDRESS__)
  std::size_t budget = 0;
#else
  std::size_t budget = kCopyBudget;
#endif
  // mincore over a window at a time: a sanitizer's shadow map spans terabytes,
  // and one residency vector for it would itself be gigabytes.
  constexpr unsigned long kWindow = 64ul << 20;
  const unsigned long page = static_cast<unsigned long>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident(kWindow / page);
  auto populate_window = [&](unsigned long from, unsigned long to) {
    const std::size_t pages = (to - from + page - 1) / page;
    if (mincore(reinterpret_cast<void*>(from), to - from, resident.data()) != 0) return true;
    for (std::size_t i = 0; i < pages;) {
      if (!(resident[i] & 1)) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < pages && (resident[j] & 1) && (j - i + 1) * page <= budget) ++j;
      if (j == i) return false;  // the budget is spent
      budget -= (j - i) * page;
      if (!populate(from + i * page, from + j * page, MADV_POPULATE_WRITE)) return false;
      i = j;
    }
    return true;
  };
  auto populate_resident = [&](unsigned long from, unsigned long to) {
    for (unsigned long at = from; at < to; at += kWindow) {
      if (budget == 0 || stop.load(std::memory_order_relaxed)) return false;
      if (!populate_window(at, std::min(to, at + kWindow))) return false;
    }
    return true;
  };
  char line[512];
  bool going = true;
  while (going && std::fgets(line, sizeof line, maps)) {
    unsigned long from = 0, to = 0;
    char perms[5] = {};
    int path_at = 0;
    if (std::sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &from, &to, perms, &path_at) < 3) continue;
    const std::string_view path = std::string_view(line + path_at);
    if (perms[0] == 'r' && perms[2] == 'x' && path.starts_with("/")) {
      going = populate(from, to, MADV_POPULATE_READ);
    } else if (perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p' &&
               (!path.starts_with("[") || path.starts_with("[heap]"))) {
      going = populate_resident(from, to);  // the heap, anonymous maps, data segments
    }
  }
  std::fclose(maps);
}

// In the forked child: become the process the client would have exec'd, run,
// and tell the server the exit code before the (slow) teardown of exit.
[[noreturn]] void run_child(Request& request, const std::vector<int>& fds, int channel,
                            const ChildMain& child_main) {
  for (int i = 0; i < 3; ++i)
    if (dup2(fds[static_cast<std::size_t>(i)], i) < 0) _exit(127);
  if (fchdir(fds[3]) != 0) _exit(127);
  if (channel != 3 && dup3(channel, 3, O_CLOEXEC) < 0) _exit(127);
  close_range(4, ~0u, 0);
  if (!apply_limits(request.limits)) {
    std::fputs("hookagent: the warm server could not take on this hook's resource limits; "
               "run it with HOOKAGENT_WARM=0\n", stderr);
    write_line(3, "code 3");
    _exit(3);
  }
  umask(request.umask);
  clearenv();
  for (auto& kv : request.env) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    kv[eq] = '\0';
    setenv(kv.c_str(), kv.c_str() + eq + 1, 1);
  }
  mark_served_by_warm_server();
  std::vector<char*> argv;
  for (auto& a : request.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  int code = 3;
  try {
    code = child_main(static_cast<int>(request.argv.size()), argv.data());
  } catch (...) {
    std::fputs("hookagent: internal error in the warm server's child (please report this)\n", stderr);
  }
  std::fflush(nullptr);
  write_line(3, "code " + std::to_string(code));
  // Nothing of the hook's stays open (a reader of its output waits for EOF),
  // and the exit waits until the server closes the channel (see kLinger).
  if (int null = open("/dev/null", O_RDWR | O_CLOEXEC); null >= 0)
    for (int fd = 0; fd < 3; ++fd) dup2(null, fd);
  close_range(4, ~0u, 0);
  char c;
  while (read(3, &c, 1) < 0 && errno == EINTR) {
  }
  _exit(code);
}

class Server {
 public:
  Server(const ServerOptions& options, const ChildMain& child_main, int lock_fd, int signal_fd)
      : options_(options), child_main_(child_main), lock_fd_(lock_fd), signal_fd_(signal_fd) {}

  Status listen_on() {
    listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) return std::unexpected(io_error("cannot create a socket", options_.socket));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, options_.socket.c_str(), options_.socket.native().size() + 1);
    unlink(options_.socket.c_str());  // a server that died left it; the lock says none runs now
    const mode_t old = umask(0177);
    const int bound = bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    umask(old);
    if (bound != 0 || listen(listen_fd_, 64) != 0)
      return std::unexpected(io_error("cannot listen", options_.socket));
    struct stat st {};
    if (stat(options_.socket.c_str(), &st) == 0) socket_ino_ = st.st_ino;
    return ok();
  }

  Status loop() {
    const Identity binary = identity_of(options_.binary);
    const time_t started = std::time(nullptr);
    time_t last_active = started;
    bool stopping = false;
    for (;;) {
      // Stopped, by a request or a signal: take no new work, but every running
      // child's client still gets its exit code (a hook must never be left to
      // guess whether its check ran).
      if (stopping) release_lingering(std::chrono::steady_clock::time_point::max());
      if (stopping && running_.empty()) break;
      // One child forked ahead while nothing runs: a request then costs no fork.
      if (!stopping && !standby_ && running_.empty() && standby_deaths_ < 3) fork_standby(true);
      std::vector<pollfd> polled{{listen_fd_, POLLIN, 0}, {signal_fd_, POLLIN, 0}};
      for (const auto& [pid, child] : running_) {
        if (child.conn >= 0) polled.push_back({child.conn, POLLIN, 0});
        if (child.channel >= 0 && !child.said_code) polled.push_back({child.channel, POLLIN, 0});
      }
      const long idle_ms = std::min<long>(30'000, options_.idle.count() * 1000);
      int wait_ms = running_.empty() ? static_cast<int>(idle_ms) : -1;
      if (auto next = release_lingering(std::chrono::steady_clock::now())) wait_ms = *next;
      int r = poll(polled.data(), polled.size(), wait_ms);
      if (r < 0 && errno != EINTR) return std::unexpected(io_error("poll failed", options_.socket));
      for (std::size_t i = 2; r > 0 && i < polled.size(); ++i)
        if (polled[i].revents & (POLLIN | POLLHUP | POLLERR)) child_event(polled[i].fd);
      if (r > 0 && (polled[1].revents & POLLIN)) {
        if (!reap()) stopping = stop_listening();  // SIGTERM, SIGINT, SIGHUP
        last_active = std::time(nullptr);
      }
      if (!stopping && r > 0 && (polled[0].revents & POLLIN)) {
        const Asked asked = accept_one();
        if (asked == Asked::Stop) stopping = stop_listening();  // `hookagent warm stop`
        if (asked == Asked::Run) last_active = std::time(nullptr);  // `status` keeps no server alive
      }
      if (!running_.empty() || stopping) continue;
      const time_t now = std::time(nullptr);
      if (now - last_active >= options_.idle.count()) break;
      if (now - started >= kMaxAgeS) break;
      if (!(identity_of(options_.binary) == binary)) break;  // rebuilt or upgraded: let the new one serve
    }
    return ok();
  }

  ~Server() {
    if (standby_) close(standby_->channel);  // it reads EOF and exits
    stop_listening();
  }

  // New clients then find no server (and run in process) at once. Returns true.
  bool stop_listening() {
    if (listen_fd_ < 0) return true;
    struct stat st {};
    if (stat(options_.socket.c_str(), &st) == 0 && st.st_ino == socket_ino_) unlink(options_.socket.c_str());
    close(listen_fd_);
    listen_fd_ = -1;
    return true;
  }

 private:
  struct Standby {
    pid_t pid;
    int channel;  // our end of its socketpair: the request goes down, "code N" comes back
  };
  struct Running {
    int conn;     // the client's connection; -1 once it has the exit code
    int channel;  // -1 once closed: the child said its code and lingered, or hung up
    bool said_code = false;
    std::chrono::steady_clock::time_point said_at{};
  };

  // Lets children that said their code before `now - kLinger` exit (any
  // before `now` when that is the end of time). Returns the ms until the
  // next one is due, if one lingers.
  std::optional<int> release_lingering(std::chrono::steady_clock::time_point now) {
    std::optional<int> next;
    const bool all = now == std::chrono::steady_clock::time_point::max();
    for (auto& [pid, child] : running_) {
      if (!child.said_code || child.channel < 0) continue;
      if (all || now - child.said_at >= kLinger) {
        close(child.channel);
        child.channel = -1;
        continue;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kLinger - (now - child.said_at));
      const int ms = static_cast<int>(left.count()) + 1;
      next = next ? std::min(*next, ms) : ms;
    }
    return next;
  }

  // `ahead`: forked while nothing runs, so it has time to prefault(); one
  // forked for a request that is waiting starts at once.
  void fork_standby(bool ahead) {
    // Give the children a heap whose free blocks are merged and sorted: after
    // the rules' compile glibc holds thousands of small ones (fastbins), and
    // the first larger allocation in a child merged them all, then walked them
    // into their bins, ~20% of a one-line check's time. Trimming also hands
    // free pages back, so prefault() copies less; the allocation after it does
    // the sorting here.
    if (ahead) {
      malloc_trim(0);
      std::free(std::malloc(64 * 1024));
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
      // What a freshly exec'd `hookagent run` would have: no signal blocked or ignored.
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
      close(pair[0]);
      close(listen_fd_);
      close(signal_fd_);
      close(lock_fd_);
      std::atomic<bool> stop{false};
      std::thread filler;
      if (ahead) filler = std::thread([&stop] { prefault(stop); });
      std::vector<int> fds;
      auto body = read_frame(pair[1], &fds, kRequestLimit);
      stop = true;
      if (filler.joinable()) filler.join();
      if (!body) _exit(0);  // the server stopped
      auto request = parse_run(split_nul(*body));
      if (!request || fds.size() != 4) _exit(127);
      run_child(*request, fds, pair[1], child_main_);
    }
    close(pair[1]);
    if (pid < 0) {
      close(pair[0]);
      return;
    }
    standby_ = Standby{pid, pair[0]};
  }

  enum class Asked { Run, Other, Stop };
  Asked accept_one() {
    int conn = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return Asked::Other;
    ucred peer{};
    socklen_t len = sizeof peer;
    if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0 || peer.uid != getuid()) {
      close(conn);  // another user: the directory's mode should already have kept them out
      return Asked::Other;
    }
    std::vector<int> fds;
    auto body = read_request(conn, fds);
    auto close_all = [&] {
      for (int fd : fds) close(fd);
      close(conn);
    };
    if (!body) {
      close_all();
      return Asked::Other;
    }
    auto items = split_nul(*body);
    if (!items.empty() && items[0] == "status") {
      write_line(conn, "pid " + std::to_string(getpid()) + " served " + std::to_string(served_) + " running " +
                           std::to_string(running_.size()) + " idle-exit " + std::to_string(options_.idle.count()) +
                           "s");
      close_all();
      return Asked::Other;
    }
    if (!items.empty() && items[0] == "stop") {
      write_line(conn, "stopping");
      close_all();
      return Asked::Stop;
    }
    // A hook allowed more than this server (one started under a lower
    // `ulimit`, or niced) runs in process: a child cannot raise its limits.
    const auto request = parse_run(items);
    if (!request || fds.size() != 4 || !limits_reachable(request->limits)) {
      write_line(conn, "refused");
      close_all();
      return Asked::Other;
    }
    if (!standby_) fork_standby(false);  // another request runs or lingers: no child was forked ahead
    const bool handed = standby_ && send_frame(standby_->channel, *body, fds);
    for (int fd : fds) close(fd);
    if (!handed) {
      write_line(conn, "refused");  // the client runs it in process
      close(conn);
      return Asked::Other;
    }
    ++served_;
    const pid_t pid = standby_->pid;
    running_[pid] = Running{conn, standby_->channel};
    standby_.reset();
    // A client that gave up waiting runs the hook itself: this copy must not run too.
    if (!write_line(conn, "pid " + std::to_string(pid))) kill(pid, SIGKILL);
    return Asked::Run;
  }

  // Reports each child's end to its client. False on a stop signal.
  bool reap() {
    bool keep_going = true;
    signalfd_siginfo info{};
    while (read(signal_fd_, &info, sizeof info) == sizeof info)
      if (info.ssi_signo != SIGCHLD) keep_going = false;
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      if (standby_ && standby_->pid == pid) {  // died waiting: a few times, and none is forked ahead again
        ++standby_deaths_;
        close(standby_->channel);
        standby_.reset();
        continue;
      }
      auto it = running_.find(pid);
      if (it == running_.end()) continue;
      if (it->second.conn >= 0) {  // ended without saying its code: a signal, or _exit elsewhere
        write_line(it->second.conn, "exit " + std::to_string(status));
        close(it->second.conn);
      }
      if (it->second.channel >= 0) close(it->second.channel);
      running_.erase(it);
    }
    return keep_going;
  }

  // A child said its exit code, or a client hung up (killed, or git
  // interrupted): then so is its check.
  void child_event(int fd) {
    for (auto& [pid, child] : running_) {
      if (fd == child.channel) {
        auto line = read_line(fd);
        if (line && line->starts_with("code ")) {
          const int code = std::atoi(line->c_str() + 5);
          write_line(child.conn, "exit " + std::to_string((code & 0xff) << 8));
          // The client goes on; the child exits once released (kLinger).
          close(child.conn);
          child.conn = -1;
          child.said_code = true;
          child.said_at = std::chrono::steady_clock::now();
          return;
        }
        close(child.channel);
        child.channel = -1;
        return;
      }
      if (fd == child.conn) {
        char c;
        if (recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) > 0) return;  // not a hang-up
        kill(pid, SIGTERM);
        close(child.conn);
        child.conn = -1;
        return;
      }
    }
  }

  const ServerOptions& options_;
  const ChildMain& child_main_;
  int lock_fd_, signal_fd_;
  int listen_fd_ = -1;
  ino_t socket_ino_ = 0;
  std::optional<Standby> standby_;
  std::map<pid_t, Running> running_;
  unsigned long served_ = 0;
  int standby_deaths_ = 0;
};

}  // namespace

Status serve(const ServerOptions& options, const WarmUp& warm_up, const ChildMain& child_main) {
  const fs::path lock_path = options.socket.string() + ".lock";
  int lock = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock < 0) return std::unexpected(io_error("cannot open the lock", lock_path));
  if (flock(lock, LOCK_EX | LOCK_NB) != 0) {
    close(lock);
    if (errno == EWOULDBLOCK) return ok();  // another server holds this socket
    return std::unexpected(io_error("cannot lock", lock_path));
  }
  drop_git_variables();
  if (chdir("/") != 0) {
  }
  // Blocked before any child exists, so no exit is missed; each child unblocks.
  sigset_t handled;
  sigemptyset(&handled);
  for (int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&handled, sig);
  sigprocmask(SIG_BLOCK, &handled, nullptr);
  signal(SIGPIPE, SIG_IGN);
  int signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0) {
    close(lock);
    return std::unexpected(io_error("cannot watch signals", options.socket));
  }
  warm_up();
  Status result = ok();
  {
    Server server(options, child_main, lock, signal_fd);
    result = server.listen_on();
    if (result) result = server.loop();
  }
  close(signal_fd);
  close(lock);
  return result;
}

Result<std::string> ask(const fs::path& socket, const std::string& verb) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(io_error("cannot create a socket", socket));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket.c_str(), socket.native().size() + 1);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    Error e = io_error("no warm server answers", socket);
    close(fd);
    return std::unexpected(e);
  }
  std::string body = verb;
  body += '\0';
  auto line = send_frame(fd, body) ? read_line(fd) : std::nullopt;
  close(fd);
  if (!line) return fail(ErrorKind::Io, "the warm server did not answer", socket.string());
  return *line;
}

}  // namespace hookagent::hooks::warm
