// `hookagent review --staged | --commit REV | --range A..B --skill NAME`:
// one skill's agent on that input; prints the findings and the summary. With
// --notes (a CI step), each commit of the range is reviewed as post-commit
// would and gets its note (jobs/range_review.hpp); the log is one line per commit. It
// runs the way the hooks do (hooks/agent_review.hpp): a repeat of the same
// review is answered from the review cache and every run is in `hookagent usage`.
// Exit codes (DESIGN §9): 1 when a finding is at or above block_on; 3 when
// the provider fails under on_error = "block" (0 and a warning under "allow").
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "agent/skill_review.hpp"
#include "hooks/agent_review.hpp"
#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "git/repository.hpp"
#include "jobs/range_review.hpp"
#include "report/json_sink.hpp"
#include "report/note_entry.hpp"
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
  bool notes = false;         // per commit, a note each (CI)
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

std::string thousands(long long n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "findings: 2 (1 high, 1 low)" or the status ("pass").
std::string verdict_of(const NoteEntry& e) {
  if (e.findings.empty()) return e.status.empty() ? "pass" : e.status;
  return "findings: " + std::to_string(e.findings.size()) + " (" + severity_counts(e.findings) + ")";
}

// The job log: one line per commit (and its findings), then the totals.
void print_range_text(const jobs::RangeReview& run, const std::string& range, bool quiet) {
  std::cout << "hookagent review --notes: " << run.commits.size() << " commit(s) of " << range << ", skill "
            << run.skill << " (" << run.hook << " policy)\n";
  int reviewed = 0, noted = 0, cached = 0, merges = 0, left = 0, findings = 0;
  long long tokens = 0;
  double cost = 0;
  for (const auto& c : run.commits) {
    std::string line = "  " + c.commit.substr(0, 12) + "  " + std::string(jobs::to_string(c.outcome));
    line.resize(std::max<std::size_t>(line.size() + 1, 28), ' ');
    switch (c.outcome) {
      case jobs::RangeOutcome::Merge: line += "not reviewed: a merge (its changes are its parents')"; ++merges; break;
      case jobs::RangeOutcome::NotReached: line += "not reviewed: the run stopped"; ++left; break;
      case jobs::RangeOutcome::Failed: line += "provider failed: no note written"; ++left; break;
      default: {
        long long t = c.entry.usage.input_tokens + c.entry.usage.output_tokens;
        line += verdict_of(c.entry);
        line.resize(std::max<std::size_t>(line.size() + 2, 60), ' ');
        if (c.outcome == jobs::RangeOutcome::Reviewed) line += thousands(t) + " tokens";
        else if (c.outcome == jobs::RangeOutcome::Cached) line += "0 tokens (local review cache)";
        else line += "0 tokens (note of " + c.entry.time + ", " + c.entry.hook + ")";
        reviewed += c.outcome == jobs::RangeOutcome::Reviewed;
        cached += c.outcome == jobs::RangeOutcome::Cached;
        noted += c.outcome == jobs::RangeOutcome::Noted;
        if (c.outcome == jobs::RangeOutcome::Reviewed) {
          tokens += t;
          cost += c.entry.usage.cost_usd;
        }
        findings += static_cast<int>(c.entry.findings.size());
      }
    }
    std::cout << line << "\n";
    if (quiet) continue;
    for (const auto& f : c.entry.findings)
      std::cout << "      " << (f.file.empty() ? "(change)" : f.file) << (f.line > 0 ? ":" + std::to_string(f.line) : "")
                << " [" << to_string(f.severity) << "] " << f.message << "\n";
  }
  std::cout << "reviewed " << reviewed << " (" << thousands(tokens) << " tokens";
  if (cost > 0) std::cout << ", $" << std::to_string(cost).substr(0, 6);
  std::cout << "), already in notes " << noted << ", from the local cache " << cached << ", merges " << merges;
  if (left > 0) std::cout << ", not reviewed " << left;
  std::cout << "; " << findings << " finding(s)\n";
  if (reviewed + cached > 0)
    std::cout << "notes written to " << run.notes_ref << ": publish them with `hookagent notes push`\n";
}

void print_range_json(const jobs::RangeReview& run, const std::string& range) {
  nlohmann::json commits = nlohmann::json::array();
  for (const auto& c : run.commits) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : c.entry.findings) findings.push_back(finding_to_json(f));
    commits.push_back({{"commit", c.commit},
                       {"outcome", std::string(jobs::to_string(c.outcome))},
                       {"status", c.entry.status},
                       {"findings", findings},
                       {"input_tokens", c.outcome == jobs::RangeOutcome::Reviewed ? c.entry.usage.input_tokens : 0},
                       {"output_tokens", c.outcome == jobs::RangeOutcome::Reviewed ? c.entry.usage.output_tokens : 0},
                       {"key", c.entry.key}});
  }
  nlohmann::json doc{{"range", range}, {"skill", run.skill}, {"hook", run.hook}, {"notes_ref", run.notes_ref},
                     {"commits", commits}};
  if (!run.no_agent.empty()) doc["no_agent"] = run.no_agent;
  if (run.provider_error) doc["provider_error"] = run.provider_error->message();
  std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// --notes: every commit of the range reviewed as post-commit would, a note each.
