#pragma once
// A chat provider turns our conversation into one HTTP exchange with an LLM
// and back. Retries, backoff and error wording live in http_exchange.hpp; the
// providers only know their wire format.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "agent/conversation.hpp"
#include "agent/limits.hpp"
#include "agent/providers/transport.hpp"
#include "config/config.hpp"
#include "core/result.hpp"

namespace hookagent::agent {

class ChatProvider {
 public:
  virtual ~ChatProvider() = default;
  // One model response. Provider errors carry the URL as `where` and a hint.
  virtual Result<CompletionReply> complete(const CompletionRequest& request, const Deadline& deadline) = 0;
  virtual std::string_view kind() const = 0;
  virtual const std::string& model() const = 0;
};

// How retries behave; tests shrink the delays.
struct RetryPolicy {
  int max_attempts = 4;                            // first try included
  std::chrono::milliseconds base_delay{500};       // doubled each attempt, with jitter
  std::chrono::milliseconds max_delay{8000};
  std::chrono::milliseconds max_retry_after{30000};  // cap on a server's retry-after
  std::chrono::milliseconds request_timeout{120000}; // one HTTP exchange; also capped by the run's deadline
};

// Reads an environment variable; injectable so tests need not setenv.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

// Builds the provider for `config.kind` ("anthropic" | "openai"). "none" and
// "command" are not chat providers: see command_agent.hpp. A missing API key
// is an error naming the variable.
Result<std::unique_ptr<ChatProvider>> make_chat_provider(const ProviderConfig& config, Transport& transport,
                                                         const EnvLookup& env, RetryPolicy retry = {});

}  // namespace hookagent::agent
