#include "agent/change_text.hpp"

#include <algorithm>

namespace hookagent::agent {

namespace {

std::string_view status_word(ChangeStatus s) {
  switch (s) {
    case ChangeStatus::Added: return "added";
    case ChangeStatus::Modified: return "modified";
    case ChangeStatus::Deleted: return "deleted";
    case ChangeStatus::Renamed: return "renamed";
    case ChangeStatus::Copied: return "copied";
    case ChangeStatus::TypeChanged: return "type changed";
  }
  return "changed";
}

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.emplace_back(text.data() + pos, end - pos);
    pos = end + 1;
  }
  return lines;
}

// Added lines marked '+', context ' ', each with its new line number.
std::string hunks_of(const Change& c, const std::string& content, int context) {
  auto lines = split_lines(content);
  int n = static_cast<int>(lines.size());
  std::vector<char> mark(n + 2, 0);  // 0 = hidden, 1 = context, 2 = added
  for (const auto& r : c.added)
    for (int i = std::max(1, r.first - context); i <= std::min(n, r.last + context); ++i)
      mark[i] = std::max<char>(mark[i], (i >= r.first && i <= r.last) ? 2 : 1);
  std::string out;
  bool gap = false;
  for (int i = 1; i <= n; ++i) {
    if (!mark[i]) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += "   ...\n";
    gap = false;
    out += std::to_string(i) + (mark[i] == 2 ? " + " : "   ");
    out.append(lines[i - 1]);
    out += '\n';
  }
  return out;
}

}  // namespace

std::string describe_changes(const std::vector<Change>& changes, const BlobReader& read_blob,
                             const ChangeTextOptions& options) {
  std::string out = std::to_string(changes.size()) + " file(s) changed. Lines are numbered as in the new file; '+' marks added lines.\n";
  std::vector<std::string> left_out;
  for (const auto& c : changes) {
    std::string section = "\n=== " + c.path;
    if (!c.old_path.empty() && c.old_path != c.path) section += " (from " + c.old_path + ")";
    section += " [" + std::string(status_word(c.status)) + "] ===\n";
    if (c.status == ChangeStatus::Deleted) {
      section += "(file deleted)\n";
    } else if (is_gitlink(c.new_mode)) {
      section += "(submodule now at " + c.new_id + ")\n";
    } else if (c.binary) {
      section += "(binary file, " + std::to_string(c.size) + " bytes)\n";
    } else if (c.added.empty()) {
      section += "(no added lines)\n";
    } else {
      auto content = read_blob(c.new_id, c.path);
      section += content ? hunks_of(c, *content, options.context_lines) : "(cannot read: " + content.error().what + ")\n";
    }
    if (out.size() + section.size() > options.max_bytes) {
      left_out.push_back(c.path);
      continue;
    }
    out += section;
  }
  if (!left_out.empty()) {
    out += "\nNot shown (the message size limit was reached; use Read):\n";
    for (const auto& p : left_out) out += "  " + p + "\n";
  }
  return out;
}

}  // namespace hookagent::agent
