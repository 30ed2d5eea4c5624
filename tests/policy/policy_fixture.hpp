#pragma once
// A real git repository with a few files and a symlink that points outside
// it, and a shorthand for asking the gate about one call.
#include <filesystem>
#include <string>
#include <vector>

#include "policy/policy.hpp"
#include "support/git_fixture.hpp"

namespace hookagent::test {

struct PolicyRepo {
  GitRepo repo;
  std::filesystem::path outside;  // a directory outside the repo

  PolicyRepo() {
    repo.write("src/main.cpp", "int main() {}\n");
    repo.write("src/util/strings.cpp", "// strings\n");
    repo.write("docs/guide.md", "# guide\n");
    repo.write(".env", "TOKEN=not-a-real-token\n");
    repo.write("config/.env", "TOKEN=not-a-real-token\n");
    std::filesystem::create_directories(repo.root() / "out");
    outside = repo.root().parent_path() / "outside";
    std::filesystem::create_directories(outside);
    write_file(outside / "secret.txt", "outside\n");
    std::filesystem::create_directory_symlink(outside, repo.root() / "escape");
    std::filesystem::create_symlink(outside / "not-yet-there.txt", repo.root() / "dangling");
    std::filesystem::create_symlink("src/main.cpp", repo.root() / "inner-link");
  }

  EffectivePolicy policy(std::vector<std::string> skill, std::vector<std::string> hook,
                         std::vector<std::string> deny = {}) const {
    PolicyInputs in;
    in.skill_allowed = std::move(skill);
    in.hook_allowed = std::move(hook);
    in.skill_denied = std::move(deny);
    in.repo_root = repo.root();
    in.git_dir = repo.root() / ".git";
    in.home = repo.home();
    return EffectivePolicy::build(in);
  }
  // The same rules on both sides: the common case of a skill within its hook.
  EffectivePolicy both(std::vector<std::string> rules, std::vector<std::string> deny = {}) const {
    return policy(rules, rules, std::move(deny));
  }
};

inline Decision bash(const EffectivePolicy& p, const std::string& command) { return p.decide({"Bash", command}); }

// A Bash command line the policy must allow; the reason is shown when it does not.
#define ALLOWED(p, cmd)               \
  do {                                \
    auto d_ = bash(p, cmd);           \
    INFO(cmd << " -> " << d_.reason); \
    CHECK(d_.allowed);                \
  } while (0)

}  // namespace hookagent::test
