#include "hooks/agent_review.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "jobs/review_cache.hpp"
#include "jobs/usage_log.hpp"
#include "report/json_sink.hpp"

namespace hookagent::hooks {
using nlohmann::json;

namespace {

std::string outcome_to_cache(const agent::AgentOutcome& o) {
  json findings = json::array();
  for (const auto& f : o.findings) findings.push_back(finding_to_json(f));
  return json{{"findings", findings}, {"summary", o.summary}, {"model", o.model}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

std::optional<agent::AgentOutcome> outcome_from_cache(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;  // a damaged entry is a miss
  agent::AgentOutcome o;
  o.summary = j.value("summary", "");
  o.model = j.value("model", "");
  if (auto it = j.find("findings"); it != j.end() && it->is_array())
    for (const auto& fj : *it)
      if (auto f = finding_from_json(fj)) o.findings.push_back(*f);
  return o;
}

// Every input token is billed, at a different rate when it was written to or
// read from the provider's prompt cache; the note and the usage log both count
// all of them, so that `hookagent usage` sums what the notes say.
long long input_tokens_of(const agent::Usage& u) {
  return u.input_tokens + u.cache_write_tokens + u.cache_read_tokens;
}

void record_usage(const Repository& repo, const std::string& hook, const std::string& skill,
                  const agent::SkillReviewResult& r) {
  jobs::UsageRecord u;
  u.skill = skill;
  u.hook = hook;
  u.model = r.outcome.model;
  u.input_tokens = input_tokens_of(r.outcome.usage);
  u.output_tokens = r.outcome.usage.output_tokens;
  u.cost_usd = r.outcome.cost_usd.value_or(0.0);
  u.cached = r.from_cache;
  (void)jobs::UsageLog(repo.paths().common_dir).append(u);  // usage is advisory; a review never fails on it
}

std::string describe_candidates(const std::vector<Finding>& findings) {
  std::string text =
      "Another reviewer reported the candidate findings below. Check each one against the change and the "
      "code. Report again, with report_finding, only those that are real problems; drop false positives "
      "and anything you cannot confirm. Candidates:\n";
  for (const auto& f : findings)
    text += "- " + f.file + ":" + std::to_string(f.line) + " [" + std::string(to_string(f.severity)) + ", " +
            f.category + "] " + f.message + "\n";
  return text;
}

// A repeat of the same review is answered from `cache` (DESIGN: reviews cost nothing twice).
void read_through(jobs::ReviewCache& cache, agent::SkillReviewRequest& request) {
  request.cached = [&cache](const std::string& key) -> std::optional<agent::AgentOutcome> {
    auto text = cache.get(key);
    return text ? outcome_from_cache(*text) : std::nullopt;
  };
  request.store = [&cache](const std::string& key, const agent::AgentOutcome& o) {
    (void)cache.put(key, outcome_to_cache(o));
  };
}

std::string describe_rule_candidates(const std::vector<const Finding*>& candidates) {
  std::string text =
      "The offline rule engine reported the candidate findings below; each would block this change. They are "
      "not another reviewer's opinions: keep every candidate you cannot show to be a false positive, and do "
      "nothing for it. For a candidate that is clearly not a problem (a test value, a placeholder or documented "
      "example, input that cannot be attacker-controlled), call report_finding with category \"dismissed\", the "
      "candidate's file and line, and in message the reason a reviewer can check. Candidates:\n";
  for (const Finding* f : candidates)
    text += "- " + f->file + ":" + std::to_string(f->line) + " " + f->rule_id + " [" + std::string(to_string(f->severity)) +
            ", " + f->category + "] " + f->message + (f->excerpt.empty() ? "" : " | " + f->excerpt) + "\n";
  return text;
}

bool is_dismissal(const Finding& f) {
  std::string c = f.category;
  for (char& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return c == "dismissed" && !f.message.empty();
}

}  // namespace

Result<RuleVerification> verify_rule_findings(const Repository& repo, const Config& config, const std::string& hook,
                                              agent::ReviewScope scope, std::vector<Finding>& findings,
                                              std::shared_ptr<agent::ReviewTrees> trees) {
  RuleVerification result;
  const HookConfig& hc = config.hook(hook);
  std::vector<const Finding*> candidates;
  for (const Finding& f : findings)
    if (f.source == FindingSource::Rules && hc.block_on && blocks(f, *hc.block_on)) candidates.push_back(&f);
  if (candidates.empty()) return result;

  jobs::ReviewCache cache(repo.paths().common_dir);
  agent::SkillReviewRequest request;
  request.trees = trees ? std::move(trees) : std::make_shared<agent::ReviewTrees>();
  request.scope = scope;
  request.hook = hook;
  request.skill = kVerifySkill;
  request.extra_context = describe_rule_candidates(candidates);
  read_through(cache, request);
  auto review = agent::run_skill_review(repo, config, request);
  if (!review) return std::unexpected(review.error());
  if (!review->agent_ran) {
    result.note = review->note;
    return result;
  }
  record_usage(repo, hook, kVerifySkill, *review);
  if (review->outcome.failed())
    return fail(ErrorKind::Provider, "verification of rule findings: " + review->outcome.stop_detail,
                "provider " + review->provider, "the findings stand; set verify_findings = false or raise the limits");
  result.ran = true;
  std::vector<bool> drop(findings.size(), false);
  for (const Finding& d : review->outcome.findings) {
    if (!is_dismissal(d)) continue;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      if (drop[i] || f.file != d.file || f.line != d.line) continue;
      if (std::find(candidates.begin(), candidates.end(), &f) == candidates.end()) continue;
      drop[i] = true;
      result.dismissed.push_back(f.file + ":" + std::to_string(f.line) + " " + f.rule_id + ": " + d.message);
      break;
    }
  }
  std::vector<Finding> kept;
  for (std::size_t i = 0; i < findings.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(findings[i]));
  findings = std::move(kept);
  return result;
}

Result<AgentSkillRun> run_agent_skill(const Repository& repo, const Config& config, const std::string& hook,
                                      const std::string& skill, agent::ReviewScope scope, const std::string& rev,
                                      const std::string& extra_context, std::shared_ptr<agent::ReviewTrees> trees) {
  jobs::ReviewCache cache(repo.paths().common_dir);
  agent::SkillReviewRequest request;
  // The verification pass below reads the same tree: one load, one redaction, one copy on disk.
  request.trees = trees ? std::move(trees) : std::make_shared<agent::ReviewTrees>();
  request.scope = scope;
  request.rev = rev;
  request.hook = hook;
  request.skill = skill;
  request.extra_context = extra_context;  // e.g. the message commit-msg checks
  read_through(cache, request);

  auto review = agent::run_skill_review(repo, config, request);
  if (!review) return std::unexpected(review.error());
  AgentSkillRun run;
  run.agent_ran = review->agent_ran;
  run.note = review->note;
  run.scope_text = review->scope_text;
  run.files = review->files;
  if (!review->agent_ran) return run;
  record_usage(repo, hook, skill, *review);
  if (review->outcome.failed())
    return fail(ErrorKind::Provider, review->outcome.stop_detail, "provider " + review->provider,
                "raise [hooks." + hook + "] timeout or [provider] budget_usd, or set on_error");
  run.cached = review->from_cache;
  run.cache_key = review->cache_key;
  run.findings = review->outcome.findings;
  run.summary = review->outcome.summary;
  run.model = review->outcome.model;
  run.usage.input_tokens = input_tokens_of(review->outcome.usage);
  run.usage.output_tokens = review->outcome.usage.output_tokens;
  run.usage.cost_usd = review->outcome.cost_usd.value_or(0.0);
  run.usage.cached = review->from_cache;
  run.turns = review->outcome.turns;
  run.denials = review->outcome.denials;

  if (config.hook(hook).verify_findings && !run.findings.empty()) {
    agent::SkillReviewRequest verify = request;
    verify.skill = kVerifySkill;
    // The verifier needs what the reviewer was given (commit-msg: the message) as well as the candidates.
    verify.extra_context = (extra_context.empty() ? "" : extra_context + "\n\n") + describe_candidates(run.findings);
    auto checked = agent::run_skill_review(repo, config, verify);
    if (!checked) return std::unexpected(checked.error());
    if (checked->agent_ran) {
      record_usage(repo, hook, kVerifySkill, *checked);
      if (checked->outcome.failed())
        return fail(ErrorKind::Provider, "verification pass: " + checked->outcome.stop_detail,
                    "provider " + checked->provider, "set verify_findings = false or raise the limits");
      int before = static_cast<int>(run.findings.size());
      run.findings = checked->outcome.findings;
      for (auto& f : run.findings) f.rule_id = skill;  // the finding is still the reviewing skill's
      run.dropped_by_verification = std::max(0, before - static_cast<int>(run.findings.size()));
      run.usage.input_tokens += input_tokens_of(checked->outcome.usage);
      run.usage.output_tokens += checked->outcome.usage.output_tokens;
      run.usage.cost_usd += checked->outcome.cost_usd.value_or(0.0);
    }
  }
  return run;
}

}  // namespace hookagent::hooks
