#include <cstdlib>

#include "agent/providers/anthropic_provider.hpp"
#include "agent/providers/chat_provider.hpp"
#include "agent/providers/openai_provider.hpp"

namespace hookagent::agent {

namespace {

constexpr const char* kAnthropicBase = "https://api.anthropic.com";
constexpr const char* kOpenAiBase = "https://api.openai.com/v1";

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// Anthropic's base_url, as in its SDKs, EXCLUDES /v1: we append /v1/messages
// (or just /messages when the user wrote .../v1).
std::string anthropic_endpoint(std::string base) {
  base = trim_slashes(std::move(base));
  if (base.ends_with("/v1/messages")) return base;
  if (base.ends_with("/v1")) return base + "/messages";
  return base + "/v1/messages";
}

Result<std::string> read_key(const EnvLookup& env, const std::string& var, const std::string& kind) {
  auto value = env(var);
  if (!value || value->empty())
    return fail(ErrorKind::Provider, "the " + kind + " provider needs an API key, but $" + var + " is not set",
                "provider.api_key_env",
                "export " + var + "=<your key>, or set provider.api_key_env in ~/.config/hookagent/config.toml");
  return *value;
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Result<std::unique_ptr<ChatProvider>> make_chat_provider(const ProviderConfig& config, Transport& transport,
                                                         const EnvLookup& env, RetryPolicy retry) {
  if (config.kind == "anthropic") {
    AnthropicSettings s;
    s.url = anthropic_endpoint(config.base_url.empty() ? kAnthropicBase : config.base_url);
    s.model = config.model.empty() ? "claude-sonnet-4-5" : config.model;
    s.api_key_env = config.api_key_env.empty() ? "ANTHROPIC_API_KEY" : config.api_key_env;
    auto key = read_key(env, s.api_key_env, "anthropic");
    if (!key) return std::unexpected(key.error());
    s.api_key = *key;
    return make_anthropic_provider(std::move(s), transport, retry);
  }
  if (config.kind == "openai") {
    OpenAiSettings s;
    bool custom_server = !config.base_url.empty();
    s.url = openai_endpoint(custom_server ? config.base_url : kOpenAiBase);
    s.model = config.model;
    if (s.model.empty())
      return fail(ErrorKind::Config, "the openai provider needs a model name", "provider.model",
                  "set provider.model, e.g. \"gpt-4o-mini\" or the name your server serves (\"qwen2.5-coder\")");
    // Local servers (Ollama, llama.cpp) need no key: only require one when a
    // variable is named, or when talking to OpenAI itself.
    s.api_key_env = config.api_key_env.empty() && !custom_server ? "OPENAI_API_KEY" : config.api_key_env;
    if (!s.api_key_env.empty()) {
      auto key = read_key(env, s.api_key_env, "openai");
      if (!key) return std::unexpected(key.error());
      s.api_key = *key;
    }
    return make_openai_provider(std::move(s), transport, retry);
  }
  return fail(ErrorKind::Config, "provider kind \"" + config.kind + "\" has no HTTP chat API", "provider.kind",
              "use anthropic or openai here; command and none are handled by the review itself");
}

}  // namespace hookagent::agent
