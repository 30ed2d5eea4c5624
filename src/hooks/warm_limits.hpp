#pragma once
// What a hook's process is held to beyond its environment: resource limits
// (`ulimit`) and its nice value. A warm server's child is forked from the
// server, so without these it would run under whatever the hook that started
// the server had: a check run under `ulimit -v` must stay under it.
#include <string>

namespace hookagent::hooks::warm {

// This process's nice value and resource limits, as one request item.
std::string describe_limits();

// Whether a child of this process can take `limits` exactly: no limit above
// this process's hard limit (only root may raise one), a nice value no lower.
// False for text that does not parse.
bool limits_reachable(const std::string& limits);

// Sets this process's limits and nice value to `limits` (checked with
// limits_reachable() first). False when the kernel refused one.
bool apply_limits(const std::string& limits);

}  // namespace hookagent::hooks::warm
