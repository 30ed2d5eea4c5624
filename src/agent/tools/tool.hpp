#pragma once
// A tool the model may call. Each tool validates its own JSON input and
// answers with text; a failure is an is_error result the model can read, never
// an exception across the loop.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/conversation.hpp"
#include "agent/guards.hpp"
#include "agent/sandbox/sandbox.hpp"
#include "agent/sandbox/snapshot_workspace.hpp"
#include "agent/snapshot.hpp"
#include "report/finding.hpp"

namespace hookagent::agent {

struct ToolOutput {
  std::string text;
  bool is_error = false;
};

// What a tool may touch during one run.
struct ToolContext {
  const Snapshot* snapshot = nullptr;      // Read/Grep/Glob read this (redacted)
  std::filesystem::path work_tree;         // paths the model names are relative to it; Edit/Write write here
  // Bash runs in the materialised snapshot, inside this sandbox; without
  // either it does not run at all.
  const SandboxState* sandbox = nullptr;
  LazyWorkspace* workspace = nullptr;
  std::string skill_name;                  // rule_id of reported findings
  std::string commit;                      // commit under review; empty for staged
  std::vector<Finding>* findings = nullptr;  // report_finding appends here
  CommandSplitter split_command;           // Bash: argv without a shell
  std::chrono::milliseconds bash_timeout{20000};
  size_t output_cap = 30 * 1024;
  // Grep and Glob walk many files on one allowed call: each file must still
  // pass the Read rules (a deny such as Read(.env) hides it). Unset = all.
  std::function<bool(const std::string& path)> may_read;
};

class Tool {
 public:
  virtual ~Tool() = default;
  virtual const ToolSpec& spec() const = 0;
  virtual ToolOutput run(const nlohmann::json& input, ToolContext& ctx) = 0;
};

// The tools of one run, by name.
class ToolBox {
 public:
  void add(std::unique_ptr<Tool> tool);
  Tool* find(std::string_view name) const;
  std::vector<ToolSpec> specs() const;
  bool empty() const { return tools_.empty(); }

 private:
  std::vector<std::unique_ptr<Tool>> tools_;
};

std::unique_ptr<Tool> make_read_tool();
std::unique_ptr<Tool> make_grep_tool();
std::unique_ptr<Tool> make_glob_tool();
std::unique_ptr<Tool> make_bash_tool();
std::unique_ptr<Tool> make_write_tool();
std::unique_ptr<Tool> make_edit_tool();
std::unique_ptr<Tool> make_report_finding_tool();

// The toolbox for a run: report_finding always, plus each named tool
// (Read, Grep, Glob, Bash, Edit, Write) that `tool_names` lists. Rule strings
// such as "Bash(git diff *)" count for their tool name. The gate still decides
// every call; this only decides what the model is told exists.
ToolBox make_toolbox(const std::vector<std::string>& tool_names);

// "Bash(git diff *)" -> "Bash"
std::string tool_name_of_rule(std::string_view rule);

}  // namespace hookagent::agent
