#pragma once
// Where a path really points, whatever the rules say (DESIGN §6 sandbox):
// symlinks followed (dangling ones too, since writing through them creates
// their target), `..` and `~` resolved, then compared with the repo root.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hookagent::policy {

struct ResolvedPath {
  std::filesystem::path absolute;  // symlinks followed, `.` and `..` resolved
  bool inside_root = false;
  std::string relative;            // '/'-separated from the root; "" is the root itself
  bool in_git_dir = false;         // under a `.git` folder, or the repository's git dir
};

class PathSandbox {
 public:
  PathSandbox() = default;
  PathSandbox(const std::filesystem::path& root, const std::filesystem::path& git_dir,
              const std::filesystem::path& home);

  // `path` as a tool or a command names it: relative to `cwd`, absolute, or `~/...`.
  ResolvedPath resolve(std::string_view path, const std::filesystem::path& cwd) const;
  ResolvedPath resolve(std::string_view path) const { return resolve(path, root_); }

  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& home() const { return home_; }

 private:
  std::filesystem::path root_;     // canonical
  std::filesystem::path git_dir_;  // canonical; may be empty
  std::filesystem::path home_;     // canonical
};

// /dev/null and the standard streams: writing or reading them touches no file.
bool is_harmless_device(std::string_view path);

// Zero-width and bidirectional-control characters (and invalid UTF-8): text
// that reads differently from what it does. Returns a description of the first.
std::optional<std::string> find_deceptive_text(std::string_view text);
bool has_non_ascii(std::string_view text);

}  // namespace hookagent::policy
