#pragma once
// Wires the real parts into the loop's small interfaces (guards.hpp):
// src/policy's EffectivePolicy as the ToolGate, its shell_words as the Bash
// splitter, and src/scan's Redactor as the TextRedactor.
#include "agent/guards.hpp"
#include "policy/policy.hpp"
#include "scan/redactor.hpp"

namespace hookagent::agent {

// The policy sees each call in its own terms (policy.hpp's ToolCall): the
// command line for Bash, the path for Read/Edit/Write, the searched path for
// Grep, base path + pattern for Glob. The policy object must outlive the gate.
ToolGate make_policy_gate(const EffectivePolicy& policy);

// What the policy's ToolCall::input is for one of our tool calls (exposed for tests).
std::string policy_input_for(std::string_view tool, const nlohmann::json& input);

CommandSplitter shell_words_splitter();

// The redactor must outlive the returned function.
TextRedactor make_text_redactor(const scan::Redactor& redactor);

}  // namespace hookagent::agent
