// The `command` provider with a fake agent CLI written at test time: what it
// is given (prompt on stdin, --tools, --allowedTools), what we read back, and
// a CLI that hangs.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "agent/providers/command_agent.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::agent;

namespace {

std::string write_script(const test::TempDir& dir, const std::string& name, const std::string& body) {
  auto path = dir / name;
  test::write_file(path, "#!/bin/sh\n" + body);
  chmod(path.c_str(), 0755);
  return path.string();
}

ReviewTask task() {
  return ReviewTask{"security-scan", "Find problems.", "pre-commit", "1 file changed: app.py", {}};
}

// What every run needs: the sandbox and the snapshot the CLI works in.
struct Sandboxed {
  MemorySnapshot snapshot{{{"app.py", "import os\nos.system(input())\n"}}, "the staged changes"};
  SandboxState sandbox = probe_sandbox("auto");
  LazyWorkspace workspace{snapshot};
  void into(CommandAgentOptions& o) {
    o.sandbox = &sandbox;
    o.workspace = &workspace;
  }
  std::filesystem::path scratch() { return (*workspace.get())->scratch(); }
};

}  // namespace

TEST_CASE("claude-style CLI: --tools restricts, the prompt arrives on stdin, findings come back", "[agent][command]") {
  test::TempDir dir;
  Sandboxed box;
  if (box.sandbox.kind == SandboxKind::Off) return;
  std::string args_file = "$TMPDIR/args.txt", stdin_file = "$TMPDIR/stdin.txt";
  // Prints Claude Code's --output-format json envelope with our fenced block in `result`.
  std::string claude = write_script(dir, "claude",
      "for a in \"$@\"; do echo \"$a\"; done > \"" + args_file + "\"\n"
      "cat > \"" + stdin_file + "\"\n"
      "cat <<'JSON'\n"
      "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":3,\"total_cost_usd\":0.0123,"
      "\"usage\":{\"input_tokens\":1000,\"output_tokens\":200},"
      "\"result\":\"Reviewed.\\n```json\\n{\\\"findings\\\":[{\\\"file\\\":\\\"app.py\\\",\\\"line\\\":2,"
      "\\\"severity\\\":\\\"high\\\",\\\"category\\\":\\\"injection\\\",\\\"message\\\":\\\"os.system on input\\\"}],"
      "\\\"summary\\\":\\\"One problem.\\\"}\\n```\"}\n"
      "JSON\n");
  CommandAgentOptions options{{claude, "-p", "--output-format", "json"}, dir.path(),
                              {"Read", "Grep", "Bash(git diff *)"}, std::chrono::milliseconds(10000)};
  auto redact = [](std::string_view t) {
    std::string s(t);
    for (size_t p; (p = s.find("SECRETVALUE")) != std::string::npos;) s.replace(p, 11, "[REDACTED:test]");
    return s;
  };
  box.into(options);
  ReviewTask tk = task();
  tk.change_text += "\npassword = SECRETVALUE\n";
  auto outcome = run_command_agent(options, tk, redact);
  REQUIRE(outcome);
  REQUIRE(outcome->findings.size() == 1);
  CHECK(outcome->findings[0].file == "app.py");
  CHECK(outcome->findings[0].severity == Severity::High);
  CHECK(outcome->findings[0].source == FindingSource::Agent);
  CHECK(outcome->summary == "One problem.");
  REQUIRE(outcome->cost_usd);
  CHECK(*outcome->cost_usd == Approx(0.0123));
  CHECK(outcome->turns == 3);
  std::string args = test::read_file(box.scratch() / "args.txt");
  CHECK(args.find("--tools\nRead,Grep,Bash\n") != std::string::npos);
  CHECK(args.find("--allowedTools\nRead(./**)\nGrep(./**)\nBash(git diff *)\n") != std::string::npos);
  // The repository under review cannot change the CLI (hooks, MCP, permissions, env).
  CHECK(args.find("--setting-sources\nuser\n") != std::string::npos);
  CHECK(args.find("--strict-mcp-config\n--mcp-config\n{\"mcpServers\":{}}\n") != std::string::npos);
  CHECK(args.find("--permission-mode\ndontAsk\n") != std::string::npos);
  std::string prompt = test::read_file(box.scratch() / "stdin.txt");
  CHECK(prompt.find("Find problems.") != std::string::npos);
  CHECK(prompt.find("```json") != std::string::npos);
  CHECK(prompt.find("SECRETVALUE") == std::string::npos);
  CHECK(prompt.find("[REDACTED:test]") != std::string::npos);
}

TEST_CASE("a generic agent CLI gets the lists in the environment and may print bare JSON", "[agent][command]") {
  test::TempDir dir;
  std::string agent = write_script(dir, "my-agent",
      "cat > /dev/null\n"
      "printf '{\"findings\":[],\"summary\":\"tools=%s\"}' \"$HOOKAGENT_TOOLS\"\n");
  CommandAgentOptions options{{agent}, dir.path(), {"Read", "Glob"}, std::chrono::milliseconds(10000)};
  Sandboxed box;
  if (box.sandbox.kind == SandboxKind::Off) return;
  box.into(options);
  auto outcome = run_command_agent(options, task(), {});
  REQUIRE(outcome);
  CHECK(outcome->findings.empty());
  CHECK(outcome->summary == "tools=Read,Glob");
}

TEST_CASE("an agent CLI that hangs is killed at the timeout with a clear error", "[agent][command]") {
  test::TempDir dir;
  std::string agent = write_script(dir, "claude", "sleep 30\n");
  CommandAgentOptions options{{agent}, dir.path(), {}, std::chrono::milliseconds(400)};
  Sandboxed box;
  if (box.sandbox.kind == SandboxKind::Off) return;
  box.into(options);
  auto start = std::chrono::steady_clock::now();
  auto outcome = run_command_agent(options, task(), {});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  REQUIRE_FALSE(outcome);
  CHECK(outcome.error().kind == ErrorKind::Provider);
  CHECK(outcome.error().what.find("killed") != std::string::npos);
}

TEST_CASE("garbage output, an error envelope and a missing CLI are clear errors", "[agent][command]") {
  CHECK_FALSE(parse_command_output("<html>oops</html>", "s"));
  auto err = parse_command_output(R"({"type":"result","is_error":true,"result":"Credit balance is too low"})", "s");
  REQUIRE_FALSE(err);
  CHECK(err.error().what.find("Credit balance") != std::string::npos);
  test::TempDir dir;
  CommandAgentOptions options{{"/nonexistent/claude"}, dir.path(), {}, std::chrono::milliseconds(1000)};
  Sandboxed box;
  // Without a sandbox the CLI never starts, and the error says why.
  auto unsandboxed = run_command_agent(options, task(), {});
  REQUIRE_FALSE(unsandboxed);
  CHECK(unsandboxed.error().kind == ErrorKind::Provider);
  CHECK(unsandboxed.error().what.find("kernel sandbox") != std::string::npos);
  if (box.sandbox.kind == SandboxKind::Off) return;
  box.into(options);
  auto missing = run_command_agent(options, task(), {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().what.find("cannot run") != std::string::npos);
  // Text with only a fenced block (no envelope) still parses.
  auto fenced = parse_command_output("Done.\n```json\n{\"findings\":[],\"summary\":\"clean\"}\n```\n", "s");
  REQUIRE(fenced);
  CHECK(fenced->summary == "clean");
}
