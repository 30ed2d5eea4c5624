#include "agent/redacted_snapshot.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_map>

namespace hookagent::agent {

namespace {

// Each component on its own: a token may be a directory or a file name.
std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// Every distinct component redacted once (a tree repeats its directory
// names thousands of times), on every core.
std::unordered_map<std::string_view, std::string> redact_components(const std::vector<std::string>& paths,
                                                                     const NameRedactor& redact_name) {
  std::unordered_map<std::string_view, std::string> shown;
  std::vector<std::string_view> distinct;
  for (const auto& path : paths)
    for (auto part : components(path))
      if (shown.emplace(part, std::string()).second) distinct.push_back(part);
  std::vector<std::string> out(distinct.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < distinct.size();) {
      out[i] = redact_name(distinct[i]);
      // The replacement text must not turn into a path of its own.
      std::replace(out[i].begin(), out[i].end(), '/', '_');
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < distinct.size(); ++i) shown[distinct[i]] = std::move(out[i]);
  return shown;
}

}  // namespace

RedactedSnapshot::RedactedSnapshot(const Snapshot& inner, FileRedactor redact_file, NameRedactor redact_name)
    : inner_(inner), redact_file_(std::move(redact_file)) {
  const auto& paths = inner_.list_files();
  const auto names = redact_components(paths, redact_name);
  for (const auto& path : paths) {
    std::string base;
    bool first = true;
    for (auto part : components(path)) {
      if (!first) base += '/';
      base += names.at(part);
      first = false;
    }
    std::string shown = base;
    // Two names redacted alike stay two files.
    for (int n = 2; original_.count(shown); ++n) shown = base + "~" + std::to_string(n);
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

void RedactedSnapshot::prefetch(unsigned jobs, uint64_t max_bytes) const {
  // Blobs come from libgit2 one at a time; the redaction, most of the cost, runs on every core.
  std::vector<std::pair<std::string, std::string>> todo;  // shown path, raw content
  uint64_t bytes = 0;
  for (const auto& [shown, original] : original_) {
    if (cache_.count(shown)) continue;
    auto content = inner_.read_file(original);
    if (!content) continue;
    bytes += content->size();
    if (bytes > max_bytes) break;
    todo.emplace_back(shown, std::move(*content));
  }
  std::vector<std::string> done(todo.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < todo.size();)
      done[i] = redact_file_(original_.find(todo[i].first)->second, todo[i].second);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, jobs); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (std::size_t i = 0; i < todo.size(); ++i) cache_.emplace(std::move(todo[i].first), std::move(done[i]));
}

}  // namespace hookagent::agent
