// `hookagent review --staged | --commit REV | --range A..B --skill NAME`:
// one skill's agent on that input; prints the findings and the summary. It
// runs the way the hooks do (hooks/agent_review.hpp): a repeat of the same
// review is answered from the review cache and every run is in `hookagent usage`.
// Exit codes (DESIGN §9): 1 when a finding is at or above block_on; 3 when
// the provider fails under on_error = "block" (0 and a warning under "allow").
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "agent/skill_review.hpp"
#include "hooks/agent_review.hpp"
#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "git/repository.hpp"
#include "report/json_sink.hpp"
#include "report/terminal_sink.hpp"

namespace hookagent::cli {
namespace {

struct ReviewFlags {
  bool staged = false;
  std::string commit;
  std::string range;
  std::string skill;
  std::string hook;
  std::string format = "text";
  std::string provider;       // a [providers.<name>] entry
  std::string provider_kind;  // ad-hoc overrides of the default provider
  std::string base_url;
  std::string model;
};

// A provider failure, or a run cut short by its budget or clock: the hook's
// on_error decides whether that blocks.
int provider_failure(const std::string& line, const HookConfig& hook, const std::string& hook_name) {
  if (hook.on_error == OnError::Block) {
    std::cerr << "hookagent: " << line << " (on_error = \"block\" for " << hook_name << ")\n";
    return kExitInternal;
  }
  std::cerr << "hookagent: " << line << " — continuing without the agent (on_error = \"allow\")\n";
  return kExitPass;
}

int run_review(const ReviewFlags& f, const CliState& state) {
  int scopes = f.staged + !f.commit.empty() + !f.range.empty();
  if (scopes > 1)
    return report_error(Error{ErrorKind::Usage, "choose one of --staged, --commit, --range", "hookagent review", {}});
  if (f.format != "text" && f.format != "terminal" && f.format != "json")
    return report_error(Error{ErrorKind::Usage, "unknown format '" + f.format + "'", "--format", "use text or json"});
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;

  agent::SkillReviewRequest request;
  request.scope = !f.commit.empty() ? agent::ReviewScope::Commit
                  : !f.range.empty() ? agent::ReviewScope::Range
                                     : agent::ReviewScope::Staged;
  request.rev = !f.commit.empty() ? f.commit : f.range;
  request.hook = !f.hook.empty() ? f.hook : request.scope == agent::ReviewScope::Staged ? "pre-commit" : "post-commit";
  request.cwd = start_dir(state);

  ConfigSources sources = default_config_sources(*paths);
  // Flags are the user's own: the most trusted layer.
  if (!f.provider.empty()) sources.flag_overrides.push_back({"hooks." + request.hook + ".provider", f.provider});
  if (!f.provider_kind.empty()) sources.flag_overrides.push_back({"provider.kind", f.provider_kind});
  if (!f.base_url.empty()) sources.flag_overrides.push_back({"provider.base_url", f.base_url});
  if (!f.model.empty()) sources.flag_overrides.push_back({"provider.model", f.model});
  auto config = load_config(sources);
  if (!config) return report_error(config.error());
  for (const auto& line : config->untrusted_keys) std::cerr << "hookagent: " << line << "\n";
  const HookConfig& hook = config->hook(request.hook);
  request.skill = f.skill;
  if (request.skill.empty()) request.skill = hook.skills.empty() ? "code-review" : hook.skills.front();

  auto repo = Repository::open(*paths);
  if (!repo) return report_error(repo.error());
  // The hooks' path: the same review cache (a repeat costs no request), the
  // usage log `hookagent usage` reads, and the hook's verify_findings pass.
  auto review = hooks::run_agent_skill(*repo, *config, request.hook, request.skill, request.scope, request.rev);
  if (!review) {
    if (review.error().kind != ErrorKind::Provider) return report_error(review.error());
    return provider_failure(review.error().message(), hook, request.hook);
  }

  RunSummary summary;
  summary.scope = review->scope_text.empty() ? std::string("review") : review->scope_text;
  summary.files_scanned = review->files;
  summary.agent_summary = review->summary;
  summary.block_threshold = hook.block_on ? std::string(to_string(*hook.block_on)) : "never";
  if (!review->note.empty()) summary.notes.push_back(review->note);
  if (review->agent_ran && !review->cached) {
    std::string usage = "agent: " + std::to_string(review->turns) + " turn(s), " +
                        std::to_string(review->usage.input_tokens + review->usage.output_tokens) + " tokens";
    if (review->usage.cost_usd > 0) usage += ", $" + std::to_string(review->usage.cost_usd).substr(0, 6);
    if (review->denials > 0) usage += ", " + std::to_string(review->denials) + " tool call(s) denied";
    if (review->dropped_by_verification > 0)
      usage += ", " + std::to_string(review->dropped_by_verification) + " finding(s) dropped by verification";
    summary.notes.push_back(usage);
  }
  for (const auto& finding : review->findings)
    if (hook.block_on && blocks(finding, *hook.block_on)) summary.blocked = true;

  std::unique_ptr<Sink> sink;
  if (f.format == "json") sink = std::make_unique<JsonSink>(std::cout);
  else sink = std::make_unique<TerminalSink>(std::cout, TerminalOptions{should_use_color(state.no_color, 1), state.quiet});
  for (const auto& finding : review->findings) sink->finding(finding);
  sink->finish(summary);
  std::cout.flush();
  return summary.blocked ? kExitBlocked : kExitPass;
}

}  // namespace

void register_review(CLI::App& app, CliState& state) {
  auto flags = std::make_shared<ReviewFlags>();
  auto* cmd = app.add_subcommand(
      "review",
      "Run one skill's agent on staged changes, a commit or a range.\n"
      "Tools read a redacted snapshot of that tree, never the work tree; Bash and an agent CLI run in a copy of it\n"
      "inside a kernel sandbox (HOOKAGENT_SANDBOX=auto|landlock|bubblewrap|off; off: no Bash, no command provider).\n"
      "HOOKAGENT_SNAPSHOT_MAX_FILES / HOOKAGENT_SNAPSHOT_MAX_BYTES bound that copy. `hookagent doctor` shows the sandbox.");
  cmd->add_flag("--staged", flags->staged, "Review the staged changes (the default)");
  cmd->add_option("--commit", flags->commit, "Review one commit (against its first parent)");
  cmd->add_option("--range", flags->range, "Review the changes of A..B");
  cmd->add_option("--skill", flags->skill, "Skill to run (default: the hook's first skill)");
  cmd->add_option("--hook", flags->hook, "Whose policy, timeout and provider apply (default: pre-commit for "
                                         "--staged, post-commit otherwise)");
  cmd->add_option("--format", flags->format, "text (or terminal) or json");
  cmd->add_option("--provider", flags->provider, "Use the [providers.NAME] entry");
  cmd->add_option("--provider-kind", flags->provider_kind, "Override provider.kind: anthropic|openai|command|none");
  cmd->add_option("--base-url", flags->base_url, "Override provider.base_url");
  cmd->add_option("--model", flags->model, "Override provider.model");
  cmd->callback([flags, &state] { state.exit_code = run_review(*flags, state); });
}

}  // namespace hookagent::cli
