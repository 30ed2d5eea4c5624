#pragma once
// Where hookagent's own files live: installed under the prefix, or in the source
// tree when the binary runs from the build directory (tests, benches).
#include <filesystem>

namespace hookagent {

// The directory holding rules/, skills/ and templates/. HOOKAGENT_DATA_DIR overrides.
std::filesystem::path data_dir();
// The directory holding the per-hook binaries (pre-commit, post-commit, ...).
// HOOKAGENT_HOOK_BINARY_DIR overrides (tests, relocated installs).
std::filesystem::path hook_binary_dir();
// The full `hookagent` binary that hooks hand heavy work to. HOOKAGENT_BIN overrides.
std::filesystem::path hookagent_binary();
// True when this process runs from the build tree rather than an installed prefix.
bool running_from_build_tree();
// A hook binary copied into a hooks dir (hooks/native_hook.hpp) resolves every
// path above from the binary it was copied from. Call before any of them.
void resolve_paths_as(const std::filesystem::path& executable);

}  // namespace hookagent
