// Bash: runs ONE command with an argv we split ourselves (no shell, so no
// pipes, substitutions or redirections can sneak past the gate), in the
// materialised, redacted snapshot (never the work tree or .git), inside the
// kernel sandbox, with a timeout, a scrubbed environment and an output cap.
// No sandbox, no command (fail closed).
#include "agent/process_runner.hpp"
#include "agent/tools/tool.hpp"
#include "agent/tools/tool_input.hpp"

namespace hookagent::agent {

namespace {

// The program's own output beyond the cap is read and dropped; what is kept
// ends on a whole line, so the redactor never sees half of a secret.
std::string whole_lines(std::string text) {
  auto nl = text.rfind('\n');
  text.resize(nl == std::string::npos ? 0 : nl + 1);
  return text;
}

std::vector<std::string> sandbox_environment(const SnapshotWorkspace& ws) {
  std::vector<std::string> env;
  for (auto& kv : scrubbed_environment()) {
    std::string name = kv.substr(0, kv.find('='));
    if (name == "HOME" || name == "TMPDIR" || name == "PWD" || name == "OLDPWD" || name.starts_with("GIT_") ||
        name == "SSH_AUTH_SOCK" || name == "DBUS_SESSION_BUS_ADDRESS")
      continue;
    env.push_back(std::move(kv));
  }
  env.push_back("HOME=" + ws.scratch().string());
  env.push_back("TMPDIR=" + ws.scratch().string());
  env.push_back("PWD=" + ws.tree().string());
  env.push_back("GIT_TERMINAL_PROMPT=0");  // git must never wait for a password
  env.push_back("GIT_PAGER=cat");
  env.push_back("PAGER=cat");
  return env;
}

class BashTool : public Tool {
 public:
  BashTool() {
    spec_.name = "Bash";
    spec_.description =
        "Run one command in a read-only copy of the files being committed (no .git: git commands that need "
        "history do not work; $TMPDIR is writable). No shell: no pipes, redirections, ';', '&&' or $(...). "
        "No network. Only commands the hook's policy allows run; others are denied.";
    spec_.input_schema = {{"type", "object"},
                          {"properties",
                           {{"command", {{"type", "string"}}},
                            {"timeout", {{"type", "integer"}, {"description", "milliseconds"}}}}},
                          {"required", {"command"}}};
  }
  const ToolSpec& spec() const override { return spec_; }

  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto command = string_field(input, {"command"});
    if (!command) return {"Bash needs a string command", true};
    if (!ctx.split_command) return {"Bash is not available in this run", true};
    if (!ctx.sandbox || ctx.sandbox->kind == SandboxKind::Off)
      return {"Bash is off: no kernel sandbox (" + (ctx.sandbox ? ctx.sandbox->why_off : "none set up") + ")", true};
    if (!ctx.workspace) return {"Bash is off: the reviewed tree is not on disk", true};
    SplitCommand split = ctx.split_command(*command);
    if (!split.error.empty()) return {"cannot run without a shell: " + split.error, true};
    if (split.argv.empty()) return {"empty command", true};
    auto ws = ctx.workspace->get();
    if (!ws) return {"Bash cannot run: " + ws.error().message(), true};
    SandboxRules rules;
    rules.read_only = (*ws)->tree();
    rules.scratch = (*ws)->scratch();
    auto confinement = Confinement::prepare(*ctx.sandbox, rules);
    if (!confinement) return {"Bash cannot run: " + confinement.error().message(), true};

    ProcessSpec p;
    p.argv = std::move(split.argv);
    p.cwd = (*ws)->tree();
    p.env = sandbox_environment(**ws);
    p.confinement = confinement->get();
    auto asked = int_field(input, "timeout");
    p.timeout = asked ? std::min(ctx.bash_timeout, std::chrono::milliseconds(std::max(1LL, *asked))) : ctx.bash_timeout;
    p.output_cap = ctx.output_cap * 2;
    ProcessOutcome r = run_process(p);
    if (r.spawn_failed) return {"could not run: " + r.err, true};
    std::string out = r.truncated ? whole_lines(std::move(r.out)) : std::move(r.out);
    if (!r.err.empty()) out += (out.empty() ? "" : "\n") + std::string("[stderr]\n") + (r.truncated ? whole_lines(r.err) : r.err);
    if (r.truncated) out += "\n[output truncated]";
    if (r.timed_out) return {out + "\n[killed: no exit within " + std::to_string(p.timeout.count()) + " ms]", true};
    if (r.exit_code != 0) return {out + "\n[exit code " + std::to_string(r.exit_code) + "]", true};
    return {out.empty() ? "(no output)" : out, false};
  }

 private:
  ToolSpec spec_;
};

}  // namespace

std::unique_ptr<Tool> make_bash_tool() { return std::make_unique<BashTool>(); }

}  // namespace hookagent::agent
