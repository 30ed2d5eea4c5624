#pragma once
// The git hooks hookagent installs, and the entry point their tiny mains call.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hookagent::hooks {

enum class Hook {
  PreCommit,
  PrepareCommitMsg,
  CommitMsg,
  PostCommit,
  PostMerge,
  PostRewrite,
  PrePush,
  PreReceive,
};

std::string_view hook_name(Hook hook);
std::optional<Hook> parse_hook_name(std::string_view name);

// The one line a hook prints for people: "hookagent <hook>: <line>" on stderr
// (git shows a hook's stderr, and for pre-receive relays it to the pusher).
void say(Hook hook, const std::string& line);
// Every hook hookagent knows, in the order `install` lists them.
std::span<const Hook> all_hooks();

// githooks(5): these hooks read ref lines or old/new pairs on stdin.
bool reads_stdin(Hook hook);
// A non-zero exit of these hooks stops git (DESIGN §4); the others are advisory.
bool is_blocking(Hook hook);

// What hooks/<hook>.cpp calls. Runs any chained foreign hook, decides from the
// config alone whether there is work, and only then hands over to the full
// `hookagent run <hook>`. Returns the process exit code git will see.
int run(Hook hook, int argc, char** argv);

// For `hookagent run <hook> [--] [args...]` (what husky, lefthook and pre-commit
// call once `hookagent install` added it to their config): the exit code when
// the hook has nothing to do, decided as lightly as the hook binaries decide it,
// or when the warm server ran it (warm_client.hpp), so that libgit2 and the
// rules are loaded only for real work done in this process. nullopt: go on
// with the full run. `argv` is the whole command line.
std::optional<int> light_run_exit_code(int argc, char** argv);

}  // namespace hookagent::hooks
