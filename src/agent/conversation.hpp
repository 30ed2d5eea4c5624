#pragma once
// The provider-neutral conversation: what the agent loop keeps, and what each
// provider translates to and from its own wire format (Anthropic Messages,
// OpenAI Chat Completions). Plain structs; no provider knows about another.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hookagent::agent {

enum class Role { User, Assistant };

enum class BlockKind { Text, ToolUse, ToolResult };

// One piece of a message. Which fields matter depends on `kind`:
//   Text:       text
//   ToolUse:    id, name, input        (the model asks us to run a tool)
//   ToolResult: id (= tool_use_id), text (the result), is_error
struct Block {
  BlockKind kind = BlockKind::Text;
  std::string text;
  std::string id;
  std::string name;
  nlohmann::json input = nlohmann::json::object();
  bool is_error = false;

  static Block text_block(std::string text);
  static Block tool_use(std::string id, std::string name, nlohmann::json input);
  static Block tool_result(std::string tool_use_id, std::string content, bool is_error);
};

struct Message {
  Role role = Role::User;
  std::vector<Block> blocks;
};

// A tool as the model sees it: a name, what it does, and a JSON schema of its input.
struct ToolSpec {
  std::string name;
  std::string description;
  nlohmann::json input_schema;
};

// Token counts as the providers report them. Anthropic splits cached input
// out of input_tokens (cache_creation_input_tokens, cache_read_input_tokens);
// OpenAI reports prompt_tokens/completion_tokens only.
struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t cache_write_tokens = 0;
  int64_t cache_read_tokens = 0;

  int64_t total() const { return input_tokens + output_tokens + cache_write_tokens + cache_read_tokens; }
  Usage& operator+=(const Usage& o);
};

// Why the model stopped. Anthropic: end_turn|tool_use|max_tokens|stop_sequence;
// OpenAI finish_reason: stop|tool_calls|length|content_filter.
enum class StopReason { EndTurn, ToolUse, MaxTokens, Other };
std::string_view to_string(StopReason r);

// One request to a chat provider: the whole conversation so far.
struct CompletionRequest {
  std::string model;
  std::string system;            // stable prefix: cached where the provider supports it
  std::vector<ToolSpec> tools;   // stable prefix too
  std::vector<Message> messages;
  int max_tokens = 4096;         // per response
};

struct CompletionReply {
  std::vector<Block> blocks;     // text and tool_use blocks, in the model's order
  StopReason stop = StopReason::Other;
  Usage usage;
  std::string model;             // as the provider names it; may be empty

  std::vector<const Block*> tool_uses() const;
  std::string text() const;      // all text blocks joined by newlines
};

}  // namespace hookagent::agent
