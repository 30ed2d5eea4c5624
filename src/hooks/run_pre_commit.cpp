// pre-commit: scan exactly what the commit will record, the index git named in
// GIT_INDEX_FILE against HEAD (DESIGN §4), then, when a provider is configured,
// let each of the hook's skills review it. The scan reads blobs by id; nothing
// here touches the index or the work tree.
#include <cstdio>

#include "core/exit_codes.hpp"
#include "git/repository.hpp"
#include "hooks/agent_review.hpp"
#include "hooks/full_run.hpp"

namespace hookagent::hooks {

namespace {

void say(const std::string& line) { hooks::say(Hook::PreCommit, line); }

bool agent_wanted(const HookConfig& hc, const ProviderConfig& provider) {
  if (hc.agent == "never") return false;
  return provider.kind != "none" || hc.agent == "always";
}

}  // namespace

int run_pre_commit(const HookContext& ctx) {
  scan::ScanRequest request;
  request.scope = scan::ScanScope::Staged;
  int code = kExitPass;
  auto scanned = scan_for_hook(ctx, request, &code);
  if (!scanned) return code;
  std::vector<Finding> findings = scanned->findings;
  RunSummary summary = scanned->summary;

  const HookConfig& hc = ctx.config.hook("pre-commit");
  if (agent_wanted(hc, ctx.config.provider_for("pre-commit"))) {
    auto repo = Repository::open(ctx.repo);
    if (!repo) {
      say(repo.error().message());
      return exit_code_for(repo.error());
    }
    auto trees = std::make_shared<agent::ReviewTrees>();  // every skill reviews the same staged tree
    if (hc.verify_findings) {
      // A second opinion before a rule finding blocks; only a stated reason removes one.
      auto checked = verify_rule_findings(*repo, ctx.config, "pre-commit", agent::ReviewScope::Staged, findings, trees);
      if (!checked)
        say("verification of rule findings failed: " + checked.error().message() + " (the findings stand)");
      else
        for (const auto& line : checked->dismissed) say("dismissed by verify-findings: " + line);
    }
    for (const auto& skill : hc.skills) {
      auto run = run_agent_skill(*repo, ctx.config, "pre-commit", skill, agent::ReviewScope::Staged, {}, {}, trees);
      if (!run) {
        // DESIGN §7: a provider failure follows on_error, in one line.
        if (hc.on_error == OnError::Block) {
          say("agent review by " + skill + " failed: " + run.error().message() +
              " (on_error = \"block\"; commit with --no-verify or fix the provider)");
          return kExitInternal;
        }
        say("agent review by " + skill + " skipped: " + run.error().message() + " (on_error = \"allow\")");
        continue;
      }
      if (!run->agent_ran) {
        if (!run->note.empty()) say(skill + ": " + run->note);
        continue;
      }
      if (run->dropped_by_verification > 0)
        summary.notes.push_back(std::to_string(run->dropped_by_verification) + " finding(s) of " + skill +
                                " dropped by the verification pass");
      if (run->cached) summary.notes.push_back(skill + ": cached review, 0 tokens");
      if (!run->summary.empty()) summary.agent_summary += (summary.agent_summary.empty() ? "" : "\n") + run->summary;
      findings.insert(findings.end(), run->findings.begin(), run->findings.end());
    }
  }
  return report_findings(ctx, findings, summary);
}

}  // namespace hookagent::hooks
