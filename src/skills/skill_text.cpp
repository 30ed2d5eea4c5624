#include "skills/skill_text.hpp"

#include <cctype>

namespace hookagent {

std::string normalize_skill_text(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<BinaryBytes> find_binary_bytes(std::string_view text) {
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (c == 0) return BinaryBytes{line, "NUL byte"};
    if (c < 0x20 && c != '\t' && c != '\f') return BinaryBytes{line, "control byte 0x" + std::to_string(c)};
    if (c < 0x80) {
      ++i;
      continue;
    }
    // UTF-8: lead byte, then 1–3 continuation bytes; overlongs and surrogates rejected.
    const int extra = c >= 0xF5 ? -1 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
    if (extra < 0 || i + extra >= text.size()) return BinaryBytes{line, "invalid UTF-8"};
    for (int k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return BinaryBytes{line, "invalid UTF-8"};
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 >= 0x90))
      return BinaryBytes{line, "invalid UTF-8"};
    i += extra + 1;
  }
  return std::nullopt;
}

namespace {
bool is_fence(std::string_view line, bool closing) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "---" || (closing && line == "...");
}
}  // namespace

std::expected<FrontmatterSplit, std::string> split_frontmatter(const std::string& text) {
  const auto first_end = text.find('\n');
  const std::string_view first = std::string_view(text).substr(0, first_end);
  if (!is_fence(first, false))
    return std::unexpected(text.empty() ? std::string("file is empty") : std::string("no YAML frontmatter (the file must start with a `---` line)"));
  if (first_end == std::string::npos) return std::unexpected(std::string("frontmatter opened on line 1 is never closed"));
  std::size_t pos = first_end + 1;
  while (pos <= text.size()) {
    const auto end = text.find('\n', pos);
    const std::string_view line =
        std::string_view(text).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (is_fence(line, true)) {
      FrontmatterSplit out;
      out.frontmatter = text.substr(first_end + 1, pos - first_end - 1);
      out.body = end == std::string::npos ? std::string() : text.substr(end + 1);
      // The blank line conventionally written after the fence is not content.
      while (out.body.starts_with("\n")) out.body.erase(0, 1);
      return out;
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return std::unexpected(std::string("frontmatter opened on line 1 is never closed (no second `---` line)"));
}

std::string trim_copy(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool is_conventional_skill_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return true;
}

}  // namespace hookagent
