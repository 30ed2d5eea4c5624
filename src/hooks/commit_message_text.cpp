#include "hooks/commit_message_text.hpp"

#include <vector>

namespace hookagent::hooks {

namespace {

// git's cut line (wt-status.c): `commit -v` puts the diff below it, and the
// cleanup drops everything from it on, whatever the comment char.
constexpr std::string_view kScissors = " ------------------------ >8 ------------------------";

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_blank(std::string_view s) { return trim_right(s).empty(); }

// Lines joined with '\n', blank lines at both ends dropped, no final newline.
std::string join_trimmed(const std::vector<std::string_view>& lines) {
  size_t first = 0, last = lines.size();
  while (first < last && is_blank(lines[first])) ++first;
  while (last > first && is_blank(lines[last - 1])) --last;
  std::string out;
  for (size_t i = first; i < last; ++i) {
    if (i > first) out += '\n';
    out += trim_right(lines[i]);
  }
  return out;
}

bool is_fence(std::string_view line) {
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  return line.starts_with("```") || line.starts_with("~~~");
}

// Models sometimes wrap the whole reply in quotes despite being told not to.
std::string strip_wrapping_quotes(std::string text) {
  for (;;) {
    if (text.size() < 2) return text;
    char q = text.front();
    if ((q != '"' && q != '\'' && q != '`') || text.back() != q) return text;
    text = join_trimmed(split_lines(std::string_view(text).substr(1, text.size() - 2)));
  }
}

}  // namespace

MessageSource parse_message_source(std::string_view arg) {
  if (arg == "message") return MessageSource::Message;
  if (arg == "template") return MessageSource::Template;
  if (arg == "merge") return MessageSource::Merge;
  if (arg == "squash") return MessageSource::Squash;
  if (arg == "commit") return MessageSource::Commit;
  return MessageSource::None;
}

bool source_allows_draft(MessageSource source) {
  return source == MessageSource::None || source == MessageSource::Template;
}

std::string message_body(std::string_view file_text, char comment_char) {
  std::vector<std::string_view> kept;
  for (auto line : split_lines(file_text)) {
    if (!line.empty() && line.front() == comment_char) {
      if (line.substr(1) == kScissors) break;
      continue;
    }
    kept.push_back(line);
  }
  return join_trimmed(kept);
}

bool is_autosquash_message(std::string_view body) {
  return body.starts_with("fixup! ") || body.starts_with("squash! ") || body.starts_with("amend! ");
}

std::string clean_draft(std::string_view reply) {
  auto lines = split_lines(reply);
  size_t open = 0;
  while (open < lines.size() && !is_fence(lines[open])) ++open;
  if (open < lines.size()) {
    size_t close = open + 1;
    while (close < lines.size() && !is_fence(lines[close])) ++close;
    lines = std::vector<std::string_view>(lines.begin() + static_cast<long>(open) + 1,
                                          lines.begin() + static_cast<long>(close));
  }
  std::string draft = strip_wrapping_quotes(join_trimmed(lines));
  // An indented subject is a model's formatting slip; the body keeps its indentation (lists).
  draft.erase(0, draft.find_first_not_of(" \t"));
  return draft;
}

std::string with_draft(std::string_view file_text, std::string_view draft) {
  // git starts the file with an empty line for the message; the draft takes
  // its place and one blank line keeps it apart from git's comments.
  while (!file_text.empty() && (file_text.front() == '\n' || file_text.front() == '\r'))
    file_text.remove_prefix(1);
  std::string out(draft);
  out += '\n';
  if (!file_text.empty()) {
    out += '\n';
    out += file_text;
  }
  return out;
}

}  // namespace hookagent::hooks
