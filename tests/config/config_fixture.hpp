#pragma once
// A user home, a repo work tree and git dir in a temp dir, with every config
// source pointed inside it and an empty environment, so no real config leaks in.
#include <string>

#include "config/config.hpp"
#include "support/temp_dir.hpp"

namespace hookagent::test {

struct ConfigFixture {
  TempDir dir;
  ConfigSources sources;

  ConfigFixture() {
    std::filesystem::create_directories(dir / "repo/.git");
    sources.repo.work_tree = dir / "repo";
    sources.repo.git_dir = dir / "repo/.git";
    sources.repo.common_dir = dir / "repo/.git";
    sources.user_config = dir / "home/.config/hookagent/config.toml";
    sources.trust_store = dir / "home/.local/state/hookagent/trusted.toml";
    sources.env = std::map<std::string, std::string>{};
  }
  std::filesystem::path user_file() const { return sources.user_config; }
  std::filesystem::path repo_file() const { return dir / "repo/.hookagent.toml"; }
  std::filesystem::path local_file() const { return dir / "repo/.git/hookagent.toml"; }

  void user(const std::string& toml) const { write_file(user_file(), toml); }
  void repo(const std::string& toml) const { write_file(repo_file(), toml); }
  void local(const std::string& toml) const { write_file(local_file(), toml); }
};

}  // namespace hookagent::test
