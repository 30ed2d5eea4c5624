#include "hooks/config_text.hpp"

#include <cstdio>

namespace hookagent::hooks {

TextLines split_lines(const std::string& text) {
  TextLines out;
  if (text.find("\r\n") != std::string::npos) out.eol = "\r\n";
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      out.lines.push_back(text.substr(start));
      out.final_eol = false;
      break;
    }
    size_t end = nl;
    if (end > start && text[end - 1] == '\r') --end;
    out.lines.push_back(text.substr(start, end - start));
    start = nl + 1;
  }
  return out;
}

std::string join_lines(const std::vector<std::string>& lines, const std::string& eol) {
  std::string out;
  for (const auto& l : lines) out += l + eol;
  return out;
}

std::string insert_lines(const std::string& text, size_t at, const std::vector<std::string>& block,
                         std::string* inserted) {
  TextLines t = split_lines(text);
  const std::string chunk = join_lines(block, t.eol);
  if (inserted) *inserted = chunk;
  // Byte offset of line `at`: walk the original text so its bytes stay as they were.
  size_t offset = 0, line = 0;
  while (line < at && offset < text.size()) {
    size_t nl = text.find('\n', offset);
    if (nl == std::string::npos) {
      offset = text.size();
      break;
    }
    offset = nl + 1;
    ++line;
  }
  std::string head = text.substr(0, offset);
  if (!head.empty() && head.back() != '\n') head += t.eol;  // the last line had no line ending
  return head + chunk + text.substr(offset);
}

Result<std::string> remove_exact(const std::string& text, const std::string& block, const std::string& where,
                                 const std::string& what) {
  size_t at = text.find(block);
  if (block.empty() || at == std::string::npos)
    return fail(ErrorKind::Usage, "the " + what + " that `hookagent install` added was changed since", where,
                "remove it by hand (the lines marked \"" + std::string(kAddedMarker) + "\")");
  if (text.find(block, at + 1) != std::string::npos)
    return fail(ErrorKind::Usage, "the " + what + " that `hookagent install` added appears twice", where,
                "remove the copies by hand (the lines marked \"" + std::string(kAddedMarker) + "\")");
  return text.substr(0, at) + text.substr(at + block.size());
}

std::string yaml_double_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace hookagent::hooks
