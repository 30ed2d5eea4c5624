#pragma once
// The hook's side of the warm server (warm_socket.hpp): hand one `hookagent
// run <hook>` to the server, or start one for next time. Light: libc only.
#include <optional>
#include <string>
#include <vector>

#include "hooks/hook.hpp"

namespace hookagent::hooks::warm {

// Runs `argv` (a whole `hookagent run <hook> -- ...` command line) in a child
// of the warm server, with this process's stdin (or `stdin_fd`), stdout,
// stderr, directory, umask and environment, and returns its exit code.
// nullopt when no server could take it (none running, another version, a
// socket that is not ours): the caller runs it in process. When no server
// answers, one is started in the background for the next hook.
std::optional<int> run_on_warm_server(Hook hook, const std::vector<std::string>& argv, int stdin_fd = 0);

// Starts `hookagent warm serve` detached from this process (its own session,
// stdio on /dev/null, no inherited descriptors). Returns at once.
void start_warm_server_in_background();

}  // namespace hookagent::hooks::warm
