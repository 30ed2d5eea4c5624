#pragma once
// Real git repositories in temporary directories, driven by the real git binary.
#include <filesystem>
#include <map>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace hookagent::test {

class GitRepo {
 public:
  // `git init` (optionally --bare) in a new temp dir, with a test identity and
  // no global/system config leaking in (HOME points into the temp dir).
  explicit GitRepo(bool bare = false);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path operator/(const std::string& rel) const { return root_ / rel; }
  const std::filesystem::path& home() const { return home_; }

  // Runs git with the fixture environment; REQUIREs success unless `allow_fail`.
  ProcessResult git(const std::string& args_shell, bool allow_fail = false) const;
  ProcessResult git_in(const std::filesystem::path& dir, const std::string& args_shell,
                       bool allow_fail = false) const;
  // Runs the hookagent binary (HOOKAGENT_BIN) with the fixture environment.
  ProcessResult hookagent(const std::string& args_shell, const std::filesystem::path& dir = {}) const;

  void write(const std::string& rel, const std::string& content) const;
  std::string read(const std::string& rel) const;
  // write + git add + git commit -q -m msg; returns the new commit id.
  std::string commit_file(const std::string& rel, const std::string& content,
                          const std::string& msg = "commit");
  std::string head() const;

  // The environment every process of this fixture runs with.
  std::map<std::string, std::string> env() const;

 private:
  TempDir dir_;
  std::filesystem::path root_;
  std::filesystem::path home_;
};

// Path of the hookagent binary under test (env HOOKAGENT_BIN).
std::string hookagent_bin();
// HOOKAGENT_PREFILTER=off, which the sanitizer suite sets (tests/meson.build):
// installs there do not compile the scan's prefilter.
bool prefilter_off_in_env();
// Source root of the project (env HOOKAGENT_TEST_SOURCE_ROOT).
std::filesystem::path source_root();

}  // namespace hookagent::test
