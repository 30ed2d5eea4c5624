#pragma once
// The hook's side of the warm server (warm_socket.hpp): hand one `hookagent
// run <hook>` to the server, or start one for next time. Light: libc only.
#include <optional>
#include <string>
#include <vector>

#include "hooks/hook.hpp"

namespace hookagent::hooks::warm {

// Runs `argv` (a whole `hookagent run <hook> -- ...` command line) in a child
// of the warm server, with this process's stdout, stderr, directory, umask and
// environment, and `input` as stdin (else this process's stdin, which a hook
// that reads it must not pass: a run in process after a failed hand-over
// would find it consumed). Returns the child's exit code, or nullopt when
// the caller must run it in process: no server could take it (none running,
// another version, a socket that is not ours), or the server died mid-run
// (its child is killed first). When no server answers, one is started in the
// background for the next hook.
std::optional<int> run_on_warm_server(Hook hook, const std::vector<std::string>& argv,
                                      const std::optional<std::string>& input);

// Starts `hookagent warm serve` detached from this process (its own session,
// stdio on /dev/null, no inherited descriptors). Returns at once.
void start_warm_server_in_background();

}  // namespace hookagent::hooks::warm
