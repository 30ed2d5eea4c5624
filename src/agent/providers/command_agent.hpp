#pragma once
// The `command` provider: an agent CLI such as `claude -p --output-format json`
// runs the whole review itself. We give it the prompt on stdin (redacted), the
// tool list, and a timeout; we read its final JSON.
//
// For `claude` (argv[0]'s basename), we append `--tools <names>` (which
// restricts the tool set; `--allowedTools` alone only pre-approves) and
// `--allowedTools <rules>`. Any other CLI gets the lists in the environment:
// HOOKAGENT_TOOLS (comma-separated names), HOOKAGENT_ALLOWED_TOOLS (rules,
// newline-separated).
//
// Findings: the prompt asks the agent to end with a fenced ```json block
// holding {"findings":[{file,line,severity,category,message,confidence,fix}],
// "summary":"..."}. We look for it in `result` of Claude Code's JSON envelope
// ({"type":"result","is_error":...,"result":"...","total_cost_usd":...,
// "usage":{...}}), or take the whole stdout as that JSON object.
#include <filesystem>
#include <string>
#include <vector>

#include "agent/agent_runner.hpp"
#include "config/config.hpp"

namespace hookagent::agent {

struct CommandAgentOptions {
  std::vector<std::string> argv;           // from ProviderConfig::command
  std::filesystem::path cwd;               // the work tree
  std::vector<std::string> allowed_rules;  // effective allow list (rule strings)
  std::chrono::milliseconds timeout{60000};
};

Result<AgentOutcome> run_command_agent(const CommandAgentOptions& options, const ReviewTask& task,
                                       const TextRedactor& redact);

// Parses the agent CLI's stdout into findings and a summary (exposed for tests).
Result<AgentOutcome> parse_command_output(std::string_view stdout_text, const std::string& skill_name);

}  // namespace hookagent::agent
