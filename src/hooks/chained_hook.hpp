#pragma once
// Running the foreign hook that `hookagent install` kept as <hook>.hookagent-chained.
// Light code: posix_spawn and a memfd, nothing else.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::hooks {

// The suffix a kept foreign hook gets, in the same directory as our shim.
inline constexpr std::string_view kChainedSuffix = ".hookagent-chained";

// Set in the chained hook's environment so that a hook which re-runs "$0"
// (husky v7/v8's husky.sh does `sh -e "$0"`) reaches the chained hook again
// instead of running hookagent twice.
inline constexpr const char* kInChainedEnv = "HOOKAGENT_IN_CHAINED_HOOK";

struct ChainedHook {
  std::filesystem::path hook_path;  // where git ran the hook (our shim): what "$0" must be
  std::filesystem::path file;       // <hook_path>.hookagent-chained
};

// The chained hook next to `hook_path`, if one is there and git would run it
// (executable; a dangling symlink or a non-executable file is not run, as git did not).
std::optional<ChainedHook> find_chained_hook(const std::filesystem::path& hook_path);

// A file descriptor whose contents are `data`, positioned at 0, for a child's stdin.
// Returns -1 on failure (errno set).
int stdin_fd_holding(const std::string& data);

// Runs the chained hook with `args` (git's arguments, without argv[0]) and waits.
// `stdin_data`: the bytes git gave us on stdin, re-supplied in full; nullopt =
// the child inherits our stdin. Its stdout/stderr pass through. Returns its exit
// status (128+N when killed by signal N; 126/127 when it could not be started).
int run_chained_hook(const ChainedHook& hook, const std::vector<std::string>& args,
                     const std::optional<std::string>& stdin_data);

// Replaces this process with the chained hook (used when re-entered from it).
// Returns only on failure, with the exit status to use.
int exec_chained_hook(const ChainedHook& hook, const std::vector<std::string>& args);

}  // namespace hookagent::hooks
