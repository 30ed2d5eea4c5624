#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hookagent::test {

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::filesystem::path cwd;
  std::string stdin_data;
  std::map<std::string, std::string> env_set;  // added to (or replacing) the inherited environment
  std::vector<std::string> env_unset;
  bool clear_env = false;                      // start from an empty environment (env -i)
};

// Runs argv[0] (looked up in PATH) without a shell and captures both streams.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& opts = {});

// sh -c `script` in `cwd`, for tests that read best as a shell line.
ProcessResult sh(const std::string& script, const std::filesystem::path& cwd,
                 const std::map<std::string, std::string>& env = {});

}  // namespace hookagent::test
