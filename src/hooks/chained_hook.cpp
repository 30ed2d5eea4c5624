// Why the chained hook is not always simply exec'd: a kept hook is renamed to
// <hook>.hookagent-chained, but shell hooks written by husky (every version)
// find their own files from "$0": `basename "$0"` is the hook name and
// `dirname "$0"` holds husky.sh / h. So a shell-script hook is run by its own
// interpreter as `<shell> -c '. "$file"' <original hook path> <args>`, which
// makes "$0" the path git ran. Binaries get argv[0] = the original path too.
// Any other interpreter (python, node) is exec'd directly.
#include "hooks/chained_hook.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

constexpr const char* kChainedFileEnv = "HOOKAGENT_CHAINED_FILE";
constexpr const char* kSourceCommand = ". \"$HOOKAGENT_CHAINED_FILE\"";

bool is_posix_shell(std::string_view name) {
  constexpr std::array<std::string_view, 7> kShells{"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"};
  for (auto s : kShells)
    if (name == s) return true;
  return false;
}

// The `#!` line split the way Linux does: interpreter, then one optional argument.
struct Shebang {
  std::string interpreter;
  std::string argument;
};

std::optional<Shebang> read_shebang(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || line.rfind("#!", 0) != 0) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  auto rest = line.substr(2);
  auto start = rest.find_first_not_of(" \t");
  if (start == std::string::npos) return std::nullopt;
  auto end = rest.find_first_of(" \t", start);
  Shebang s{rest.substr(start, end == std::string::npos ? std::string::npos : end - start), {}};
  if (end != std::string::npos) {
    auto a = rest.find_first_not_of(" \t", end);
    if (a != std::string::npos) {
      s.argument = rest.substr(a);
      while (!s.argument.empty() && (s.argument.back() == ' ' || s.argument.back() == '\t'))
        s.argument.pop_back();
    }
  }
  return s;
}

// What to exec for the chained hook, with "$0" (or argv[0]) equal to the path git ran.
struct Command {
  std::string program;
  std::vector<std::string> argv;
};

Command chained_command(const ChainedHook& hook, const std::vector<std::string>& args) {
  Command cmd{hook.file.string(), {hook.hook_path.string()}};
  if (auto shebang = read_shebang(hook.file)) {
    auto interp_name = fs::path(shebang->interpreter).filename().string();
    bool env_shell = interp_name == "env" && is_posix_shell(shebang->argument);
    if (is_posix_shell(interp_name) || env_shell) {
      cmd.program = shebang->interpreter;
      cmd.argv = {shebang->interpreter};
      if (!shebang->argument.empty()) cmd.argv.push_back(shebang->argument);
      cmd.argv.insert(cmd.argv.end(), {"-c", kSourceCommand, hook.hook_path.string()});
    } else {
      // The kernel hands the interpreter the file's own path; argv[0] cannot help.
      cmd.argv = {hook.file.string()};
    }
  }
  cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
  return cmd;
}

std::vector<char*> c_argv(std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (auto& a : argv) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

void set_chained_env(const ChainedHook& hook) {
  setenv(kChainedFileEnv, hook.file.c_str(), 1);
  setenv(kInChainedEnv, "1", 1);
}

void clear_chained_env() {
  unsetenv(kChainedFileEnv);
  unsetenv(kInChainedEnv);
}

}  // namespace

std::optional<ChainedHook> find_chained_hook(const fs::path& hook_path) {
  if (hook_path.empty()) return std::nullopt;
  std::error_code ec;
  auto absolute = fs::absolute(hook_path, ec);
  if (ec) return std::nullopt;
  ChainedHook hook{absolute, absolute};
  hook.file += std::string(kChainedSuffix);
  // access(X_OK) follows symlinks: a dangling link or a non-executable file fails,
  // exactly the hooks git itself would have skipped.
  if (access(hook.file.c_str(), X_OK) != 0) return std::nullopt;  // hookagent:allow (the same test git makes)
  struct stat st{};
  if (stat(hook.file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return hook;
}

int stdin_fd_holding(const std::string& data) {
  int fd = memfd_create("hookagent-stdin", MFD_CLOEXEC);
  if (fd < 0) return -1;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  if (lseek(fd, 0, SEEK_SET) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int run_chained_hook(const ChainedHook& hook, const std::vector<std::string>& args,
                     const std::optional<std::string>& stdin_data) {
  auto cmd = chained_command(hook, args);
  auto cargv = c_argv(cmd.argv);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int in_fd = -1;
  if (stdin_data) {
    in_fd = stdin_fd_holding(*stdin_data);
    if (in_fd >= 0) posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  }
  set_chained_env(hook);
  pid_t pid = 0;
  int err = posix_spawn(&pid, cmd.program.c_str(), &actions, nullptr, cargv.data(), environ);
  clear_chained_env();
  posix_spawn_file_actions_destroy(&actions);
  if (in_fd >= 0) close(in_fd);
  if (err != 0) return err == ENOENT ? 127 : 126;

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 126;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int exec_chained_hook(const ChainedHook& hook, const std::vector<std::string>& args) {
  auto cmd = chained_command(hook, args);
  auto cargv = c_argv(cmd.argv);
  set_chained_env(hook);
  execv(cmd.program.c_str(), cargv.data());
  return errno == ENOENT ? 127 : 126;
}

}  // namespace hookagent::hooks
