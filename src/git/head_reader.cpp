#include "git/head_reader.hpp"

#include <fstream>
#include <sstream>

#include "git/push_input.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// gitrepository-layout(5): per-worktree refs (HEAD, refs/bisect, refs/worktree)
// live in the worktree's git dir; everything else in the common dir.
std::string loose_ref(const RepoPaths& paths, const std::string& ref) {
  for (const fs::path& dir : {paths.git_dir, paths.common_dir}) {
    std::string line = first_line(dir / ref);
    if (!line.empty()) return line;
  }
  return {};
}

std::string packed_ref(const RepoPaths& paths, const std::string& ref) {
  std::ifstream in(paths.common_dir / "packed-refs");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '^') continue;
    auto space = line.find(' ');
    if (space != std::string::npos && line.compare(space + 1, std::string::npos, ref) == 0)
      return line.substr(0, space);
  }
  return {};
}

}  // namespace

Result<std::string> read_head_commit(const RepoPaths& paths) {
  std::string target = "HEAD";
  for (int depth = 0; depth < 10; ++depth) {
    std::string value = loose_ref(paths, target);
    if (value.empty() && target != "HEAD") value = packed_ref(paths, target);
    if (is_hex_id(value)) return value;
    if (value.rfind("ref: ", 0) == 0) {
      target = value.substr(5);
      continue;
    }
    if (value.empty())
      return fail(ErrorKind::Git, "HEAD points at " + target + ", which has no commit yet", paths.git_dir.string(),
                  "make a first commit");
    return fail(ErrorKind::Git, "cannot read " + target, paths.git_dir.string(), "run 'git fsck'");
  }
  return fail(ErrorKind::Git, "HEAD is a chain of more than 10 symbolic refs", paths.git_dir.string(),
              "run 'git symbolic-ref HEAD' to see where it points");
}

}  // namespace hookagent
