#include "agent/redacted_snapshot.hpp"

#include <algorithm>

namespace hookagent::agent {

namespace {

// Each component on its own: a token that is a directory or file name.
std::string shown_path(std::string_view path, const NameRedactor& redact_name) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string part = redact_name(path.substr(start, end - start));
    // The replacement text must not turn into a path of its own.
    std::replace(part.begin(), part.end(), '/', '_');
    if (!out.empty() || start > 0) out += '/';
    out += part;
    start = end + 1;
  }
  return out;
}

}  // namespace

RedactedSnapshot::RedactedSnapshot(const Snapshot& inner, FileRedactor redact_file, NameRedactor redact_name)
    : inner_(inner), redact_file_(std::move(redact_file)) {
  for (const auto& path : inner_.list_files()) {
    std::string shown = shown_path(path, redact_name);
    // Two names redacted alike stay two files.
    for (int n = 2; original_.count(shown); ++n) shown = shown_path(path, redact_name) + "~" + std::to_string(n);
    original_.emplace(shown, path);
    shown_.push_back(std::move(shown));
  }
  std::sort(shown_.begin(), shown_.end());
}

Result<std::string> RedactedSnapshot::read_file(std::string_view path) const {
  if (auto c = cache_.find(path); c != cache_.end()) return c->second;
  auto it = original_.find(path);
  if (it == original_.end()) return fail(ErrorKind::Io, "no such file in " + describe(), std::string(path));
  auto content = inner_.read_file(it->second);
  if (!content) return std::unexpected(content.error());
  // Binary files too: an agent CLI reads the materialised tree without us.
  std::string redacted = redact_file_(it->second, *content);
  return cache_.emplace(std::string(path), std::move(redacted)).first->second;
}

}  // namespace hookagent::agent
