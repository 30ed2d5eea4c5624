// Parsing Claude Code permission rules: `Tool` or `Tool(specifier)`.
#include <algorithm>
#include <cctype>

#include "policy/policy.hpp"

namespace hookagent {

namespace {

bool is_tool_name_char(char c) {
  // ASCII only: a look-alike letter (Cyrillic 'а', full-width 'Ｂ') is never a
  // tool name, so it can never match or shadow an ASCII one.
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<PermissionRule> parse_permission_rule(std::string_view text) {
  const std::string_view t = trim(text);
  const std::string where = "permission rule `" + std::string(text) + "`";
  if (t.empty()) return fail(ErrorKind::Config, "empty permission rule", where, "write `Tool` or `Tool(specifier)`");
  PermissionRule rule;
  rule.text = std::string(t);
  const auto open = t.find('(');
  const std::string_view name = open == std::string_view::npos ? t : t.substr(0, open);
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_tool_name_char))
    return fail(ErrorKind::Config, "not a tool name: `" + std::string(name) + "`", where,
                "tool names are ASCII letters, digits, `_`, `-` (e.g. Read, Bash, mcp__server__tool)");
  rule.tool = std::string(name);
  if (open == std::string_view::npos) return rule;
  if (t.back() != ')')
    return fail(ErrorKind::Config, "unbalanced parentheses", where, "close the specifier: `Tool(specifier)`");
  rule.specifier = std::string(t.substr(open + 1, t.size() - open - 2));
  rule.has_specifier = true;
  // Claude Code: the legacy prefix form `Bash(npm run:*)` means `Bash(npm run *)`.
  if (rule.specifier.size() >= 2 && rule.specifier.ends_with(":*"))
    rule.specifier = rule.specifier.substr(0, rule.specifier.size() - 2) + " *";
  // `Tool()` and `Tool(*)` mean the whole tool, as Claude Code reads them.
  if (rule.specifier.empty() || rule.specifier == "*") {
    rule.specifier.clear();
    rule.has_specifier = false;
  }
  return rule;
}

std::vector<std::string> split_rule_list(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  auto flush = [&] {
    const auto t = trim(current);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth == 0 && (c == ',' || std::isspace(static_cast<unsigned char>(c)))) {
      flush();
      continue;
    }
    current += c;
  }
  flush();
  return out;
}

}  // namespace hookagent
