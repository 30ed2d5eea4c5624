#include <algorithm>

#include "agent/tools/tool.hpp"

namespace hookagent::agent {

void ToolBox::add(std::unique_ptr<Tool> tool) { tools_.push_back(std::move(tool)); }

Tool* ToolBox::find(std::string_view name) const {
  for (const auto& t : tools_)
    if (t->spec().name == name) return t.get();
  return nullptr;
}

std::vector<ToolSpec> ToolBox::specs() const {
  std::vector<ToolSpec> out;
  for (const auto& t : tools_) out.push_back(t->spec());
  return out;
}

std::string tool_name_of_rule(std::string_view rule) {
  auto paren = rule.find('(');
  std::string_view name = rule.substr(0, paren);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  return std::string(name);
}

ToolBox make_toolbox(const std::vector<std::string>& tool_names) {
  std::vector<std::string> names;
  for (const auto& rule : tool_names) names.push_back(tool_name_of_rule(rule));
  auto wants = [&](std::string_view n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  ToolBox box;
  if (wants("Read")) box.add(make_read_tool());
  if (wants("Grep")) box.add(make_grep_tool());
  if (wants("Glob")) box.add(make_glob_tool());
  if (wants("Bash")) box.add(make_bash_tool());
  if (wants("Edit")) box.add(make_edit_tool());
  if (wants("Write")) box.add(make_write_tool());
  box.add(make_report_finding_tool());
  return box;
}

}  // namespace hookagent::agent
