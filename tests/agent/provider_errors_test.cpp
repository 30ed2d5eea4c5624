// Retries, backoff and error lines against the scripted provider: 429 with
// retry-after, 529, 500, timeouts, 4xx, and answers that are not the API's.
#include <catch2/catch.hpp>

#include "agent/agent_runner.hpp"
#include "agent/providers/chat_provider.hpp"
#include "support/scripted_provider.hpp"

using namespace hookagent;
using namespace hookagent::agent;
using hookagent::test::ScriptedProvider;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

struct Client {
  ScriptedProvider server;
  std::unique_ptr<Transport> transport = make_curl_transport();
  std::unique_ptr<ChatProvider> provider;

  explicit Client(std::string kind = "anthropic", milliseconds request_timeout = milliseconds(3000)) {
    ProviderConfig config;
    config.kind = kind;
    config.model = kind == "anthropic" ? "claude-sonnet-4-5" : "my-local-model";
    config.base_url = kind == "anthropic" ? server.base_url() : server.base_url() + "/v1";
    config.api_key_env = "TEST_PROVIDER_KEY";
    RetryPolicy retry;
    retry.base_delay = milliseconds(20);
    retry.max_delay = milliseconds(100);
    retry.request_timeout = request_timeout;
    auto env = [](const std::string&) -> std::optional<std::string> { return "k"; };
    provider = std::move(*make_chat_provider(config, *transport, env, retry));
  }

  Result<CompletionReply> call(milliseconds deadline = milliseconds(10000)) {
    CompletionRequest r;
    r.system = "s";
    r.messages.push_back({Role::User, {Block::text_block("hi")}});
    return provider->complete(r, Deadline(deadline));
  }
};

}  // namespace

TEST_CASE("429 with retry-after waits that long, then succeeds", "[agent][retry]") {
  Client c;
  c.server.push({429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})", {{"retry-after", "1"}}});
  c.server.push({200, ScriptedProvider::anthropic_text("ok")});
  auto start = std::chrono::steady_clock::now();
  auto reply = c.call();
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(reply);
  CHECK(reply->text() == "ok");
  CHECK(took >= milliseconds(950));
  CHECK(c.server.requests().size() == 2);
}

TEST_CASE("retry-after longer than the time left fails at once with a clear line", "[agent][retry]") {
  Client c;
  c.server.push({429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})", {{"retry-after", "20"}}});
  auto reply = c.call(milliseconds(2000));
  REQUIRE_FALSE(reply);
  CHECK(reply.error().kind == ErrorKind::Provider);
  CHECK(reply.error().what.find("429") != std::string::npos);
  CHECK(reply.error().what.find("deadline") != std::string::npos);
  CHECK(c.server.requests().size() == 1);
}

TEST_CASE("529 overloaded and 500 are retried with backoff", "[agent][retry]") {
  Client c;
  c.server.push({529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"});
  c.server.push({500, R"({"type":"error","error":{"type":"api_error","message":"boom"}})"});
  c.server.push({200, ScriptedProvider::anthropic_text("ok")});
  auto reply = c.call();
  REQUIRE(reply);
  CHECK(c.server.requests().size() == 3);
}

TEST_CASE("a provider that keeps failing gives up after max attempts", "[agent][retry]") {
  Client c;
  c.server.set_fallback({503, "<html><body>Service Unavailable</body></html>"});
  auto reply = c.call();
  REQUIRE_FALSE(reply);
  CHECK(reply.error().what.find("after 4 attempts") != std::string::npos);
  CHECK(reply.error().what.find("503") != std::string::npos);
  CHECK(c.server.requests().size() == 4);
}

TEST_CASE("a server that stalls past the request timeout is retried, then reported", "[agent][retry]") {
  Client c("anthropic", milliseconds(300));
  c.server.push({200, ScriptedProvider::anthropic_text("late"), {}, milliseconds(1200)});
  c.server.push({200, ScriptedProvider::anthropic_text("on time")});
  auto reply = c.call();
  REQUIRE(reply);
  CHECK(reply->text() == "on time");

  Client stalled("anthropic", milliseconds(200));
  stalled.server.set_fallback({200, ScriptedProvider::anthropic_text("late"), {}, milliseconds(700)});
  auto start = std::chrono::steady_clock::now();
  auto failed = stalled.call(milliseconds(1500));
  REQUIRE_FALSE(failed);
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(2500));  // never past the deadline by much
  CHECK((failed.error().what.find("no answer within") != std::string::npos ||
         failed.error().what.find("out of time") != std::string::npos));
}

TEST_CASE("401 names the API key variable; 404 names the model; 400 quotes the API", "[agent][errors]") {
  {
    Client c;
    c.server.push({401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"});
    auto r = c.call();
    REQUIRE_FALSE(r);
    CHECK(r.error().hint.find("$TEST_PROVIDER_KEY") != std::string::npos);
    CHECK(c.server.requests().size() == 1);  // never retried
  }
  {
    Client c;
    c.server.push({404, R"({"type":"error","error":{"type":"not_found_error","message":"model: nope"}})"});
    auto r = c.call();
    REQUIRE_FALSE(r);
    CHECK(r.error().hint.find("claude-sonnet-4-5") != std::string::npos);
  }
  {
    Client c("openai");
    c.server.push({400, R"({"error":{"message":"max_tokens is too large","type":"invalid_request_error"}})"});
    auto r = c.call();
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("max_tokens is too large") != std::string::npos);
  }
}

TEST_CASE("truncated JSON and HTML pages are clear errors, not crashes", "[agent][errors]") {
  {
    Client c;
    std::string body = ScriptedProvider::anthropic_text("ok");
    c.server.push({200, body.substr(0, body.size() / 2)});
    auto r = c.call();
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("unusable answer") != std::string::npos);
    CHECK(r.error().what.find("not JSON") != std::string::npos);
  }
  {
    Client c("openai");
    c.server.push({200, "<!DOCTYPE html><html><body>Welcome to nginx</body></html>"});
    auto r = c.call();
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("HTML") != std::string::npos);
    CHECK(r.error().hint.find("base_url") != std::string::npos);
  }
  {
    Client c;
    c.server.push({200, R"({"id":"x","type":"message"})"});
    auto r = c.call();
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("no content") != std::string::npos);
  }
}

TEST_CASE("a missing API key names the variable", "[agent][errors]") {
  auto transport = make_curl_transport();
  ProviderConfig config;
  config.kind = "anthropic";
  auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  auto p = make_chat_provider(config, *transport, none);
  REQUIRE_FALSE(p);
  CHECK(p.error().what.find("$ANTHROPIC_API_KEY") != std::string::npos);
  config.kind = "openai";
  config.model = "llama3";
  config.base_url = "http://127.0.0.1:11434/v1";  // a local server needs no key
  CHECK(make_chat_provider(config, *transport, none));
}
