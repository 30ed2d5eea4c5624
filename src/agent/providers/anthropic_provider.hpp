#pragma once
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/providers/chat_provider.hpp"
#include "agent/providers/http_exchange.hpp"

namespace hookagent::agent {

struct AnthropicSettings {
  std::string url;          // full endpoint: {base_url}/v1/messages
  std::string model;
  std::string api_key;
  std::string api_key_env;  // named in errors
};

std::unique_ptr<ChatProvider> make_anthropic_provider(AnthropicSettings settings, Transport& transport,
                                                      RetryPolicy retry);

// Wire translation, exposed for tests.
nlohmann::json anthropic_request_body(const CompletionRequest& request, const std::string& model);
Result<CompletionReply> parse_anthropic_reply(const std::string& body, const ExchangeContext& ctx,
                                              const std::string& url);

}  // namespace hookagent::agent
