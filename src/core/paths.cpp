#include "core/paths.hpp"

#include <cstdlib>
#include <string>
#include <algorithm>
#include <system_error>

#include "hookagent_build_config.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

fs::path& exe_override() {
  static fs::path path;
  return path;
}

fs::path self_exe() {
  if (!exe_override().empty()) return exe_override();
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path{} : p;
}

bool starts_with(const fs::path& p, const fs::path& prefix) {
  auto [pi, qi] = std::mismatch(p.begin(), p.end(), prefix.begin(), prefix.end());
  return qi == prefix.end();
}

}  // namespace

bool running_from_build_tree() {
  static const bool from_build = starts_with(self_exe(), fs::path(HOOKAGENT_BUILD_ROOT));
  return from_build;
}

void resolve_paths_as(const fs::path& executable) { exe_override() = executable; }

fs::path data_dir() {
  if (const char* env = std::getenv("HOOKAGENT_DATA_DIR"); env && *env) return env;
  if (running_from_build_tree()) return HOOKAGENT_SOURCE_ROOT;
  return HOOKAGENT_DATA_DIR;
}

fs::path hook_binary_dir() {
  if (const char* env = std::getenv("HOOKAGENT_HOOK_BINARY_DIR"); env && *env) return env;
  if (running_from_build_tree()) return fs::path(HOOKAGENT_BUILD_ROOT) / "hooks";
  return HOOKAGENT_LIBEXEC_DIR;
}

fs::path hookagent_binary() {
  if (const char* env = std::getenv("HOOKAGENT_BIN"); env && *env) return env;
  if (running_from_build_tree()) return fs::path(HOOKAGENT_BUILD_ROOT) / "hookagent";
  return fs::path(HOOKAGENT_BIN_DIR) / "hookagent";
}

}  // namespace hookagent