int run_range_notes(const ReviewFlags& f, const CliState& state, Repository& repo, const Config& config,
                    const std::string& hook_name, const std::string& skill) {
  const HookConfig& hook = config.hook(hook_name);
  std::vector<std::string> commits;
  std::string range = f.range;
  if (!f.commit.empty()) {
    auto one = repo.resolve_commit(f.commit);
    if (!one) return report_error(one.error());
    commits.push_back(*one);
    range = f.commit;
  } else {
    auto listed = jobs::range_commits(repo, f.range);
    if (!listed) return report_error(listed.error());
    commits = std::move(*listed);
  }
  auto run = jobs::review_range_into_notes(repo, config, hook_name, skill, commits);
  if (!run) return report_error(run.error());
  if (f.format == "json") print_range_json(*run, range);
  else print_range_text(*run, range, state.quiet);
  std::cout.flush();
  if (!run->no_agent.empty()) {
    std::cerr << "hookagent: nothing reviewed: " << run->no_agent << "\n";
    return kExitPass;
  }
  if (run->provider_error) {
    int code = provider_failure(run->provider_error->message(), hook, hook_name);
    std::cerr << "hookagent: the notes written before the failure stay; a rerun reviews the commits left\n";
    return code;
  }
  for (const auto& c : run->commits)
    for (const auto& finding : c.entry.findings)
      if (hook.block_on && blocks(finding, *hook.block_on)) return kExitBlocked;
  return kExitPass;
}

int run_review(const ReviewFlags& f, const CliState& state) {
  int scopes = f.staged + !f.commit.empty() + !f.range.empty();
  if (scopes > 1)
    return report_error(Error{ErrorKind::Usage, "choose one of --staged, --commit, --range", "hookagent review", {}});
  if (f.format != "text" && f.format != "terminal" && f.format != "json")
    return report_error(Error{ErrorKind::Usage, "unknown format '" + f.format + "'", "--format", "use text or json"});
  if (f.notes && f.range.empty() && f.commit.empty())
    return report_error(Error{ErrorKind::Usage, "--notes reviews the commits of a range", "hookagent review --notes",
                              "add --range BASE..HEAD (e.g. origin/main..HEAD) or --commit REV"});
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
  if (f.notes) return run_range_notes(f, state, *repo, *config, request.hook, request.skill);
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
  cmd->add_flag("--notes", flags->notes,
                "With --range or --commit: review each commit as post-commit does and write its note\n"
                "(refs/notes/hookagent/<skill>); commits whose note holds this review already are skipped.\n"
                "A CI step: `hookagent notes fetch`, `review --range BASE..HEAD --notes`, `hookagent notes push`");
  cmd->callback([flags, &state] { state.exit_code = run_review(*flags, state); });
}

}  // namespace hookagent::cli
