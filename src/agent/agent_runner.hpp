#pragma once
// The agent loop (DESIGN §7): send the conversation, run each tool_use the
// gate allows, send every result back in one user message, until the model
// ends its turn or a bound is hit. Findings arrive only through the
// report_finding tool; the final text is the summary.
#include <optional>
#include <string>
#include <vector>

#include "agent/conversation.hpp"
#include "agent/guards.hpp"
#include "agent/limits.hpp"
#include "agent/providers/chat_provider.hpp"
#include "agent/tools/tool.hpp"
#include "report/finding.hpp"

namespace hookagent::agent {

// What one review asks of the agent.
struct ReviewTask {
  std::string skill_name;               // rule_id of every finding
  std::string skill_body;               // SKILL.md body: the system prompt
  std::string hook_context;             // "pre-commit hook: review the staged changes ..."
  std::string change_text;              // the change under review (diff); the first user message
  std::vector<std::string> tool_names;  // offered to the model; the gate still decides each call
};

enum class StopCause { EndTurn, MaxTurns, MaxDenials, MaxTokens, Budget, Timeout };
std::string_view to_string(StopCause c);

// One gate decision or tool run, for the run log.
struct ToolEvent {
  std::string tool;
  std::string input;   // compact JSON, as the model sent it
  bool allowed = false;
  std::string reason;  // why denied, or the rule that allowed
  bool is_error = false;
};

struct AgentOutcome {
  std::vector<Finding> findings;
  std::string summary;                 // the model's final text
  Usage usage;
  std::optional<double> cost_usd;      // empty when the model's price is unknown
  std::string model;
  int turns = 0;                       // model responses
  int denials = 0;
  StopCause stop = StopCause::EndTurn;
  std::string stop_detail;             // one line when stop != EndTurn
  std::vector<ToolEvent> events;

  // Budget and timeout are provider failures for on_error; turn and denial
  // limits are the agent's own fault and end the run with what it found.
  bool failed() const { return stop == StopCause::Budget || stop == StopCause::Timeout; }
};

class AgentRunner {
 public:
  AgentRunner(ChatProvider& provider, AgentLimits limits, ToolGate gate, TextRedactor redact);

  // Provider errors (HTTP, auth, garbage answers) come back as errors; bounds
  // end the run with an outcome whose `stop` says which one.
  Result<AgentOutcome> run(const ReviewTask& task, ToolContext& tools);

 private:
  ChatProvider& provider_;
  AgentLimits limits_;
  ToolGate gate_;
  TextRedactor redact_;
};

// The system prompt: skill body + hook context + how to report (redacted by the caller).
std::string build_system_prompt(const ReviewTask& task);
// The first user message: the change under review.
std::string build_first_message(const ReviewTask& task);

}  // namespace hookagent::agent
