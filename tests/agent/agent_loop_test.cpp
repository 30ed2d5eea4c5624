// The agent loop against the scripted provider over real loopback HTTP, in
// both wire formats: what is sent, what is denied, what runs, how it stops.
#include <catch2/catch.hpp>

#include <filesystem>

#include "agent/agent_runner.hpp"
#include "agent/providers/chat_provider.hpp"
#include "support/scripted_provider.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::agent;
using hookagent::test::ScriptedProvider;
using hookagent::test::ScriptedReply;
using nlohmann::json;

namespace {

RetryPolicy fast_retry() {
  RetryPolicy r;
  r.base_delay = std::chrono::milliseconds(10);
  r.max_delay = std::chrono::milliseconds(50);
  r.request_timeout = std::chrono::milliseconds(3000);
  return r;
}

struct Harness {
  ScriptedProvider server;
  std::unique_ptr<Transport> transport = make_curl_transport();
  std::unique_ptr<ChatProvider> provider;
  MemorySnapshot snapshot{{{"app.py", "import os\nos.system(input())\n"}, {"README.md", "hello\n"}}, "the staged changes"};
  std::vector<Finding> findings;
  ToolContext tools;
  AgentLimits limits;
  std::vector<std::string> gate_calls;
  ToolGate gate;

  explicit Harness(const std::string& kind = "anthropic", RetryPolicy retry = fast_retry()) {
    ProviderConfig config;
    config.kind = kind;
    config.model = kind == "anthropic" ? "claude-sonnet-4-5" : "gpt-4o-mini";
    config.base_url = kind == "anthropic" ? server.base_url() : server.base_url() + "/v1";
    config.api_key_env = "TEST_PROVIDER_KEY";
    auto env = [](const std::string&) -> std::optional<std::string> { return "test-key-value"; };
    auto p = make_chat_provider(config, *transport, env, retry);
    REQUIRE(p);
    provider = std::move(*p);
    tools.snapshot = &snapshot;
    tools.skill_name = "security-scan";
    limits.timeout = std::chrono::milliseconds(10000);
    // Allows Read, Grep, Glob and report_finding; denies everything else.
    gate = [this](std::string_view tool, const json&) {
      gate_calls.emplace_back(tool);
      bool ok = tool == "Read" || tool == "Grep" || tool == "Glob" || tool == "report_finding";
      return GateVerdict{ok, ok ? "" : "no allow rule matches " + std::string(tool), ok ? std::string(tool) : ""};
    };
  }

  Result<AgentOutcome> run(std::vector<std::string> tool_names = {"Read", "Grep", "Glob", "Bash"}) {
    ReviewTask task{"security-scan", "Find security problems.", "pre-commit", "diff of app.py", std::move(tool_names)};
    AgentRunner runner(*provider, limits, gate, {});
    return runner.run(task, tools);
  }
};

}  // namespace

TEST_CASE("a denied tool call goes back as an is_error tool_result and never runs", "[agent][loop]") {
  test::TempDir dir;
  Harness h;
  h.tools.work_tree = dir.path();
  h.tools.split_command = [](std::string_view c) { return SplitCommand{{"touch", std::string(c.substr(6))}, {}}; };
  h.server.push({200, ScriptedProvider::anthropic_tools({{"toolu_1", "Bash", {{"command", "touch marker"}}}})});
  h.server.push({200, ScriptedProvider::anthropic_text("done")});
  auto outcome = h.run();
  REQUIRE(outcome);
  CHECK(outcome->denials == 1);
  CHECK_FALSE(std::filesystem::exists(dir / "marker"));
  auto requests = h.server.requests();
  REQUIRE(requests.size() == 2);
  auto results = test::last_tool_results(requests[1].json());
  REQUIRE(results.size() == 1);
  CHECK(results[0]["tool_use_id"] == "toolu_1");
  CHECK(results[0]["is_error"] == true);
  CHECK(results[0]["content"].get<std::string>().find("denied") != std::string::npos);
  CHECK(outcome->summary == "done");
}

TEST_CASE("the anthropic request carries the wire format, headers and cache_control", "[agent][anthropic]") {
  Harness h;
  h.server.push({200, ScriptedProvider::anthropic_text("nothing found")});
  REQUIRE(h.run());
  auto r = h.server.requests().at(0);
  CHECK(r.path == "/v1/messages");
  CHECK(r.headers["anthropic-version"] == "2023-06-01");
  CHECK(r.headers["x-api-key"] == "test-key-value");
  auto body = r.json();
  CHECK(body["model"] == "claude-sonnet-4-5");
  CHECK(body["max_tokens"].is_number_integer());
  CHECK(body["system"][0]["cache_control"]["type"] == "ephemeral");
  CHECK(body["system"][0]["text"].get<std::string>().find("Find security problems.") != std::string::npos);
  bool has_report = false;
  for (const auto& t : body["tools"]) {
    CHECK(t.contains("input_schema"));
    if (t["name"] == "report_finding") has_report = true;
  }
  CHECK(has_report);
  CHECK(body["messages"][0]["role"] == "user");
}

TEST_CASE("several tool calls run and all results go back in one message", "[agent][loop]") {
  Harness h;
  h.server.push({200, ScriptedProvider::anthropic_tools({{"t1", "Read", {{"file_path", "app.py"}}},
                                                         {"t2", "Grep", {{"pattern", "system"}}}})});
  h.server.push({200, ScriptedProvider::anthropic_text("ok")});
  auto outcome = h.run();
  REQUIRE(outcome);
  auto results = test::last_tool_results(h.server.requests().at(1).json());
  REQUIRE(results.size() == 2);
  CHECK(results[0]["is_error"] == false);
  CHECK(results[0]["content"].get<std::string>().find("os.system(input())") != std::string::npos);
  CHECK(results[1]["content"].get<std::string>().find("app.py:2:") != std::string::npos);
  CHECK(h.server.requests().at(1).json()["messages"].size() == 3);
}

