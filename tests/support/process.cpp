#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

extern char** environ;

namespace hookagent::test {

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& opts) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  std::vector<std::string> env_strings;
  if (!opts.clear_env) {
    for (char** e = environ; *e; ++e) {
      std::string kv = *e;
      std::string key = kv.substr(0, kv.find('='));
      bool drop = opts.env_set.count(key) > 0;
      for (auto& u : opts.env_unset) drop = drop || u == key;
      if (!drop) env_strings.push_back(kv);
    }
  }
  for (auto& [k, v] : opts.env_set) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (!opts.cwd.empty() && chdir(opts.cwd.c_str()) != 0) _exit(126);
    // execvpe searches PATH of the *child* environment only with glibc's semantics
    // when PATH is set there; fall back to the parent's otherwise.
    execvpe(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  ProcessResult r;
  size_t written = 0;
  const std::string& input = opts.stdin_data;
  if (input.empty()) {
    close(in[1]);
    in[1] = -1;
  } else {
    fcntl(in[1], F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open || in[1] >= 0) {
    pollfd fds[3];
    int n = 0;
    int oi = -1, ei = -1, ii = -1;
    if (out_open) { oi = n; fds[n++] = {out[0], POLLIN, 0}; }
    if (err_open) { ei = n; fds[n++] = {err[0], POLLIN, 0}; }
    if (in[1] >= 0) { ii = n; fds[n++] = {in[1], POLLOUT, 0}; }
    if (poll(fds, n, -1) < 0) continue;
    if (oi >= 0 && fds[oi].revents) {
      ssize_t k = read(out[0], buf, sizeof buf);
      if (k <= 0) out_open = false; else r.out.append(buf, k);
    }
    if (ei >= 0 && fds[ei].revents) {
      ssize_t k = read(err[0], buf, sizeof buf);
      if (k <= 0) err_open = false; else r.err.append(buf, k);
    }
    if (ii >= 0 && fds[ii].revents) {
      ssize_t k = write(in[1], input.data() + written, input.size() - written);
      if (k > 0) written += k;
      if (k < 0 || written == input.size()) { close(in[1]); in[1] = -1; }
    }
  }
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

ProcessResult sh(const std::string& script, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env) {
  ProcessOptions o;
  o.cwd = cwd;
  o.env_set = env;
  return run_process({"sh", "-c", script}, o);
}

}  // namespace hookagent::test
