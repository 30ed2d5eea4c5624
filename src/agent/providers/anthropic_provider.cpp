// Anthropic Messages API (POST {base_url}/v1/messages, anthropic-version 2023-06-01).
// Request: model, max_tokens, system (blocks), messages (user/assistant with
// text, tool_use and tool_result blocks), tools [{name, description,
// input_schema}]. Response: content blocks (text, tool_use {id, name, input}),
// stop_reason, usage {input_tokens, output_tokens, cache_creation_input_tokens,
// cache_read_input_tokens}.
#include "agent/providers/anthropic_provider.hpp"

#include "agent/providers/http_exchange.hpp"

namespace hookagent::agent {

namespace {

using nlohmann::json;

json block_to_wire(const Block& b) {
  switch (b.kind) {
    case BlockKind::Text: return {{"type", "text"}, {"text", b.text}};
    case BlockKind::ToolUse: return {{"type", "tool_use"}, {"id", b.id}, {"name", b.name}, {"input", b.input}};
    case BlockKind::ToolResult:
      return {{"type", "tool_result"}, {"tool_use_id", b.id}, {"content", b.text}, {"is_error", b.is_error}};
  }
  return json::object();
}

StopReason parse_stop(const std::string& s) {
  if (s == "end_turn" || s == "stop_sequence") return StopReason::EndTurn;
  if (s == "tool_use") return StopReason::ToolUse;
  if (s == "max_tokens") return StopReason::MaxTokens;
  return StopReason::Other;
}

int64_t count(const json& usage, const char* key) {
  auto it = usage.find(key);
  return it != usage.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

class AnthropicProvider : public ChatProvider {
 public:
  AnthropicProvider(AnthropicSettings s, Transport& t, RetryPolicy r)
      : s_(std::move(s)), transport_(t), retry_(r) {}

  std::string_view kind() const override { return "anthropic"; }
  const std::string& model() const override { return s_.model; }

  Result<CompletionReply> complete(const CompletionRequest& request, const Deadline& deadline) override {
    HttpRequest http;
    http.url = s_.url;
    http.headers = {{"content-type", "application/json"},
                    {"anthropic-version", "2023-06-01"},
                    {"x-api-key", s_.api_key}};
    http.body = anthropic_request_body(request, s_.model).dump(-1, ' ', false, json::error_handler_t::replace);
    http.timeout = retry_.request_timeout;
    ExchangeContext ctx{"anthropic", s_.model, s_.api_key_env};
    auto response = post_with_retry(transport_, std::move(http), retry_, deadline, ctx);
    if (!response) return std::unexpected(response.error());
    return parse_anthropic_reply(response->body, ctx, s_.url);
  }

 private:
  AnthropicSettings s_;
  Transport& transport_;
  RetryPolicy retry_;
};

}  // namespace

json anthropic_request_body(const CompletionRequest& request, const std::string& model) {
  json body = {{"model", model}, {"max_tokens", request.max_tokens}};
  // Prompt caching: a cache_control breakpoint caches everything up to and
  // including its block, in the order tools -> system -> messages. The skill
  // body and the tool list do not change within a run (or between runs of
  // the same skill), so one breakpoint on the system block covers both.
  body["system"] = json::array(
      {{{"type", "text"}, {"text", request.system}, {"cache_control", {{"type", "ephemeral"}}}}});
  json tools = json::array();
  for (const auto& t : request.tools)
    tools.push_back({{"name", t.name}, {"description", t.description}, {"input_schema", t.input_schema}});
  if (!tools.empty()) body["tools"] = std::move(tools);
  json messages = json::array();
  for (const auto& m : request.messages) {
    json content = json::array();
    for (const auto& b : m.blocks) content.push_back(block_to_wire(b));
    messages.push_back({{"role", m.role == Role::User ? "user" : "assistant"}, {"content", std::move(content)}});
  }
  body["messages"] = std::move(messages);
  return body;
}

Result<CompletionReply> parse_anthropic_reply(const std::string& body, const ExchangeContext& ctx,
                                              const std::string& url) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::unexpected(bad_response(ctx, url, "not JSON", body));
  if (!parsed.contains("content") || !parsed["content"].is_array())
    return std::unexpected(bad_response(ctx, url, "no content array", body));
  CompletionReply reply;
  for (const auto& block : parsed["content"]) {
    if (!block.is_object()) continue;
    std::string type = block.contains("type") && block["type"].is_string() ? block["type"].get<std::string>() : "";
    if (type == "text") {
      reply.blocks.push_back(Block::text_block(block.contains("text") && block["text"].is_string() ? block["text"].get<std::string>() : ""));
    } else if (type == "tool_use") {
      if (!block.contains("id") || !block["id"].is_string() || !block.contains("name") || !block["name"].is_string())
        return std::unexpected(bad_response(ctx, url, "a tool_use block without id or name", body));
      json input = block.contains("input") && block["input"].is_object() ? block["input"] : json::object();
      reply.blocks.push_back(Block::tool_use(block["id"], block["name"], std::move(input)));
    }
    // thinking and other block kinds carry nothing the loop needs.
  }
  reply.stop = parse_stop(parsed.contains("stop_reason") && parsed["stop_reason"].is_string()
                              ? parsed["stop_reason"].get<std::string>()
                              : std::string{});
  if (reply.stop == StopReason::Other && !reply.tool_uses().empty()) reply.stop = StopReason::ToolUse;
  if (parsed.contains("usage") && parsed["usage"].is_object()) {
    const auto& u = parsed["usage"];
    reply.usage.input_tokens = count(u, "input_tokens");
    reply.usage.output_tokens = count(u, "output_tokens");
    reply.usage.cache_write_tokens = count(u, "cache_creation_input_tokens");
    reply.usage.cache_read_tokens = count(u, "cache_read_input_tokens");
  }
  if (parsed.contains("model") && parsed["model"].is_string()) reply.model = parsed["model"];
  return reply;
}

std::unique_ptr<ChatProvider> make_anthropic_provider(AnthropicSettings settings, Transport& transport,
                                                      RetryPolicy retry) {
  return std::make_unique<AnthropicProvider>(std::move(settings), transport, retry);
}

}  // namespace hookagent::agent
