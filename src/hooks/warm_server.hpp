#pragma once
// The per-user warm server (`hookagent warm serve`): loads libgit2 and the
// bundled rules once, then forks one child per hook run that a hook binary
// hands it (warm_client.hpp). Serves only its own user, exits when idle or
// when its binary is replaced.
#include <chrono>
#include <filesystem>
#include <functional>

#include "core/result.hpp"

namespace hookagent::hooks::warm {

struct ServerOptions {
  std::filesystem::path socket;
  std::filesystem::path binary;                 // whose replacement ends the server
  std::chrono::seconds idle{900};               // HOOKAGENT_WARM_IDLE overrides (seconds)
  bool quiet = false;                           // no lines on stderr
};

// What the server does before it listens (load and compile the rules).
using WarmUp = std::function<void()>;
// What a child runs: the whole `hookagent` command line it was handed.
using ChildMain = std::function<int(int argc, char** argv)>;

// Returns when idle, stopped (`hookagent warm stop`) or replaced. Ok as well
// when another server already holds this socket.
Status serve(const ServerOptions& options, const WarmUp& warm_up, const ChildMain& child_main);

// `hookagent warm status|stop`: one request, the server's one-line answer.
Result<std::string> ask(const std::filesystem::path& socket, const std::string& verb);

}  // namespace hookagent::hooks::warm
