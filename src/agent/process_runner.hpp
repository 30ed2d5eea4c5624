#pragma once
// fork/exec without a shell, with a timeout, a chosen environment and an
// output cap. Used by the Bash tool and the `command` provider. The child runs
// in its own process group so a timeout kills everything it started.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace hookagent::agent {

class Confinement;

struct ProcessSpec {
  std::vector<std::string> argv;           // argv[0] is looked up in PATH of `env`
  std::filesystem::path cwd;               // empty = inherit
  std::vector<std::string> env;            // "KEY=value"; the whole environment
  std::string stdin_data;
  std::chrono::milliseconds timeout{30000};
  size_t output_cap = 30 * 1024;           // bytes kept of stdout and of stderr, each
  const Confinement* confinement = nullptr;  // set: the child runs inside this sandbox
};

struct ProcessOutcome {
  int exit_code = -1;        // 128+N when killed by signal N
  bool timed_out = false;
  bool spawn_failed = false; // argv[0] not found or not executable, or the sandbox refused to start
  bool truncated = false;    // some output was dropped beyond the cap
  std::string out;
  std::string err;
};

ProcessOutcome run_process(const ProcessSpec& spec);

// The current environment minus anything that looks like a credential:
// names ending in _API_KEY or _KEY, or containing TOKEN, SECRET, PASSWORD or
// CREDENTIAL (case-insensitive). Tools the model runs never see API keys.
std::vector<std::string> scrubbed_environment();

}  // namespace hookagent::agent
