#pragma once
// Where the per-user warm server listens, and the frames both ends exchange.
// Light: libc only, the hook binaries link it (warm_client.cpp). The server
// side is warm_server.cpp.
//
// Why a server: a scanning `hookagent run` pays ~9 ms before it reads one
// staged byte (14 shared libraries, libgit2's set-up, parsing and compiling
// the rule packs). The server pays that once, then forks one child per hook
// run; the child runs the very same code as an in-process run, so it cannot
// answer differently.
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks::warm {

// HOOKAGENT_WARM: "0"/"off" never, "1"/"on" always; unset or "auto": on
// unless CI is set (a CI job runs each hook once: a server would only cost).
bool warm_enabled();

// The hooks a warm server runs: pre-commit, commit-msg and pre-push when
// every skill they would run is the offline engine (no agent, no provider
// conversation, nothing that reads the terminal).
bool warm_serves(Hook hook, const Config& config);

// <dir>/warm-<key>.sock, where dir is $XDG_RUNTIME_DIR/hookagent, else
// /tmp/hookagent-<uid>, a directory that must be ours and closed to others
// (checked with lstat: no symlink, owner, mode 0700); `create` makes it.
// The key names this build of `binary` (its inode, size and mtime) and the
// variables that decide what a server loads before any request (HOME, XDG_*,
// HOOKAGENT_DATA_DIR...), so a rebuilt binary or another test HOME gets a
// server of its own and never an older one.
Result<std::filesystem::path> socket_path(const std::filesystem::path& binary, bool create);

// Set in the server's child before it runs the hook, so that the run does not
// ask a server again.
void mark_served_by_warm_server();
bool served_by_warm_server();

// Frames: a 4-byte length, then the body; `fds` ride on the first byte
// (SCM_RIGHTS). Bodies are NUL-separated strings.
bool send_frame(int sock, const std::string& body, std::span<const int> fds = {});
// nullopt on EOF, error, a body over `limit`, or a timeout (SO_RCVTIMEO) after
// which `more` (when given) says to stop waiting.
std::optional<std::string> read_frame(int sock, std::vector<int>* fds, std::size_t limit,
                                      const std::function<bool()>& more = {});
std::vector<std::string> split_nul(const std::string& body);
// A line ("pid 123", "exit 256") from the server; nullopt on EOF or error.
std::optional<std::string> read_line(int sock);

}  // namespace hookagent::hooks::warm
