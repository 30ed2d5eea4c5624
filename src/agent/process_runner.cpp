#include "agent/process_runner.hpp"

#include "agent/sandbox/sandbox.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

extern char** environ;

namespace hookagent::agent {

namespace {

using std::chrono::milliseconds;

constexpr int kSandboxFailed = 1 << 20;
constexpr unsigned kCloseRangeCloexec = 1u << 2;  // linux/close_range.h, Linux 5.11

void append_capped(std::string& dst, const char* data, size_t n, size_t cap, bool& truncated) {
  size_t room = dst.size() < cap ? cap - dst.size() : 0;
  if (n > room) truncated = true;
  dst.append(data, std::min(n, room));
}

// Reaps the child; returns the shell-style exit code.
int wait_exit_code(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ProcessOutcome run_process(const ProcessSpec& spec) {
  ProcessOutcome result;
  if (spec.argv.empty()) {
    result.spawn_failed = true;
    result.err = "empty command";
    return result;
  }
  int in[2], out[2], err[2], exec_err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(exec_err, O_CLOEXEC)) {
    result.spawn_failed = true;
    result.err = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  std::vector<std::string> argv_copy = spec.confinement ? spec.confinement->wrap_argv(spec.argv) : spec.argv;
  std::vector<std::string> env_copy = spec.env;
  std::vector<char*> args, envp;
  for (auto& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);
  for (auto& e : env_copy) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) {
    result.spawn_failed = true;
    result.err = std::string("fork: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    // Own process group: a timeout kills the whole tree the tool started.
    setpgid(0, 0);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    // Nothing else crosses exec: an fd inherited from whoever started us would
    // pass any sandbox (Landlock checks at open). Only bwrap's filter stays.
    const int keep = spec.confinement ? spec.confinement->inherited_fd() : -1;
    if (keep > 3) syscall(SYS_close_range, 3u, static_cast<unsigned>(keep - 1), kCloseRangeCloexec);
    syscall(SYS_close_range, static_cast<unsigned>(keep >= 3 ? keep + 1 : 3), ~0u, kCloseRangeCloexec);
    if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) {
      int e = errno;
      (void)!write(exec_err[1], &e, sizeof e);
      _exit(126);
    }
    // Last, so that nothing above runs confined; the errno is marked so the
    // parent can tell a sandbox failure from a missing program.
    if (spec.confinement) {
      if (int e = spec.confinement->apply_in_child()) {
        e |= kSandboxFailed;
        (void)!write(exec_err[1], &e, sizeof e);
        _exit(126);
      }
    }
    execvpe(args[0], args.data(), envp.data());
    int e = errno;
    (void)!write(exec_err[1], &e, sizeof e);
    _exit(127);
  }
  setpgid(pid, pid);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  close(exec_err[1]);
  int child_errno = 0;
  if (read(exec_err[0], &child_errno, sizeof child_errno) == sizeof child_errno) {
    close(exec_err[0]);
    close(in[1]);
    close(out[0]);
    close(err[0]);
    wait_exit_code(pid);
    result.spawn_failed = true;
    result.err = (child_errno & kSandboxFailed)
                     ? "the sandbox could not be set up: " + std::string(std::strerror(child_errno & ~kSandboxFailed))
                     : spec.argv[0] + ": " + std::strerror(child_errno);
    return result;
  }
  close(exec_err[0]);

  size_t written = 0;
  int stdin_fd = in[1];
  if (spec.stdin_data.empty()) {
    close(stdin_fd);
    stdin_fd = -1;
  } else {
    fcntl(stdin_fd, F_SETFL, O_NONBLOCK);
  }
  auto end = std::chrono::steady_clock::now() + spec.timeout;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<milliseconds>(end - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    pollfd fds[3];
    int n = 0, oi = -1, ei = -1, ii = -1;
    if (out_open) { oi = n; fds[n++] = {out[0], POLLIN, 0}; }
    if (err_open) { ei = n; fds[n++] = {err[0], POLLIN, 0}; }
    if (stdin_fd >= 0) { ii = n; fds[n++] = {stdin_fd, POLLOUT, 0}; }
    int ready = poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready <= 0) continue;
    if (oi >= 0 && fds[oi].revents) {
      ssize_t k = read(out[0], buf, sizeof buf);
      if (k <= 0) out_open = false; else append_capped(result.out, buf, k, spec.output_cap, result.truncated);
    }
    if (ei >= 0 && fds[ei].revents) {
      ssize_t k = read(err[0], buf, sizeof buf);
      if (k <= 0) err_open = false; else append_capped(result.err, buf, k, spec.output_cap, result.truncated);
    }
    if (ii >= 0 && fds[ii].revents) {
      ssize_t k = write(stdin_fd, spec.stdin_data.data() + written, spec.stdin_data.size() - written);
      if (k > 0) written += k;
      if (k < 0 || written == spec.stdin_data.size()) {
        close(stdin_fd);
        stdin_fd = -1;
      }
    }
  }
  if (stdin_fd >= 0) close(stdin_fd);
  close(out[0]);
  close(err[0]);
  if (!result.timed_out) {
    // Pipes closed but the child may linger (it closed its streams): bound the
    // wait too. A pidfd wakes us the moment it exits (a 2 ms poll cost every
    // Bash call about that much); without one (Linux < 5.3), poll by sleeping.
    int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
      auto left = std::chrono::duration_cast<milliseconds>(end - std::chrono::steady_clock::now()).count();
      pollfd pfd{pidfd, POLLIN, 0};
      while (left > 0 && poll(&pfd, 1, static_cast<int>(left)) < 0 && errno == EINTR)
        left = std::chrono::duration_cast<milliseconds>(end - std::chrono::steady_clock::now()).count();
      close(pidfd);
    }
    while (std::chrono::steady_clock::now() < end) {
      int status = 0;
      pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        kill(-pid, SIGKILL);  // anything it left running in its group
        return result;
      }
      usleep(2000);
    }
    result.timed_out = true;
  }
  kill(-pid, SIGKILL);
  result.exit_code = wait_exit_code(pid);
  return result;
}

std::vector<std::string> scrubbed_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    std::string name = kv.substr(0, kv.find('='));
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    bool secret = upper.ends_with("_KEY") || upper.find("API_KEY") != std::string::npos ||
                  upper.find("TOKEN") != std::string::npos || upper.find("SECRET") != std::string::npos ||
                  upper.find("PASSWORD") != std::string::npos || upper.find("CREDENTIAL") != std::string::npos;
    if (!secret) env.push_back(std::move(kv));
  }
  return env;
}

}  // namespace hookagent::agent
