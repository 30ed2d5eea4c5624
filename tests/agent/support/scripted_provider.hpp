#pragma once
// A fake LLM provider on 127.0.0.1 (random port) for tests: it answers
// POST /v1/messages (Anthropic) and POST /v1/chat/completions (OpenAI) with
// scripted replies in each real wire format, records every request, and can
// stall, fail with any status, or send garbage.
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace hookagent::test {

struct ScriptedReply {
  ScriptedReply(int status_ = 200, std::string body_ = {}, std::map<std::string, std::string> headers_ = {},
                std::chrono::milliseconds delay_ = std::chrono::milliseconds(0))
      : status(status_), body(std::move(body_)), headers(std::move(headers_)), delay(delay_) {}
  int status;
  std::string body;
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds delay;  // sleep before answering (timeouts)
  std::string content_type = "application/json";  // "text/event-stream" for a streamed (SSE) reply
};

struct RecordedRequest {
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

struct ToolCallSpec {
  std::string id;
  std::string name;
  nlohmann::json input;
};

class ScriptedProvider {
 public:
  ScriptedProvider();
  ~ScriptedProvider();
  ScriptedProvider(const ScriptedProvider&) = delete;
  ScriptedProvider& operator=(const ScriptedProvider&) = delete;

  // Replies are served in order; when none is left, the fallback (default: a
  // 500 saying the script ran out).
  void push(ScriptedReply reply);
  void set_fallback(ScriptedReply reply);
  // Streaming mode: when the queue is empty, `responder` answers each request
  // from what it asked (a real agent CLI may send side requests, so a fixed
  // order does not fit). Consulted before the fallback, under the server's
  // lock: it must not call back into this object.
  void set_responder(std::function<ScriptedReply(const RecordedRequest&)> responder);

  std::string base_url() const;  // "http://127.0.0.1:<port>"
  int port() const { return port_; }
  std::vector<RecordedRequest> requests() const;
  // Every request the server saw, answered or not ("HEAD /", "GET /x", ...):
  // requests() holds only the POSTs to the API routes.
  std::vector<std::string> request_lines() const;
  // True when any recorded request body contains `needle`.
  bool any_body_contains(const std::string& needle) const;

  // Real wire-format bodies.
  static std::string anthropic_text(const std::string& text, int in = 100, int out = 20);
  static std::string anthropic_tools(const std::vector<ToolCallSpec>& calls, const std::string& text = {});
  static std::string openai_text(const std::string& text);
  static std::string openai_tools(const std::vector<ToolCallSpec>& calls);
  // The same Anthropic replies as a `"stream": true` request gets them: SSE
  // events message_start, content_block_start/delta/stop per block,
  // message_delta (stop_reason), message_stop. Claude Code 2.1 streams only.
  static std::string anthropic_sse_text(const std::string& text);
  static std::string anthropic_sse_tools(const std::vector<ToolCallSpec>& calls, const std::string& text = {});
  static ScriptedReply sse_reply(std::string sse_body);  // 200, text/event-stream

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::deque<ScriptedReply> queue_;
  std::optional<ScriptedReply> fallback_;
  std::function<ScriptedReply(const RecordedRequest&)> responder_;
  std::vector<RecordedRequest> requests_;
  std::vector<std::string> request_lines_;
};

// The tool_result blocks of an Anthropic request's last user message, or the
// role:"tool" messages after the last assistant message of an OpenAI request.
std::vector<nlohmann::json> last_tool_results(const nlohmann::json& request);

}  // namespace hookagent::test