TEST_CASE("an unknown tool name gets an is_error result naming the real tools", "[agent][loop]") {
  Harness h;
  h.server.push({200, ScriptedProvider::anthropic_tools({{"t1", "WebFetch", {{"url", "http://x.invalid"}}}})});
  h.server.push({200, ScriptedProvider::anthropic_text("ok")});
  auto outcome = h.run();
  REQUIRE(outcome);
  auto results = test::last_tool_results(h.server.requests().at(1).json());
  REQUIRE(results.size() == 1);
  CHECK(results[0]["is_error"] == true);
  CHECK(results[0]["content"].get<std::string>().find("unknown tool") != std::string::npos);
  CHECK(outcome->denials == 1);
}

TEST_CASE("an endless tool loop stops at max turns", "[agent][loop]") {
  Harness h;
  h.limits.max_turns = 4;
  h.server.set_fallback({200, ScriptedProvider::anthropic_tools({{"t", "Glob", {{"pattern", "*.py"}}}})});
  auto outcome = h.run();
  REQUIRE(outcome);
  CHECK(outcome->stop == StopCause::MaxTurns);
  CHECK(outcome->turns == 4);
  CHECK(h.server.requests().size() == 4);
}

TEST_CASE("a run that keeps calling denied tools stops after N denials", "[agent][loop]") {
  Harness h;
  h.limits.max_denials = 3;
  h.server.set_fallback({200, ScriptedProvider::anthropic_tools({{"t", "Write", {{"file_path", "x"}, {"content", "y"}}}})});
  auto outcome = h.run({"Read", "Write"});
  REQUIRE(outcome);
  CHECK(outcome->stop == StopCause::MaxDenials);
  CHECK(outcome->denials == 3);
  CHECK(h.server.requests().size() == 3);
}

TEST_CASE("report_finding becomes a Finding with the skill as rule id", "[agent][loop]") {
  Harness h;
  h.server.push({200, ScriptedProvider::anthropic_tools(
                          {{"t1", "report_finding",
                            {{"file", "app.py"}, {"line", 2}, {"severity", "high"}, {"category", "injection"},
                             {"message", "os.system runs user input"}, {"confidence", 0.9}, {"fix", "use subprocess with a list"}}},
                           {"t2", "report_finding", {{"file", "app.py"}, {"severity", "urgent"}, {"message", "bad"}}}})});
  h.server.push({200, ScriptedProvider::anthropic_text("One command injection.")});
  auto outcome = h.run();
  REQUIRE(outcome);
  REQUIRE(outcome->findings.size() == 1);
  const Finding& f = outcome->findings[0];
  CHECK(f.rule_id == "security-scan");
  CHECK(f.source == FindingSource::Agent);
  CHECK(f.file == "app.py");
  CHECK(f.line == 2);
  CHECK(f.severity == Severity::High);
  CHECK(f.category == "injection");
  CHECK(f.fix_hint == "use subprocess with a list");
  CHECK(f.confidence == Approx(0.9));
  auto results = test::last_tool_results(h.server.requests().at(1).json());
  CHECK(results[1]["is_error"] == true);  // invalid severity is refused, not guessed
  CHECK(outcome->summary == "One command injection.");
  CHECK(outcome->usage.input_tokens == 300);
  REQUIRE(outcome->cost_usd);
  CHECK(*outcome->cost_usd > 0);
}

TEST_CASE("openai wire format: tool_calls with string arguments, role tool results", "[agent][openai]") {
  Harness h("openai");
  h.server.push({200, ScriptedProvider::openai_tools({{"call_1", "Read", {{"file_path", "README.md"}}},
                                                      {"call_2", "Bash", {{"command", "curl x"}}}})});
  h.server.push({200, ScriptedProvider::openai_text("fine")});
  auto outcome = h.run();
  REQUIRE(outcome);
  auto requests = h.server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].path == "/v1/chat/completions");
  CHECK(requests[0].headers["authorization"] == "Bearer test-key-value");
  auto first = requests[0].json();
  CHECK(first["messages"][0]["role"] == "system");
  CHECK(first["tools"][0]["type"] == "function");
  CHECK(first["tools"][0]["function"].contains("parameters"));
  auto second = requests[1].json();
  auto assistant = second["messages"][2];
  CHECK(assistant["role"] == "assistant");
  CHECK(assistant["tool_calls"][0]["function"]["arguments"].is_string());
  auto results = test::last_tool_results(second);
  REQUIRE(results.size() == 2);
  CHECK(results[0]["tool_call_id"] == "call_1");
  CHECK(results[0]["content"].get<std::string>().find("hello") != std::string::npos);
  CHECK(results[1]["content"].get<std::string>().rfind("ERROR: denied", 0) == 0);
  CHECK(outcome->summary == "fine");
}

TEST_CASE("the budget stops a run once its cost is reached", "[agent][loop]") {
  Harness h;
  h.limits.budget_usd = 0.000001;
  h.server.set_fallback({200, ScriptedProvider::anthropic_tools({{"t", "Glob", {{"pattern", "*"}}}})});
  auto outcome = h.run();
  REQUIRE(outcome);
  CHECK(outcome->stop == StopCause::Budget);
  CHECK(outcome->failed());
  CHECK(h.server.requests().size() == 1);
}
