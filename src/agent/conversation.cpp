#include "agent/conversation.hpp"

namespace hookagent::agent {

Block Block::text_block(std::string text) {
  Block b;
  b.kind = BlockKind::Text;
  b.text = std::move(text);
  return b;
}

Block Block::tool_use(std::string id, std::string name, nlohmann::json input) {
  Block b;
  b.kind = BlockKind::ToolUse;
  b.id = std::move(id);
  b.name = std::move(name);
  b.input = std::move(input);
  return b;
}

Block Block::tool_result(std::string tool_use_id, std::string content, bool is_error) {
  Block b;
  b.kind = BlockKind::ToolResult;
  b.id = std::move(tool_use_id);
  b.text = std::move(content);
  b.is_error = is_error;
  return b;
}

Usage& Usage::operator+=(const Usage& o) {
  input_tokens += o.input_tokens;
  output_tokens += o.output_tokens;
  cache_write_tokens += o.cache_write_tokens;
  cache_read_tokens += o.cache_read_tokens;
  return *this;
}

std::string_view to_string(StopReason r) {
  switch (r) {
    case StopReason::EndTurn: return "end_turn";
    case StopReason::ToolUse: return "tool_use";
    case StopReason::MaxTokens: return "max_tokens";
    case StopReason::Other: return "other";
  }
  return "other";
}

std::vector<const Block*> CompletionReply::tool_uses() const {
  std::vector<const Block*> out;
  for (const auto& b : blocks)
    if (b.kind == BlockKind::ToolUse) out.push_back(&b);
  return out;
}

std::string CompletionReply::text() const {
  std::string out;
  for (const auto& b : blocks) {
    if (b.kind != BlockKind::Text || b.text.empty()) continue;
    if (!out.empty()) out += '\n';
    out += b.text;
  }
  return out;
}

}  // namespace hookagent::agent
