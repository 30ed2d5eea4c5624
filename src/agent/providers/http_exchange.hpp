#pragma once
// One provider call over HTTP with retries (DESIGN §7): 429, 529, 5xx,
// timeouts and dropped connections retry with exponential backoff and jitter,
// honouring `retry-after` (seconds), never past the run's deadline. Any other
// 4xx fails at once with a one-line message saying what to check.
#include <string>

#include "agent/limits.hpp"
#include "agent/providers/chat_provider.hpp"
#include "agent/providers/transport.hpp"
#include "core/result.hpp"

namespace hookagent::agent {

// What the error lines name.
struct ExchangeContext {
  std::string provider;     // "anthropic"
  std::string model;
  std::string api_key_env;  // named on 401/403; may be empty
};

// Returns the 2xx response, or the error after retries.
Result<HttpResponse> post_with_retry(Transport& transport, HttpRequest request, const RetryPolicy& retry,
                                     const Deadline& deadline, const ExchangeContext& context);

// The API's own error message from an error body (Anthropic and OpenAI both use
// {"error":{"message":...}}; Ollama {"error":"..."}), or a short description of
// a body that is not JSON ("an HTML page", the first line).
std::string api_error_message(const std::string& body);

// A provider answered 2xx with a body we cannot use.
Error bad_response(const ExchangeContext& context, const std::string& url, const std::string& what,
                   const std::string& body);

}  // namespace hookagent::agent
