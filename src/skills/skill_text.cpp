#include "skills/skill_text.hpp"

#include <cctype>
#include <vector>

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

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A line before the opening fence with its BOMs and surrounding blanks removed.
std::string_view strip_lead(std::string_view line) {
  for (;;) {
    if (line.starts_with(kBom)) {
      line.remove_prefix(kBom.size());
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    } else {
      break;
    }
  }
  return line;
}
}  // namespace

std::expected<FrontmatterSplit, std::string> split_frontmatter(const std::string& text) {
  // Skip blank lines and stray BOMs before the opening fence.
  std::size_t open = 0;
  int open_line = 1;
  std::size_t first_end = text.find('\n');
  while (strip_lead(std::string_view(text).substr(open, first_end == std::string::npos ? std::string::npos
                                                                                      : first_end - open))
             .empty() &&
         first_end != std::string::npos) {
    open = first_end + 1;
    ++open_line;
    first_end = text.find('\n', open);
  }
  const std::string_view first = strip_lead(
      std::string_view(text).substr(open, first_end == std::string::npos ? std::string::npos : first_end - open));
  if (!is_fence(first, false))
    return std::unexpected(strip_lead(text).find_first_not_of('\n') == std::string_view::npos
                               ? std::string("file is empty")
                               : std::string("no YAML frontmatter (the file must start with a `---` line)"));
  const std::string opened = "frontmatter opened on line " + std::to_string(open_line) + " is never closed";
  if (first_end == std::string::npos) return std::unexpected(opened);
  std::size_t pos = first_end + 1;
  while (pos <= text.size()) {
    const auto end = text.find('\n', pos);
    const std::string_view line =
        std::string_view(text).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (is_fence(line, true)) {
      FrontmatterSplit out;
      out.frontmatter = text.substr(first_end + 1, pos - first_end - 1);
      out.body = end == std::string::npos ? std::string() : text.substr(end + 1);
      out.first_line = open_line + 1;
      // The blank line conventionally written after the fence is not content.
      while (out.body.starts_with("\n")) out.body.erase(0, 1);
      return out;
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return std::unexpected(opened + " (no second `---` line)");
}

namespace {
bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// A plain value that strict YAML refuses because it holds `: `. Quoted, flow,
// block and anchor/alias values are YAML's own business.
bool needs_quotes(std::string_view value) {
  if (value.empty()) return false;
  // YAML reserves ` and @; Markdown writes *emphasis* and [tags] that YAML
  // reads as an alias or a flow list followed by stray text.
  if (value.front() == '`' || value.front() == '@') return true;
  if (value.front() == '*') return value.find(' ') != std::string_view::npos;
  if (value.front() == '[' || value.front() == '{') {
    const char close = value.front() == '[' ? ']' : '}';
    const auto closed = value.find(close);
    return closed != std::string_view::npos && closed + 1 < value.size() && value.back() != close;
  }
  if (value.front() == '|' || value.front() == '>') {
    // A block scalar's header holds only indicators and a comment: `| Use when ...`
    // puts the text itself on that line.
    const auto rest = value.find_first_not_of("+-0123456789", 1);
    return rest != std::string_view::npos && trim_copy(value.substr(rest)).front() != '#';
  }
  if (std::string_view("\"'&!#%").find(value.front()) != std::string_view::npos) return false;
  return value.find(": ") != std::string_view::npos || value.find(":\t") != std::string_view::npos ||
         value.back() == ':';
}

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string quote_plain_values_with_colons(const std::string& frontmatter) {
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos <= frontmatter.size();) {
    const auto end = frontmatter.find('\n', pos);
    lines.push_back(frontmatter.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::size_t k = 0;
    while (k < line.size() && is_key_char(line[k])) ++k;
    if (k == 0 || k + 1 >= line.size() || line[k] != ':' || (line[k + 1] != ' ' && line[k + 1] != '\t')) continue;
    std::string value = trim_copy(std::string_view(line).substr(k + 1));
    if (!needs_quotes(value)) continue;
    // Indented lines after a plain value continue it; YAML folds them with spaces.
    std::size_t j = i + 1;
    for (; j < lines.size(); ++j) {
      const std::string& next = lines[j];
      if (next.empty() || (next[0] != ' ' && next[0] != '\t')) break;
      value += " " + trim_copy(next);
      lines[j].clear();  // keep the line, so later marks stay right
    }
    lines[i] = line.substr(0, k) + ": " + double_quoted(value);
    i = j - 1;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

bool has_misplaced_frontmatter(const std::string& text) {
  // A `---` line, after some text, followed by a `key:` line: a frontmatter
  // that does not start the file, which is a mistake rather than Markdown.
  std::size_t pos = 0;
  bool text_seen = false;
  for (int n = 0; n < 40 && pos < text.size(); ++n) {
    const auto end = text.find('\n', pos);
    const std::string line = trim_copy(std::string_view(text).substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    pos = end == std::string::npos ? text.size() : end + 1;
    if (line == "---" && text_seen) {
      const auto next_end = text.find('\n', pos);
      const std::string next = text.substr(pos, next_end == std::string::npos ? std::string::npos : next_end - pos);
      std::size_t k = 0;
      while (k < next.size() && is_key_char(next[k])) ++k;
      return k > 0 && k < next.size() && next[k] == ':';
    }
    text_seen = text_seen || !line.empty();
  }
  return false;
}

std::string first_paragraph(std::string_view body) {
  std::string paragraph, heading;
  bool in_fence = false;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto end = body.find('\n', pos);
    const std::string line = trim_copy(body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    pos = end == std::string_view::npos ? body.size() : end + 1;
    if (line.starts_with("```") || line.starts_with("~~~")) {
      in_fence = !in_fence;
      if (!paragraph.empty()) break;
      continue;
    }
    if (in_fence) continue;
    if (line.empty() || line == "---") {
      if (!paragraph.empty()) break;
      continue;
    }
    if (line.starts_with("#")) {
      if (!paragraph.empty()) break;
      if (heading.empty()) heading = trim_copy(std::string_view(line).substr(line.find_first_not_of('#')));
      continue;
    }
    paragraph += (paragraph.empty() ? "" : " ") + line;
  }
  // Only headings: the first one says what the skill is.
  return paragraph.empty() ? heading : paragraph;
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
