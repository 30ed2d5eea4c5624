#include "agent/providers/command_agent.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "agent/process_runner.hpp"
#include "agent/tools/report_finding.hpp"
#include "agent/tools/tool.hpp"

namespace hookagent::agent {

namespace {

using nlohmann::json;

constexpr const char* kOutputContract =
    "\n\nWhen you are done, end your answer with ONE fenced ```json block holding "
    "{\"findings\": [{\"file\": \"path\", \"line\": 12, \"severity\": \"critical|high|medium|low|info\", "
    "\"category\": \"...\", \"message\": \"...\", \"confidence\": 0.9, \"fix\": \"...\"}], "
    "\"summary\": \"one paragraph\"}. Use an empty findings list when there is nothing to report.\n";

// The last ```json fenced block of `text`, if any.
std::optional<std::string> last_json_fence(std::string_view text) {
  size_t open = text.rfind("```json");
  if (open == std::string_view::npos) return std::nullopt;
  size_t start = text.find('\n', open);
  if (start == std::string_view::npos) return std::nullopt;
  size_t close = text.find("```", start);
  if (close == std::string_view::npos) close = text.size();
  return std::string(text.substr(start + 1, close - start - 1));
}

bool is_claude(const std::vector<std::string>& argv) {
  if (argv.empty()) return false;
  std::string base = argv[0].substr(argv[0].rfind('/') == std::string::npos ? 0 : argv[0].rfind('/') + 1);
  return base == "claude";
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

Result<AgentOutcome> parse_command_output(std::string_view stdout_text, const std::string& skill_name) {
  auto where = "command provider output";
  auto parsed = json::parse(stdout_text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    // Not JSON as a whole: maybe plain text that ends with our fenced block.
    auto fence = last_json_fence(stdout_text);
    parsed = fence ? json::parse(*fence, nullptr, false) : json();
    if (parsed.is_discarded() || !parsed.is_object())
      return fail(ErrorKind::Provider, "the agent command printed no JSON result", where,
                  "run it with --output-format json (claude -p), or make it print {\"findings\":[...],\"summary\":...}");
  }
  AgentOutcome outcome;
  json report = parsed;
  // Claude Code's envelope: {"type":"result","subtype":..,"is_error":..,"result":"text",
  // "total_cost_usd":..,"num_turns":..,"usage":{..}}.
  if (parsed.contains("result") && parsed["result"].is_string()) {
    if (parsed.value("is_error", false))
      return fail(ErrorKind::Provider, "the agent command reported an error: " + parsed["result"].get<std::string>(), where);
    std::string text = parsed["result"];
    auto fence = last_json_fence(text);
    report = fence ? json::parse(*fence, nullptr, false) : json::parse(text, nullptr, false);
    if (report.is_discarded() || !report.is_object()) {
      report = json::object();
      outcome.summary = text;  // no structured block: the text is all we have
    }
    if (parsed.contains("total_cost_usd") && parsed["total_cost_usd"].is_number())
      outcome.cost_usd = parsed["total_cost_usd"].get<double>();
    if (parsed.contains("num_turns") && parsed["num_turns"].is_number_integer()) outcome.turns = parsed["num_turns"];
    if (parsed.contains("usage") && parsed["usage"].is_object()) {
      const auto& u = parsed["usage"];
      auto n = [&](const char* k) { return u.contains(k) && u[k].is_number_integer() ? u[k].get<int64_t>() : 0; };
      outcome.usage = {n("input_tokens"), n("output_tokens"), n("cache_creation_input_tokens"), n("cache_read_input_tokens")};
    }
  }
  if (report.contains("summary") && report["summary"].is_string()) outcome.summary = report["summary"];
  if (report.contains("findings") && report["findings"].is_array()) {
    for (const auto& item : report["findings"]) {
      if (!item.is_object()) continue;
      auto f = finding_from_report(item, skill_name, {});
      if (f) outcome.findings.push_back(std::move(*f));
      else outcome.events.push_back({"report_finding", item.dump(), false, f.error().what, true});
    }
  }
  return outcome;
}

namespace {

namespace fs = std::filesystem;

std::optional<fs::path> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return fs::path(name);
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

// What the sandbox must let the CLI read and execute: the directory of the
// real file (npm links bin/claude into a platform package), widened to the
// node_modules tree it belongs to, and the link's own directory.
std::vector<fs::path> program_dirs(const std::string& argv0) {
  std::vector<fs::path> dirs;
  auto found = find_program(argv0);
  if (!found) return dirs;
  std::error_code ec;
  fs::path real = fs::canonical(*found, ec);
  for (const fs::path& p : {fs::absolute(*found, ec), real}) {
    if (p.empty()) continue;
    fs::path dir = p.parent_path();
    for (fs::path up = dir; up.has_relative_path(); up = up.parent_path())
      if (up.filename() == "node_modules") dir = up;
    dirs.push_back(dir);
  }
  return dirs;
}

// The API port the CLI must reach: ANTHROPIC_BASE_URL's, else HTTPS.
uint16_t api_port(const std::vector<std::string>& env) {
  for (const auto& kv : env) {
    if (!kv.starts_with("ANTHROPIC_BASE_URL=")) continue;
    std::string url = kv.substr(19);
    bool https = url.starts_with("https://");
    auto scheme = url.find("://");
    std::string host = scheme == std::string::npos ? url : url.substr(scheme + 3);
    host = host.substr(0, host.find('/'));
    auto colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
      long port = std::strtol(host.c_str() + colon + 1, nullptr, 10);
      if (port > 0 && port < 65536) return static_cast<uint16_t>(port);
    }
    return https ? 443 : 80;
  }
  return 443;
}

std::vector<std::string> cli_environment(const SnapshotWorkspace& ws, const std::string& api_key_env) {
  std::vector<std::string> env;
  for (auto& kv : scrubbed_environment()) {
    std::string name = kv.substr(0, kv.find('='));
    if (name == "HOME" || name == "TMPDIR" || name == "PWD" || name == "CLAUDE_CONFIG_DIR" || name.starts_with("GIT_") ||
        name == "SSH_AUTH_SOCK" || name == "DBUS_SESSION_BUS_ADDRESS" || name == "DISPLAY" ||
        name == "WAYLAND_DISPLAY" || name == "XDG_RUNTIME_DIR")
      continue;
    env.push_back(std::move(kv));
  }
  // The CLI's own credentials, and nothing else that looks like one.
  for (char** e = environ; *e; ++e) {
    std::string kv = *e, name = kv.substr(0, kv.find('='));
    if ((name.starts_with("ANTHROPIC_") || (name.starts_with("CLAUDE_") && name != "CLAUDE_CONFIG_DIR") ||
         (!api_key_env.empty() && name == api_key_env)) &&
        std::find(env.begin(), env.end(), kv) == env.end())
      env.push_back(kv);
  }
  fs::path scratch = ws.scratch();
  env.push_back("HOME=" + (scratch / "home").string());
  env.push_back("TMPDIR=" + scratch.string());
  env.push_back("CLAUDE_CONFIG_DIR=" + (scratch / "claude-config").string());
  env.push_back("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1");
  env.push_back("DISABLE_AUTOUPDATER=1");
  return env;
}

// A user logged in with `claude login` keeps the login in the private config dir.
void copy_user_credentials(const SnapshotWorkspace& ws) {
  const char* home = std::getenv("HOME");
  const char* config = std::getenv("CLAUDE_CONFIG_DIR");
  fs::path from = config && *config ? fs::path(config) : fs::path(home ? home : "/nonexistent") / ".claude";
  std::error_code ec;
  fs::create_directories(ws.scratch() / "claude-config", ec);
  fs::create_directories(ws.scratch() / "home", ec);
  if (fs::is_regular_file(from / ".credentials.json", ec))
    fs::copy_file(from / ".credentials.json", ws.scratch() / "claude-config" / ".credentials.json", ec);
}

std::string scoped_rule(const std::string& rule) {
  if (rule == "Read" || rule == "Grep" || rule == "Glob") return rule + "(./**)";
  return rule;
}

}  // namespace

Result<AgentOutcome> run_command_agent(const CommandAgentOptions& options, const ReviewTask& task,
                                       const TextRedactor& redact) {
  if (options.argv.empty())
    return fail(ErrorKind::Config, "the command provider has no command line", "provider.command",
                "set provider.command = [\"claude\", \"-p\", \"--output-format\", \"json\"] in your user config");
  std::string what = "`" + options.argv[0] + "`";
  if (!options.sandbox || options.sandbox->kind == SandboxKind::Off || !options.workspace)
    return fail(ErrorKind::Provider,
                "the agent command " + what + " runs only inside a kernel sandbox, and there is none: " +
                    (options.sandbox ? options.sandbox->why_off : std::string("not set up")),
                "provider.command", "see `hookagent doctor` (Sandbox)");
  auto ws = options.workspace->get();
  if (!ws) return fail(ErrorKind::Provider, "the agent command cannot run: " + ws.error().message(), "provider.command");
  std::vector<std::string> names;
  for (const auto& rule : options.allowed_rules) {
    std::string n = tool_name_of_rule(rule);
    if (n != "report_finding" && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  std::vector<std::string> rules;
  for (const auto& r : options.allowed_rules)
    if (tool_name_of_rule(r) != "report_finding") rules.push_back(r);

  ProcessSpec p;
  p.argv = options.argv;
  p.cwd = (*ws)->tree();
  p.timeout = options.timeout;
  p.output_cap = 4 * 1024 * 1024;
  p.env = cli_environment(**ws, options.api_key_env);
  p.env.push_back("HOOKAGENT_TOOLS=" + join(names, ","));
  p.env.push_back("HOOKAGENT_ALLOWED_TOOLS=" + join(rules, "\n"));
  copy_user_credentials(**ws);
  if (is_claude(p.argv)) {
    for (const char* flag : {"--setting-sources", "user", "--strict-mcp-config", "--mcp-config", R"({"mcpServers":{}})",
                             "--permission-mode", "dontAsk", "--no-session-persistence"})
      p.argv.push_back(flag);
    p.argv.push_back("--tools");
    p.argv.push_back(join(names, ","));
    if (!rules.empty()) {
      p.argv.push_back("--allowedTools");
      for (const auto& r : rules) p.argv.push_back(scoped_rule(r));
    }
    if (!options.denied_rules.empty()) {
      p.argv.push_back("--disallowedTools");
      for (const auto& r : options.denied_rules) p.argv.push_back(r);
    }
  }
  SandboxRules sandbox_rules;
  sandbox_rules.read_only = (*ws)->tree();
  sandbox_rules.scratch = (*ws)->scratch();
  sandbox_rules.programs = program_dirs(options.argv[0]);
  sandbox_rules.network = true;
  sandbox_rules.connect_ports = {api_port(p.env)};
  auto confinement = Confinement::prepare(*options.sandbox, sandbox_rules);
  if (!confinement)
    return fail(ErrorKind::Provider, "the agent command cannot run: " + confinement.error().message(), "provider.command");
  p.confinement = confinement->get();
  std::string prompt = build_system_prompt(task) + kOutputContract + "\n" + build_first_message(task);
  p.stdin_data = redact ? redact(prompt) : prompt;

  ProcessOutcome r = run_process(p);
  if (r.spawn_failed)
    return fail(ErrorKind::Provider, "cannot run the agent command " + what + ": " + r.err, "provider.command",
                "check that it is installed and on PATH");
  if (r.timed_out)
    return fail(ErrorKind::Provider,
                "the agent command " + what + " did not finish within " + std::to_string(options.timeout.count()) +
                    " ms and was killed",
                "provider.command", "raise the hook's timeout, or use a faster model");
  auto outcome = parse_command_output(r.out, task.skill_name);
  if (!outcome && r.exit_code != 0) {
    std::string err = r.err.substr(0, r.err.find('\n'));
    return fail(ErrorKind::Provider,
                "the agent command " + what + " failed with exit code " + std::to_string(r.exit_code) +
                    (err.empty() ? "" : ": " + err),
                "provider.command");
  }
  return outcome;
}

}  // namespace hookagent::agent
