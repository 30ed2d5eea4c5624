// .husky/<hook>: husky 9 runs it with `sh -e` from .husky/_/<hook> (git's
// core.hooksPath), husky 8 ran it directly; either way one shell line is enough.
#include <regex>

#include "hooks/config_text.hpp"
#include "hooks/tool_config.hpp"

namespace hookagent::hooks {

namespace {

bool is_preamble(const std::string& line) {
  // husky 8's files source _/husky.sh, which re-runs the file: a line placed
  // before it would run twice. Comments and blank lines stay on top too.
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string::npos) return true;
  return line[first] == '#' || line.find("husky.sh") != std::string::npos;
}

}  // namespace

std::string husky_command(Hook hook) {
  return "hookagent run " + std::string(hook_name(hook)) + " -- \"$@\"";
}

bool husky_runs_hookagent(const std::string& text) {
  static const std::regex kRuns(R"((^|[\s;&|(])hookagent\s+(run|scan)\b)");
  for (const auto& line : split_lines(text).lines) {
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    if (std::regex_search(line, kRuns)) return true;
  }
  return false;
}

AddResult husky_add(const std::string& text, Hook hook) {
  if (husky_runs_hookagent(text)) return {std::nullopt, "a line that runs hookagent"};
  const std::string line = husky_command(hook) + "  # " + std::string(kAddedMarker) +
                           "; `hookagent uninstall` removes this line";
  ConfigAddition out;
  if (text.empty()) {
    // A new file: the shebang lets husky 8 (which runs the file itself) run it too.
    out.added = line + "\n";
    out.after = "#!/usr/bin/env sh\n" + out.added;
    return {out, {}};
  }
  auto lines = split_lines(text).lines;
  size_t at = 0;
  while (at < lines.size() && is_preamble(lines[at])) ++at;
  out.after = insert_lines(text, at, {line}, &out.added);
  return {out, {}};
}

Result<std::string> husky_remove(const std::string& text, const std::string& added, const std::string& label) {
  return remove_exact(text, added, label, "line");
}

}  // namespace hookagent::hooks
