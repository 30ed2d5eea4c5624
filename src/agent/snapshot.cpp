#include "agent/snapshot.hpp"

#include <vector>

namespace hookagent::agent {

MemorySnapshot::MemorySnapshot(std::map<std::string, std::string> files, std::string description)
    : files_(std::move(files)), description_(std::move(description)) {
  for (const auto& [path, _] : files_) paths_.push_back(path);
}

Result<std::string> MemorySnapshot::read_file(std::string_view path) const {
  auto it = files_.find(std::string(path));
  if (it == files_.end())
    return fail(ErrorKind::Io, "no such file in " + description_, std::string(path));
  return it->second;
}

std::string normalize_snapshot_path(std::string_view path, std::string_view repo_root) {
  std::string p(path);
  // An absolute path is accepted only when it lies inside the repository.
  if (!p.empty() && p[0] == '/') {
    std::string root(repo_root);
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    if (root.empty() || !(p.starts_with(root + "/"))) return {};
    p = p.substr(root.size() + 1);
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    std::string part = p.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return {};  // escapes the repository
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

}  // namespace hookagent::agent
