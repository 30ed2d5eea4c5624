// OpenAI Chat Completions (POST .../v1/chat/completions, Authorization: Bearer).
// Request: model, max_tokens, messages (system, user, assistant with
// tool_calls [{id, type:"function", function:{name, arguments}}], tool with
// tool_call_id), tools [{type:"function", function:{name, description,
// parameters}}]. Response: choices[0].message.{content, tool_calls} where
// arguments is a JSON *string*, finish_reason, usage {prompt_tokens,
// completion_tokens}. Ollama, llama.cpp server, vLLM and OpenRouter speak it.
#include "agent/providers/openai_provider.hpp"

namespace hookagent::agent {

namespace {

using nlohmann::json;

int64_t int_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

StopReason parse_finish(const std::string& s) {
  if (s == "stop") return StopReason::EndTurn;
  if (s == "tool_calls" || s == "function_call") return StopReason::ToolUse;
  if (s == "length") return StopReason::MaxTokens;
  return StopReason::Other;
}

void append_messages(json& out, const Message& m) {
  if (m.role == Role::Assistant) {
    json msg = {{"role", "assistant"}};
    std::string text;
    json calls = json::array();
    for (const auto& b : m.blocks) {
      if (b.kind == BlockKind::Text) text += b.text;
      if (b.kind == BlockKind::ToolUse)
        calls.push_back({{"id", b.id}, {"type", "function"}, {"function", {{"name", b.name}, {"arguments", b.input.dump()}}}});
    }
    msg["content"] = text.empty() ? json(nullptr) : json(text);
    if (!calls.empty()) msg["tool_calls"] = std::move(calls);
    out.push_back(std::move(msg));
    return;
  }
  // A user turn: tool results become one "tool" message each (Chat Completions
  // has no is_error flag, so errors are prefixed), text becomes a user message.
  std::string text;
  for (const auto& b : m.blocks) {
    if (b.kind == BlockKind::ToolResult)
      out.push_back({{"role", "tool"}, {"tool_call_id", b.id}, {"content", (b.is_error ? "ERROR: " : "") + b.text}});
    else if (b.kind == BlockKind::Text)
      text += (text.empty() ? "" : "\n") + b.text;
  }
  if (!text.empty()) out.push_back({{"role", "user"}, {"content", text}});
}

class OpenAiProvider : public ChatProvider {
 public:
  OpenAiProvider(OpenAiSettings s, Transport& t, RetryPolicy r) : s_(std::move(s)), transport_(t), retry_(r) {}

  std::string_view kind() const override { return "openai"; }
  const std::string& model() const override { return s_.model; }

  Result<CompletionReply> complete(const CompletionRequest& request, const Deadline& deadline) override {
    HttpRequest http;
    http.url = s_.url;
    http.headers = {{"content-type", "application/json"}};
    if (!s_.api_key.empty()) http.headers["authorization"] = "Bearer " + s_.api_key;
    http.body = openai_request_body(request, s_.model).dump(-1, ' ', false, json::error_handler_t::replace);
    http.timeout = retry_.request_timeout;
    ExchangeContext ctx{"openai", s_.model, s_.api_key_env};
    auto response = post_with_retry(transport_, std::move(http), retry_, deadline, ctx);
    if (!response) return std::unexpected(response.error());
    return parse_openai_reply(response->body, ctx, s_.url);
  }

 private:
  OpenAiSettings s_;
  Transport& transport_;
  RetryPolicy retry_;
};

}  // namespace

std::string openai_endpoint(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.ends_with("/chat/completions")) return base;
  auto scheme = base.find("://");
  size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  if (base.find('/', host_start) == std::string::npos) return base + "/v1/chat/completions";
  return base + "/chat/completions";
}

json openai_request_body(const CompletionRequest& request, const std::string& model) {
  json messages = json::array();
  messages.push_back({{"role", "system"}, {"content", request.system}});
  for (const auto& m : request.messages) append_messages(messages, m);
  json body = {{"model", model}, {"max_tokens", request.max_tokens}, {"messages", std::move(messages)}};
  json tools = json::array();
  for (const auto& t : request.tools)
    tools.push_back({{"type", "function"},
                     {"function", {{"name", t.name}, {"description", t.description}, {"parameters", t.input_schema}}}});
  if (!tools.empty()) body["tools"] = std::move(tools);
  return body;
}

Result<CompletionReply> parse_openai_reply(const std::string& body, const ExchangeContext& ctx, const std::string& url) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::unexpected(bad_response(ctx, url, "not JSON", body));
  if (!parsed.contains("choices") || !parsed["choices"].is_array() || parsed["choices"].empty() ||
      !parsed["choices"][0].contains("message") || !parsed["choices"][0]["message"].is_object())
    return std::unexpected(bad_response(ctx, url, "no choices[0].message", body));
  const auto& choice = parsed["choices"][0];
  const auto& message = choice["message"];
  CompletionReply reply;
  if (message.contains("content") && message["content"].is_string() && !message["content"].get<std::string>().empty())
    reply.blocks.push_back(Block::text_block(message["content"]));
  if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
    int n = 0;
    for (const auto& call : message["tool_calls"]) {
      ++n;
      if (!call.contains("function") || !call["function"].is_object()) continue;
      const auto& fn = call["function"];
      std::string name = fn.contains("name") && fn["name"].is_string() ? fn["name"].get<std::string>() : "";
      // Some OpenAI-compatible servers omit the id; make one so results pair up.
      std::string id = call.contains("id") && call["id"].is_string() ? call["id"].get<std::string>()
                                                                     : "call_" + std::to_string(n);
      json input = json::object();
      if (fn.contains("arguments")) {
        const auto& args = fn["arguments"];
        if (args.is_object()) {
          input = args;  // observed on some servers; the spec says a string
        } else if (args.is_string()) {
          auto decoded = json::parse(args.get<std::string>(), nullptr, false);
          // Malformed arguments are passed on as a marker the tool rejects,
          // so the model gets an is_error result it can correct.
          input = decoded.is_object() ? decoded : json{{"__invalid_arguments", args}};
        }
      }
      reply.blocks.push_back(Block::tool_use(id, name, std::move(input)));
    }
  }
  reply.stop = parse_finish(choice.contains("finish_reason") && choice["finish_reason"].is_string()
                                ? choice["finish_reason"].get<std::string>()
                                : std::string{});
  if (reply.stop != StopReason::MaxTokens && !reply.tool_uses().empty()) reply.stop = StopReason::ToolUse;
  if (parsed.contains("usage") && parsed["usage"].is_object()) {
    const auto& u = parsed["usage"];
    int64_t prompt = int_field(u, "prompt_tokens");
    int64_t cached = 0;
    if (u.contains("prompt_tokens_details") && u["prompt_tokens_details"].is_object())
      cached = int_field(u["prompt_tokens_details"], "cached_tokens");
    reply.usage.input_tokens = prompt - cached;
    reply.usage.cache_read_tokens = cached;
    reply.usage.output_tokens = int_field(u, "completion_tokens");
  }
  if (parsed.contains("model") && parsed["model"].is_string()) reply.model = parsed["model"];
  return reply;
}

std::unique_ptr<ChatProvider> make_openai_provider(OpenAiSettings settings, Transport& transport, RetryPolicy retry) {
  return std::make_unique<OpenAiProvider>(std::move(settings), transport, retry);
}

}  // namespace hookagent::agent
