#pragma once
// The tiny POSIX sh file `hookagent install` writes as each git hook. It is
// rendered from templates/hook-shim.sh (data, read at run time) and carries a
// marker line so that install and uninstall recognise their own file.
#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

// The line every shim carries; a file without it is never ours.
inline constexpr std::string_view kShimMarker = "# hookagent-shim ";

// The shim for `hook`, execing `<hook_binary_dir>/<hook>` (an absolute path).
Result<std::string> render_shim(Hook hook, const std::filesystem::path& hook_binary_dir);

// True when `file` is a regular file (not a symlink) carrying kShimMarker: an
// sh shim, or a native hook copy (native_hook.hpp), whose trailer carries it.
bool is_our_shim(const std::filesystem::path& file);

}  // namespace hookagent::hooks
