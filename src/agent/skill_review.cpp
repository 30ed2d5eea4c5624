#include "agent/skill_review.hpp"

#include "agent/change_text.hpp"
#include "agent/git_snapshot.hpp"
#include "agent/policy_gate.hpp"
#include "agent/providers/command_agent.hpp"
#include "agent/review_tree.hpp"
#include "agent/sandbox/sandbox.hpp"
#include "jobs/review_cache.hpp"
#include "policy/policy.hpp"
#include "scan/redactor.hpp"
#include "scan/scan_run.hpp"
#include "skills/skill.hpp"

namespace hookagent::agent {

namespace {

struct ReviewInput {
  std::vector<Change> changes;
  std::string tree_key;                // which ReviewTree this is
  std::unique_ptr<Snapshot> snapshot;  // null when `trees` already holds the tree
  std::string scope_text;
  std::string commit;  // stamped on findings; empty for staged changes
};

Result<ReviewInput> load_input(const Repository& repo, const SkillReviewRequest& r, const ReviewTrees& trees) {
  ReviewInput in;
  Result<std::vector<Change>> changes = std::vector<Change>{};
  Result<std::unique_ptr<Snapshot>> snapshot = nullptr;
  // The snapshot is read only for a tree this run has not seen yet.
  auto snapshot_of = [&](const std::string& key, auto load) {
    in.tree_key = key;
    if (!trees.find(key)) snapshot = load();
  };
  if (r.scope == ReviewScope::Staged) {
    changes = repo.staged_changes(r.cwd);
    snapshot_of("staged", [&] { return staged_snapshot(repo, r.cwd); });
    in.scope_text = "staged changes";
  } else if (r.scope == ReviewScope::Commit) {
    auto id = repo.resolve_commit(r.rev.empty() ? "HEAD" : r.rev);
    if (!id) return std::unexpected(id.error());
    changes = repo.commit_changes(*id);
    snapshot_of("commit " + *id, [&] { return commit_snapshot(repo, *id); });
    in.commit = *id;
    in.scope_text = "commit " + id->substr(0, 12);
  } else {
    auto dots = r.rev.find("..");
    if (dots == std::string::npos || r.rev.find("...") != std::string::npos)
      return fail(ErrorKind::Usage, "a range is written A..B", r.rev, "e.g. --range main..HEAD");
    std::string from = r.rev.substr(0, dots), to = r.rev.substr(dots + 2);
    auto to_id = repo.resolve_commit(to.empty() ? "HEAD" : to);
    if (!to_id) return std::unexpected(to_id.error());
    auto from_id = from.empty() ? Result<std::string>(std::string{}) : repo.resolve_commit(from);
    if (!from_id) return std::unexpected(from_id.error());
    changes = repo.range_changes(*from_id, *to_id);
    snapshot_of("commit " + *to_id, [&] { return commit_snapshot(repo, *to_id); });
    in.commit = *to_id;
    in.scope_text = "range " + r.rev;
  }
  if (!changes) return std::unexpected(changes.error());
  if (!snapshot) return std::unexpected(snapshot.error());
  in.changes = std::move(*changes);
  in.snapshot = std::move(*snapshot);
  return in;
}

Result<Skill> find_skill(const Config& config, const Repository& repo, const std::string& name) {
  auto catalog = discover_skills(default_skill_roots(config.skill_paths, repo.paths().work_tree));
  if (const Skill* s = catalog.find(name)) return *s;
  for (const auto& e : catalog.broken)
    if (e.where.find("/" + name + "/") != std::string::npos) return std::unexpected(e);
  std::string known;
  for (const auto& s : catalog.skills) known += (known.empty() ? "" : ", ") + s.name;
  return fail(ErrorKind::Config, "no skill named \"" + name + "\"", "--skill",
              known.empty() ? "no skills were found; see `hookagent skills list`" : "known skills: " + known);
}

}  // namespace

Result<SkillReviewResult> run_skill_review(const Repository& repo, const Config& config,
                                           const SkillReviewRequest& request) {
  SkillReviewResult result;
  const HookConfig& hook = config.hook(request.hook);
  const ProviderConfig& provider = config.provider_for(request.hook);
  result.provider = provider.kind;
  if (provider.kind == "none" || hook.agent == "never") {
    result.note = provider.kind == "none"
                      ? "no LLM provider is configured: rules only (set [provider] in ~/.config/hookagent/config.toml)"
                      : "the agent is off for " + request.hook + " (agent = \"never\")";
    return result;
  }
  auto skill = find_skill(config, repo, request.skill);
  if (!skill) return std::unexpected(skill.error());
  std::shared_ptr<ReviewTrees> trees = request.trees ? request.trees : std::make_shared<ReviewTrees>();
  auto input = load_input(repo, request, *trees);
  if (!input) return std::unexpected(input.error());
  result.scope_text = input->scope_text;
  result.files = static_cast<int>(input->changes.size());
  ReviewTree* tree = trees->find(input->tree_key);
  if (!tree) {
    // No redactor, no request: a secret must never leave because rules failed to load.
    // The team file as the scan resolves it (a missing default .gitleaks.toml is none).
    auto loaded = scan::Redactor::load(scan::rule_sources_for(config, repo.paths()).gitleaks_config);
    if (!loaded) return std::unexpected(loaded.error());
    tree = &trees->add(input->tree_key, std::make_unique<ReviewTree>(std::move(input->snapshot), std::move(*loaded)));
  }
  const scan::Redactor& redactor = *tree->redactor;
  TextRedactor redact = make_text_redactor(redactor);
  const SandboxState sandbox = probe_sandbox_from_env();
  tree->workspace->set_deadline(std::chrono::steady_clock::now() + hook.timeout);
  if (auto fresh = tree->workspace->start_review(); !fresh) return std::unexpected(fresh.error());

  const RepoPaths& paths = repo.paths();
  EffectivePolicy policy = EffectivePolicy::build(PolicyInputs{skill->allowed_tools, hook.allowed_tools,
                                                               skill->disallowed_tools, hook.denied_tools,
                                                               paths.work_tree, paths.git_dir, {}});
  ReviewTask task;
  task.skill_name = skill->name;
  task.skill_body = skill->body;
  task.hook_context = "You run as hookagent's " + request.hook + " hook, reviewing the " + input->scope_text +
                      " of the repository " + paths.work_tree.filename().string() + ".";
  if (!request.extra_context.empty()) task.hook_context += "\n\n" + request.extra_context;
  task.change_text = describe_changes(input->changes, [&](const std::string& id, const std::string& path) {
    auto blob = repo.read_blob(id);
    return blob ? Result<std::string>(redactor.redact_file(path, *blob)) : blob;
  });
  task.tool_names = policy.allowed_rule_texts();
  const bool wants_bash = std::any_of(task.tool_names.begin(), task.tool_names.end(),
                                      [](const std::string& r) { return tool_name_of_rule(r) == "Bash"; });
  if (wants_bash && sandbox.kind == SandboxKind::Off) {
    // Fail closed: the model is not even offered Bash.
    std::erase_if(task.tool_names, [](const std::string& r) { return tool_name_of_rule(r) == "Bash"; });
    result.note = "Bash is off for this review: no kernel sandbox (" + sandbox.why_off + ")";
  }

  std::string model = provider.model.empty() ? skill->model : provider.model;
  std::string policy_text;
  for (const auto& rule : task.tool_names) policy_text += rule + "\n";
  // Not the hook context: it names the commit, and a cherry-picked or rebased
  // change is the same review. The change text itself is in the key.
  result.cache_key = jobs::cache_key({skill->name + "\n" + skill->body + "\n" + request.hook + "\n" +
                                          request.extra_context,
                                      provider.kind + "/" + model, redact(task.change_text), policy_text});
  if (request.cached) {
    if (auto hit = request.cached(result.cache_key)) {
      result.outcome = std::move(*hit);
      for (auto& f : result.outcome.findings) f.commit = input->commit;  // the same change, maybe another commit
      result.outcome.usage = Usage{};
      result.outcome.cost_usd = 0.0;
      result.agent_ran = true;
      result.from_cache = true;
      result.note = "cached: the same review ran before, 0 tokens";
      return result;
    }
  }

  if (provider.kind == "command") {
    CommandAgentOptions options{provider.command, paths.work_tree, task.tool_names,
                                std::chrono::duration_cast<std::chrono::milliseconds>(hook.timeout)};
    options.denied_rules = skill->disallowed_tools;
    options.denied_rules.insert(options.denied_rules.end(), hook.denied_tools.begin(), hook.denied_tools.end());
    options.sandbox = &sandbox;
    options.workspace = tree->workspace.get();
    options.api_key_env = provider.api_key_env;
    auto outcome = run_command_agent(options, task, redact);
    if (!outcome) return std::unexpected(outcome.error());
    result.outcome = std::move(*outcome);
    for (auto& f : result.outcome.findings) f.commit = input->commit;
    result.agent_ran = true;
    if (request.store && !result.outcome.failed()) request.store(result.cache_key, result.outcome);
    return result;
  }

  auto transport = make_curl_transport();
  auto chat = make_chat_provider(provider, *transport, process_env(), request.retry.value_or(RetryPolicy{}));
  if (!chat) return std::unexpected(chat.error());
  if (!skill->model.empty() && provider.model.empty()) {
    ProviderConfig with_model = provider;
    with_model.model = skill->model;  // the skill's preference, when the user did not pin one
    chat = make_chat_provider(with_model, *transport, process_env(), request.retry.value_or(RetryPolicy{}));
    if (!chat) return std::unexpected(chat.error());
  }
  AgentLimits limits;
  limits.max_turns = provider.max_turns;
  limits.max_tokens = provider.max_tokens;
  limits.budget_usd = provider.budget_usd;
  limits.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(hook.timeout);
  limits.max_denials = request.max_denials;

  ToolContext tools;
  tools.snapshot = tree->shown.get();
  tools.work_tree = paths.work_tree;
  tools.sandbox = &sandbox;
  tools.workspace = tree->workspace.get();
  tools.skill_name = skill->name;
  tools.commit = input->commit;
  tools.split_command = shell_words_splitter();
  tools.may_read = [&policy](const std::string& file) { return policy.may_read(file); };
  tools.bash_timeout = std::min<std::chrono::milliseconds>(limits.timeout, std::chrono::milliseconds(20000));

  AgentRunner runner(**chat, limits, make_policy_gate(policy), redact);
  auto outcome = runner.run(task, tools);
  if (!outcome) return std::unexpected(outcome.error());
  result.outcome = std::move(*outcome);
  result.agent_ran = true;
  if (!result.outcome.stop_detail.empty())
    result.note += (result.note.empty() ? "" : "; ") + result.outcome.stop_detail;
  if (request.store && !result.outcome.failed()) request.store(result.cache_key, result.outcome);
  return result;
}

}  // namespace hookagent::agent
