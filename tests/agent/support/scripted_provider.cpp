#include "scripted_provider.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>

namespace hookagent::test {

using nlohmann::json;

ScriptedProvider::ScriptedProvider() : server_(std::make_unique<httplib::Server>()) {
  auto handle = [this](const httplib::Request& req, httplib::Response& res) {
    ScriptedReply reply;
    {
      std::lock_guard lock(mu_);
      RecordedRequest r{req.path, {}, req.body};
      for (const auto& [k, v] : req.headers) {
        std::string name = k;
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        r.headers[name] = v;
      }
      requests_.push_back(r);
      if (!queue_.empty()) {
        reply = queue_.front();
        queue_.pop_front();
      } else if (responder_) {
        reply = responder_(r);
      } else if (fallback_) {
        reply = *fallback_;
      } else {
        reply = {500, R"({"type":"error","error":{"type":"api_error","message":"script ran out"}})", {}, {}};
      }
    }
    if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
    res.status = reply.status;
    for (const auto& [k, v] : reply.headers) res.set_header(k, v);
    res.set_content(reply.body, reply.content_type.c_str());
  };
  server_->set_logger([this](const httplib::Request& req, const httplib::Response&) {
    std::lock_guard lock(mu_);
    request_lines_.push_back(req.method + " " + req.path);
  });
  server_->set_tcp_nodelay(true);  // like real API servers; avoids Nagle + delayed-ACK stalls on keep-alive
  server_->Post("/v1/messages", handle);
  server_->Post("/v1/chat/completions", handle);
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ScriptedProvider::~ScriptedProvider() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void ScriptedProvider::push(ScriptedReply reply) {
  std::lock_guard lock(mu_);
  queue_.push_back(std::move(reply));
}

void ScriptedProvider::set_fallback(ScriptedReply reply) {
  std::lock_guard lock(mu_);
  fallback_ = std::move(reply);
}

void ScriptedProvider::set_responder(std::function<ScriptedReply(const RecordedRequest&)> responder) {
  std::lock_guard lock(mu_);
  responder_ = std::move(responder);
}

std::string ScriptedProvider::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<RecordedRequest> ScriptedProvider::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<std::string> ScriptedProvider::request_lines() const {
  std::lock_guard lock(mu_);
  return request_lines_;
}

bool ScriptedProvider::any_body_contains(const std::string& needle) const {
  std::lock_guard lock(mu_);
  for (const auto& r : requests_)
    if (r.body.find(needle) != std::string::npos) return true;
  return false;
}

std::string ScriptedProvider::anthropic_text(const std::string& text, int in, int out) {
  json body = {{"id", "msg_test"},
               {"type", "message"},
               {"role", "assistant"},
               {"model", "claude-sonnet-4-5"},
               {"content", json::array({{{"type", "text"}, {"text", text}}})},
               {"stop_reason", "end_turn"},
               {"stop_sequence", nullptr},
               {"usage", {{"input_tokens", in}, {"output_tokens", out}, {"cache_creation_input_tokens", 0},
                          {"cache_read_input_tokens", 0}}}};
  return body.dump();
}

std::string ScriptedProvider::anthropic_tools(const std::vector<ToolCallSpec>& calls, const std::string& text) {
  json content = json::array();
  if (!text.empty()) content.push_back({{"type", "text"}, {"text", text}});
  for (const auto& c : calls) content.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", c.input}});
  json body = {{"id", "msg_test"},
               {"type", "message"},
               {"role", "assistant"},
               {"model", "claude-sonnet-4-5"},
               {"content", content},
               {"stop_reason", "tool_use"},
               {"stop_sequence", nullptr},
               {"usage", {{"input_tokens", 200}, {"output_tokens", 30}, {"cache_creation_input_tokens", 50},
                          {"cache_read_input_tokens", 0}}}};
  return body.dump();
}

std::string ScriptedProvider::openai_text(const std::string& text) {
  json body = {{"id", "chatcmpl-test"},
               {"object", "chat.completion"},
               {"model", "gpt-4o-mini"},
               {"choices", json::array({{{"index", 0},
                                         {"message", {{"role", "assistant"}, {"content", text}}},
                                         {"finish_reason", "stop"}}})},
               {"usage", {{"prompt_tokens", 100}, {"completion_tokens", 20}, {"total_tokens", 120}}}};
  return body.dump();
}

std::string ScriptedProvider::openai_tools(const std::vector<ToolCallSpec>& calls) {
  json tool_calls = json::array();
  for (const auto& c : calls)
    tool_calls.push_back({{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.input.dump()}}}});
  json body = {{"id", "chatcmpl-test"},
               {"object", "chat.completion"},
               {"model", "gpt-4o-mini"},
               {"choices", json::array({{{"index", 0},
                                         {"message", {{"role", "assistant"}, {"content", nullptr}, {"tool_calls", tool_calls}}},
                                         {"finish_reason", "tool_calls"}}})},
               {"usage", {{"prompt_tokens", 200}, {"completion_tokens", 30}, {"total_tokens", 230}}}};
  return body.dump();
}

