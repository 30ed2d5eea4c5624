#include "agent/providers/command_agent.hpp"

#include <unistd.h>

#include <algorithm>

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

Result<AgentOutcome> run_command_agent(const CommandAgentOptions& options, const ReviewTask& task,
                                       const TextRedactor& redact) {
  if (options.argv.empty())
    return fail(ErrorKind::Config, "the command provider has no command line", "provider.command",
                "set provider.command = [\"claude\", \"-p\", \"--output-format\", \"json\"] in your user config");
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
  p.cwd = options.cwd;
  p.timeout = options.timeout;
  p.output_cap = 4 * 1024 * 1024;
  // The agent CLI needs its own credentials, so its environment is not scrubbed.
  for (char** e = environ; *e; ++e) p.env.push_back(*e);
  p.env.push_back("HOOKAGENT_TOOLS=" + join(names, ","));
  p.env.push_back("HOOKAGENT_ALLOWED_TOOLS=" + join(rules, "\n"));
  if (is_claude(p.argv)) {
    // --tools sets which tools exist at all; --allowedTools alone would only
    // pre-approve them and leave the rest available.
    p.argv.push_back("--tools");
    p.argv.push_back(join(names, ","));
    if (!rules.empty()) {
      p.argv.push_back("--allowedTools");
      for (const auto& r : rules) p.argv.push_back(r);
    }
  }
  std::string prompt = build_system_prompt(task) + kOutputContract + "\n" + build_first_message(task);
  p.stdin_data = redact ? redact(prompt) : prompt;

  ProcessOutcome r = run_process(p);
  std::string what = "`" + options.argv[0] + "`";
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
