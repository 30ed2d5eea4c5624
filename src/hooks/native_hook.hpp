#pragma once
// The hook `hookagent install` writes by default: a copy of our hook binary
// with a trailer naming the binary it was copied from (its "origin"). git then
// execs our code directly, one exec instead of the sh shim's two (issue 13: a
// hook with nothing to do costs about what a raw sh hook costs).
//
// A copy goes stale when hookagent is upgraded or moved; it never runs stale
// code: it compares the origin's size and mtime with those recorded in the
// trailer, and execs the origin when they differ (or says the origin is missing,
// as the sh shim does). The kernel ignores bytes past an ELF's segments, so the
// trailer costs nothing at exec.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

// Set by the sh shim (templates/hook-shim.sh) and by a native copy for the rest
// of the hook: the path git ran, i.e. "$0".
inline constexpr const char* kHookPathEnv = "HOOKAGENT_HOOK_PATH";

struct NativeTrailer {
  std::string hook;                   // the hook it was written for
  std::filesystem::path origin;       // the hook binary it is a copy of
  std::uintmax_t origin_size = 0;     // the origin's size and mtime when copied
  std::int64_t origin_mtime_ns = 0;
};

// The trailer of `file`, when it is a copy `hookagent install` wrote.
std::optional<NativeTrailer> read_native_trailer(const std::filesystem::path& file);

// True when `origin` still has the size and mtime the trailer recorded.
bool origin_matches(const NativeTrailer& trailer);

// The bytes of the hook file: `<hook_binary_dir>/<hook>` followed by its trailer.
Result<std::string> render_native_hook(Hook hook, const std::filesystem::path& hook_binary_dir);

// Called first by every hook binary. When this process is a copy git ran
// directly (no sh shim set HOOKAGENT_HOOK_PATH), it makes the process behave as
// its origin: a missing origin ends the hook here (returned: the exit code), a
// changed one is exec'ed in its place, a current one becomes the path the rest
// of hookagent resolves its files from. nullopt: go on with the hook.
std::optional<int> run_as_native_copy(Hook hook, int argc, char** argv);

}  // namespace hookagent::hooks
