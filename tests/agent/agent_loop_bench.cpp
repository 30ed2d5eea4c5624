// Per-turn overhead of the loop (request building, JSON, redaction with the
// real secret rules, the real policy gate, tool dispatch) against the scripted
// provider on loopback, which answers at once. Run by bench/agent_loop.sh:
//   agent_loop_bench [TURNS]
#include <chrono>
#include <cstdio>
#include <string>

#include "agent/agent_runner.hpp"
#include "agent/policy_gate.hpp"
#include "support/scripted_provider.hpp"

using namespace hookagent;
using namespace hookagent::agent;
using hookagent::test::ScriptedProvider;

int main(int argc, char** argv) {
  int turns = argc > 1 ? std::stoi(argv[1]) : 200;
  ScriptedProvider server;
  auto transport = make_curl_transport();
  ProviderConfig config;
  config.kind = "anthropic";
  config.model = "claude-sonnet-4-5";
  config.base_url = server.base_url();
  auto env = [](const std::string&) -> std::optional<std::string> { return "k"; };
  auto provider = make_chat_provider(config, *transport, env);
  auto redactor = scan::Redactor::load();
  if (!provider || !redactor) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  std::string file;
  for (int i = 0; i < 200; ++i) file += "def handler_" + std::to_string(i) + "(request):\n    return render(request)\n";
  MemorySnapshot snapshot({{"app/views.py", file}}, "the staged changes");
  EffectivePolicy policy = EffectivePolicy::build(PolicyInputs{{"Read", "Grep", "Glob"}, {"Read", "Grep", "Glob"}, {}, {},
                                                               std::filesystem::temp_directory_path(), {}, {}});
  server.set_fallback({200, ScriptedProvider::anthropic_tools({{"t", "Read", {{"file_path", "app/views.py"}, {"limit", 100}}}})});
  AgentLimits limits;
  limits.max_turns = turns;
  limits.timeout = std::chrono::minutes(5);
  ToolContext tools;
  tools.snapshot = &snapshot;
  ReviewTask task{"bench", "Review.", "bench", "1 file changed", {"Read", "Grep", "Glob"}};
  // "plain" as the second argument: no redaction, to see what the secret rules cost.
  bool plain = argc > 2 && std::string(argv[2]) == "plain";
  TextRedactor redact = plain ? TextRedactor{} : make_text_redactor(*redactor);
  AgentRunner runner(**provider, limits, make_policy_gate(policy), redact);
  auto start = std::chrono::steady_clock::now();
  auto outcome = runner.run(task, tools);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!outcome) {
    std::fprintf(stderr, "%s\n", outcome.error().message().c_str());
    return 1;
  }
  // The conversation grows every turn, so later turns cost more: report the
  // mean and the last turn's share separately.
  std::printf("turns=%d total_ms=%.1f mean_ms_per_turn=%.3f (includes loopback HTTP; conversation grows each turn)\n",
              outcome->turns, ms, ms / outcome->turns);
  return 0;
}
