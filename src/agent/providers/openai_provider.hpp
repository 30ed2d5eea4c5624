#pragma once
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/providers/chat_provider.hpp"
#include "agent/providers/http_exchange.hpp"

namespace hookagent::agent {

struct OpenAiSettings {
  std::string url;          // full endpoint: .../v1/chat/completions (see openai_endpoint)
  std::string model;
  std::string api_key;      // empty: no Authorization header (local servers)
  std::string api_key_env;
};

std::unique_ptr<ChatProvider> make_openai_provider(OpenAiSettings settings, Transport& transport, RetryPolicy retry);

// base_url follows the OpenAI SDKs' convention and INCLUDES the version
// prefix: "https://api.openai.com/v1", "http://localhost:11434/v1" (Ollama),
// "http://localhost:8080/v1" (llama.cpp, vLLM), "https://openrouter.ai/api/v1".
// We append "/chat/completions". Forgiving forms: a base_url that already ends
// in /chat/completions is used as is; one with no path at all
// ("http://localhost:11434") gets "/v1/chat/completions".
std::string openai_endpoint(std::string base_url);

// Wire translation, exposed for tests.
nlohmann::json openai_request_body(const CompletionRequest& request, const std::string& model);
Result<CompletionReply> parse_openai_reply(const std::string& body, const ExchangeContext& ctx, const std::string& url);

}  // namespace hookagent::agent
