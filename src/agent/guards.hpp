#pragma once
// The two checks every agent run goes through, as small function types so the
// loop does not depend on how they are implemented:
//   - ToolGate: may this tool call run? (src/policy's EffectivePolicy)
//   - TextRedactor: every text that leaves the machine (src/scan's Redactor)
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hookagent::agent {

struct GateVerdict {
  bool allowed = false;
  std::string reason;  // shown to the model on denial, and logged
  std::string rule;    // the rule that decided; empty when none matched
};

// tool name (as the model called it) + its JSON input -> verdict.
using ToolGate = std::function<GateVerdict(std::string_view tool, const nlohmann::json& input)>;

// text -> text with every secret replaced by [REDACTED:<rule-id>].
using TextRedactor = std::function<std::string(std::string_view text)>;

// Splits a Bash command line into argv without a shell; an error message on
// quoting it cannot split, or on shell syntax (pipes, $(...)) it will not run.
struct SplitCommand {
  std::vector<std::string> argv;
  std::string error;  // non-empty: not runnable
};
using CommandSplitter = std::function<SplitCommand(std::string_view command)>;

}  // namespace hookagent::agent
