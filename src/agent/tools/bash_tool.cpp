// Bash: runs ONE command with an argv we split ourselves (no shell, so no
// pipes, substitutions or redirections can sneak past the gate), in the work
// tree, with a timeout, a scrubbed environment and an output cap.
#include "agent/process_runner.hpp"
#include "agent/tools/tool.hpp"
#include "agent/tools/tool_input.hpp"

namespace hookagent::agent {

namespace {

class BashTool : public Tool {
 public:
  BashTool() {
    spec_.name = "Bash";
    spec_.description =
        "Run one command in the repository's work tree. No shell: no pipes, redirections, ';', '&&' "
        "or $(...). Only commands the hook's policy allows run; others are denied.";
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
    SplitCommand split = ctx.split_command(*command);
    if (!split.error.empty()) return {"cannot run without a shell: " + split.error, true};
    if (split.argv.empty()) return {"empty command", true};
    ProcessSpec p;
    p.argv = std::move(split.argv);
    p.cwd = ctx.work_tree;
    p.env = scrubbed_environment();
    p.env.push_back("GIT_TERMINAL_PROMPT=0");  // git must never wait for a password
    p.env.push_back("GIT_PAGER=cat");
    p.env.push_back("PAGER=cat");
    auto asked = int_field(input, "timeout");
    p.timeout = asked ? std::min(ctx.bash_timeout, std::chrono::milliseconds(std::max(1LL, *asked))) : ctx.bash_timeout;
    p.output_cap = ctx.output_cap;
    ProcessOutcome r = run_process(p);
    if (r.spawn_failed) return {"could not run: " + r.err, true};
    std::string out = r.out;
    if (!r.err.empty()) out += (out.empty() ? "" : "\n") + std::string("[stderr]\n") + r.err;
    if (r.truncated) out += "\n[output truncated at " + std::to_string(ctx.output_cap) + " bytes]";
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
