#include "hooks/moved_shims.hpp"

#include "hooks/chained_hook.hpp"
#include "hooks/shim.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

std::vector<MovedShim> find_moved_shims(const fs::path& hooks_dir) {
  std::vector<MovedShim> found;
  std::error_code ec;
  for (Hook hook : all_hooks()) {
    for (HookTool tool : {HookTool::PreCommit, HookTool::Lefthook}) {
      fs::path file = hooks_dir / (std::string(hook_name(hook)) + std::string(tool_rename_suffix(tool)));
      if (!is_our_shim(file)) continue;
      fs::path chained = hooks_dir / (std::string(hook_name(hook)) + std::string(kChainedSuffix));
      found.push_back({hook, tool, file, fs::exists(fs::symlink_status(chained, ec)) ? chained : fs::path()});
    }
  }
  return found;
}

Result<std::string> put_back_moved_shim(const MovedShim& moved) {
  std::error_code ec;
  fs::remove(moved.file, ec);
  if (ec)
    return fail(ErrorKind::Io, "cannot remove hookagent's moved hook: " + ec.message(), moved.file.string(),
                "check the hooks directory's permissions");
  std::string line = std::string(hook_name(moved.hook)) + ": removed hookagent's old hook " +
                     moved.file.filename().string() + " (" + std::string(tool_name(moved.tool)) + " had moved it there)";
  if (moved.chained.empty()) return line;
  if (tool_that_wrote(moved.chained) == moved.tool) {
    // Our shim had chained the tool's own script (installed before us); the tool
    // has written a fresh one since, so this copy would only run it twice.
    fs::remove(moved.chained, ec);
    if (ec) return fail(ErrorKind::Io, "cannot remove: " + ec.message(), moved.chained.string());
    return line + "; removed the copy of " + std::string(tool_name(moved.tool)) + "'s own hook it had kept";
  }
  fs::rename(moved.chained, moved.file, ec);
  if (ec) return fail(ErrorKind::Io, "cannot restore the hook it kept: " + ec.message(), moved.chained.string());
  return line + "; your earlier hook is " + moved.file.filename().string() + " again";
}

}  // namespace hookagent::hooks
