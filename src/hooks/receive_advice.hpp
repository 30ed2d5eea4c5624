#pragma once
// What a refused pusher reads (git relays pre-receive's stderr as `remote:`
// lines): which commit, file and line, and the two legitimate ways through:
// rewrite the commits and push again, or an allow entry the server's admin
// adds. Nothing the pusher commits can allow it (server_side.hpp).
#include <ostream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "git/repo_paths.hpp"
#include "report/finding.hpp"

namespace hookagent::hooks {

// The "suppress:" line of each finding: the server's list, with {fingerprint}
// left for the sink to fill in.
std::string receive_suppress_text(const RepoPaths& repo, const HookConfig& hook);

// After the verdict of a refused push: the commits that carry blocking
// findings (oldest last, as `git log` lists them), and what to do.
void print_receive_advice(std::ostream& out, const std::vector<Finding>& blocking, const RepoPaths& repo,
                          const HookConfig& hook);

}  // namespace hookagent::hooks
