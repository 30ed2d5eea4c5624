#pragma once
// The `command` provider: an agent CLI such as `claude -p --output-format json`
// runs the whole review itself. We give it the prompt on stdin (redacted), the
// tool list, and a timeout; we read its final JSON.
//
// The CLI runs in the materialised, redacted snapshot (never the work tree),
// inside the kernel sandbox: it reads the snapshot and its own install
// directory, writes a private scratch directory (its HOME, TMPDIR and
// CLAUDE_CONFIG_DIR), and connects over TCP only to its API port. No sandbox,
// no run (a provider error, so the hook follows on_error).
//
// For `claude` (argv[0]'s basename) we also add the flags that keep the
// reviewed repository from changing it (Claude Code 2.1, each checked with the
// real CLI): `--setting-sources user` (the repo's .claude/settings.json hooks,
// permissions, env and apiKeyHelper, .mcp.json and CLAUDE.md are not loaded;
// `--bare` is NOT enough: it still applies a project settings `env` block),
// `--strict-mcp-config` with an empty `--mcp-config`, `--permission-mode
// dontAsk`, `--tools <names>` (restricts the tool set; `--allowedTools` alone
// only pre-approves), `--allowedTools <rules>` (a bare Read/Grep/Glob becomes
// `Read(./**)`: a bare one reads any path) and `--disallowedTools <deny rules>`.
// Any other CLI gets the lists in the environment: HOOKAGENT_TOOLS
// (comma-separated names), HOOKAGENT_ALLOWED_TOOLS (rules, newline-separated).
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
#include "agent/sandbox/sandbox.hpp"
#include "agent/sandbox/snapshot_workspace.hpp"
#include "config/config.hpp"

namespace hookagent::agent {

struct CommandAgentOptions {
  std::vector<std::string> argv;           // from ProviderConfig::command
  std::filesystem::path cwd;               // the work tree
  std::vector<std::string> allowed_rules;  // effective allow list (rule strings)
  std::chrono::milliseconds timeout{60000};
  std::vector<std::string> denied_rules;   // passed as --disallowedTools
  const SandboxState* sandbox = nullptr;   // required: no sandbox, no run
  LazyWorkspace* workspace = nullptr;      // required: the CLI's working directory
  std::string api_key_env;                 // kept in the CLI's environment beside ANTHROPIC_*/CLAUDE_*
};

Result<AgentOutcome> run_command_agent(const CommandAgentOptions& options, const ReviewTask& task,
                                       const TextRedactor& redact);

// Parses the agent CLI's stdout into findings and a summary (exposed for tests).
Result<AgentOutcome> parse_command_output(std::string_view stdout_text, const std::string& skill_name);

}  // namespace hookagent::agent
