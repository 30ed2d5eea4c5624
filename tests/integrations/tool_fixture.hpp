#pragma once
// Real repositories driven through the hook managers teams use: npm's husky
// and lefthook (installed by .ci/run into build/hook-tools), Debian's
// pre-commit. A test binary whose tool is missing exits 77 (skipped) and says why.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "support/git_fixture.hpp"
#include "support/process.hpp"

namespace hookagent::test {

// build/hook-tools/node_modules/.bin/<name>, else <name> on PATH.
std::optional<std::filesystem::path> find_tool(const std::string& name);

// Prints why on stderr and exits 77 (meson: skipped) when `tool` is missing.
void require_tool_or_skip(const std::string& tool);

// A GitRepo whose processes see hookagent (the build under test) and the
// tools on PATH, as a developer's shell would.
class ToolRepo : public GitRepo {
 public:
  ToolRepo();
  std::map<std::string, std::string> env() const;
  // sh -c `script` in the repo with that environment.
  ProcessResult run(const std::string& script) const;
  // git commit of `rel` holding `content` (staged first); the result of the commit.
  ProcessResult try_commit(const std::string& rel, const std::string& content, const std::string& msg = "change") const;
  // hookagent with the tools on PATH.
  ProcessResult ha(const std::string& args) const;
  // What the team's own hook command (`team-check`) logged: proof it still runs.
  std::string team_log() const;
};

// REQUIREs exit 0, showing the output otherwise.
void require_ok(const ProcessResult& r);

// A commit adding a fake key is blocked by hookagent; a clean one passes and
// the team's own hook command still ran.
void check_key_blocked_and_clean_passes(const ToolRepo& repo, uint64_t seed);

// One line assigning an AWS access key id that is obviously fake and is built
// at test time from a placeholder (rules/README.md): nothing real-looking is
// stored in this repository.
std::string fake_key_line(uint64_t seed);
// The random part of that key, which hookagent must never print.
std::string fake_key_secret(uint64_t seed);

// True when the commit was stopped by hookagent's finding on `file` (the
// secret masked), not by something else.
bool blocked_by_hookagent(const ProcessResult& commit, const std::string& file, uint64_t seed);

}  // namespace hookagent::test