namespace {

std::string sse_event(const json& data) {
  return "event: " + data["type"].get<std::string>() + "\ndata: " + data.dump() + "\n\n";
}

// One streamed message: each block is {"type":"text","text":..} or
// {"type":"tool_use","id":..,"name":..,"input":{..}}.
std::string anthropic_sse(const json& blocks, const std::string& stop_reason) {
  std::string out = sse_event({{"type", "message_start"},
                               {"message", {{"id", "msg_test"},
                                            {"type", "message"},
                                            {"role", "assistant"},
                                            {"model", "claude-sonnet-4-5"},
                                            {"content", json::array()},
                                            {"stop_reason", nullptr},
                                            {"stop_sequence", nullptr},
                                            {"usage", {{"input_tokens", 10}, {"output_tokens", 1}}}}}});
  for (size_t i = 0; i < blocks.size(); ++i) {
    const json& b = blocks[i];
    bool text = b["type"] == "text";
    json start = text ? json{{"type", "text"}, {"text", ""}}
                      : json{{"type", "tool_use"}, {"id", b["id"]}, {"name", b["name"]}, {"input", json::object()}};
    json delta = text ? json{{"type", "text_delta"}, {"text", b["text"]}}
                      : json{{"type", "input_json_delta"}, {"partial_json", b["input"].dump()}};
    out += sse_event({{"type", "content_block_start"}, {"index", i}, {"content_block", start}});
    out += sse_event({{"type", "content_block_delta"}, {"index", i}, {"delta", delta}});
    // Claude Code 2.1 drops a block that never gets its content_block_stop.
    out += sse_event({{"type", "content_block_stop"}, {"index", i}});
  }
  out += sse_event({{"type", "message_delta"},
                    {"delta", {{"stop_reason", stop_reason}, {"stop_sequence", nullptr}}},
                    {"usage", {{"output_tokens", 5}}}});
  out += sse_event({{"type", "message_stop"}});
  return out;
}

}  // namespace

std::string ScriptedProvider::anthropic_sse_text(const std::string& text) {
  return anthropic_sse(json::array({{{"type", "text"}, {"text", text}}}), "end_turn");
}

std::string ScriptedProvider::anthropic_sse_tools(const std::vector<ToolCallSpec>& calls, const std::string& text) {
  json blocks = json::array();
  if (!text.empty()) blocks.push_back({{"type", "text"}, {"text", text}});
  for (const auto& c : calls) blocks.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", c.input}});
  return anthropic_sse(blocks, "tool_use");
}

ScriptedReply ScriptedProvider::sse_reply(std::string sse_body) {
  ScriptedReply reply(200, std::move(sse_body), {{"Cache-Control", "no-cache"}});
  reply.content_type = "text/event-stream";
  return reply;
}

std::vector<json> last_tool_results(const json& request) {
  std::vector<json> out;
  if (!request.is_object() || !request.contains("messages")) return out;
  const auto& messages = request["messages"];
  if (messages.empty()) return out;
  const auto& last = messages.back();
  if (last.contains("content") && last["content"].is_array()) {  // Anthropic
    for (const auto& b : last["content"])
      if (b.value("type", "") == "tool_result") out.push_back(b);
    return out;
  }
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {  // OpenAI
    if ((*it).value("role", "") != "tool") break;
    out.insert(out.begin(), *it);
  }
  return out;
}

}  // namespace hookagent::test
