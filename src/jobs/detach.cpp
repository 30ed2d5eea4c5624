#include "jobs/detach.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hookagent::jobs {

namespace {

void close_inherited_fds() {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0) return;
#endif
  long max_fd = sysconf(_SC_OPEN_MAX);
  for (long fd = 3; fd < max_fd; ++fd) close(static_cast<int>(fd));
}

}  // namespace

Status spawn_detached(const std::vector<std::string>& argv, const std::filesystem::path& log_path) {
  if (argv.empty()) return fail(ErrorKind::Internal, "spawn_detached: empty argv");
  std::vector<char*> args;
  std::vector<std::string> copy = argv;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  std::string log = log_path.string();

  pid_t child = fork();
  if (child < 0) return fail(ErrorKind::Io, std::string("cannot fork: ") + std::strerror(errno));
  if (child == 0) {
    setsid();
    pid_t grandchild = fork();
    if (grandchild != 0) _exit(grandchild < 0 ? 1 : 0);
    // Its own process group, so that `jobs cancel` (kill(-pid)) also stops the
    // tools it runs; the session's group died with the intermediate child.
    setpgid(0, 0);
    int null_fd = open("/dev/null", O_RDONLY);
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd < 0) log_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    close_inherited_fds();
    execv(args[0], args.data());
    dprintf(2, "hookagent: cannot start %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(ErrorKind::Io, "cannot detach the background job (fork failed)", "",
                "check the process limit (ulimit -u)");
  return ok();
}

}  // namespace hookagent::jobs
