#pragma once
// Text-level steps of reading SKILL.md, before any YAML: line ends, BOM,
// binary bytes, and where the frontmatter ends. Internal to src/skills/.
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace hookagent {

// A skill body goes to the model on every run; anything this large is a mistake.
inline constexpr std::size_t kMaxSkillBytes = 1024 * 1024;

// Drops a UTF-8 BOM and turns CRLF (and lone CR) into LF.
std::string normalize_skill_text(std::string_view text);

struct BinaryBytes {
  int line;
  std::string what;  // "NUL byte", "invalid UTF-8"
};
// NUL, other C0 controls but tab/LF/FF, or invalid UTF-8: the first one.
std::optional<BinaryBytes> find_binary_bytes(std::string_view text);

struct FrontmatterSplit {
  std::string frontmatter;  // the lines between the fences, LF-joined
  std::string body;         // everything after the closing fence
  int first_line = 2;       // file line of the frontmatter's first line
};
// Text must already be normalized. Blank lines (and stray BOMs) before the
// opening `---` are skipped, as Claude Code does. Error: why there is no frontmatter.
std::expected<FrontmatterSplit, std::string> split_frontmatter(const std::string& text);

std::string trim_copy(std::string_view s);
bool is_conventional_skill_name(std::string_view name);

// Strict YAML refuses plain values holding `: ` (`description: Use when: x`),
// which Claude Code loads. Rewrites each top-level `key: value` line whose
// plain value holds `: ` (with its indented continuation lines) as a quoted
// string; other lines are left alone. Line count is kept, so YAML marks still
// point at the right file lines. Used only after a strict parse failed.
// Also quoted: plain values YAML refuses that Markdown writers use, starting
// with ` or @, *emphasis* with a space, or `[tag] text` / `{x} text`.
std::string quote_plain_values_with_colons(const std::string& frontmatter);

// Claude Code's description when the frontmatter has none: the first
// paragraph of the Markdown (its lines joined), past headings and code
// fences; a body with only headings gives the first heading's text.
std::string first_paragraph(std::string_view body);
// A `---` line after other text, followed by a `key:` line: the frontmatter
// was meant to start the file. Such a file is refused, not read as Markdown.
bool has_misplaced_frontmatter(const std::string& text);

}  // namespace hookagent
