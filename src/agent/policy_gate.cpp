#include "agent/policy_gate.hpp"

#include "agent/tools/tool_input.hpp"
#include "policy/shell_words.hpp"

namespace hookagent::agent {

std::string policy_input_for(std::string_view tool, const nlohmann::json& input) {
  if (tool == "Bash") return string_field(input, {"command"}).value_or("");
  if (tool == "Read" || tool == "Edit" || tool == "Write") return string_field(input, {"file_path", "path"}).value_or("");
  if (tool == "Grep") {
    std::string p = string_field(input, {"path"}).value_or(".");
    return p.empty() ? "." : p;
  }
  if (tool == "Glob") {
    std::string pattern = string_field(input, {"pattern"}).value_or("");
    std::string base = string_field(input, {"path"}).value_or("");
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base.empty() || base == "." ? pattern : base + "/" + pattern;
  }
  return input.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ToolGate make_policy_gate(const EffectivePolicy& policy) {
  return [&policy](std::string_view tool, const nlohmann::json& input) {
    Decision d = policy.decide(ToolCall{std::string(tool), policy_input_for(tool, input)});
    return GateVerdict{d.allowed, d.reason, d.rule};
  };
}

CommandSplitter shell_words_splitter() {
  return [](std::string_view command) {
    auto words = split_shell_words(command);
    if (!words) return SplitCommand{{}, words.error().what};
    return SplitCommand{std::move(*words), {}};
  };
}

TextRedactor make_text_redactor(const scan::Redactor& redactor) {
  return [&redactor](std::string_view text) { return redactor.redact(text); };
}

}  // namespace hookagent::agent
