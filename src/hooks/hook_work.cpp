#include "hooks/hook_work.hpp"

#include <cstdlib>
#include <string_view>

#include "hooks/commit_message_text.hpp"

namespace hookagent::hooks {

namespace {

bool list_contains(std::string_view list, std::string_view item) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto word = list.substr(0, comma);
    while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (word == item) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string skip_reason_from_env() {
  if (const char* s = std::getenv("HOOKAGENT_SKIP"); s && *s && std::string_view(s) != "0")
    return "HOOKAGENT_SKIP is set";
  // pre-commit's convention: SKIP is a comma-separated list of hook ids.
  if (const char* s = std::getenv("SKIP"); s && list_contains(s, "hookagent"))
    return "SKIP contains hookagent";
  return {};
}

bool skill_runs_offline(const std::string& skill) { return skill == "security-scan"; }

bool hook_has_work(Hook hook, const Config& config) {
  const auto name = std::string(hook_name(hook));
  const HookConfig& hc = config.hook(name);
  // post-rewrite has no skill of its own: it carries the notes the review
  // hooks write, so it has work whenever one of them does.
  if (hook == Hook::PostRewrite)
    return hc.enabled && (hook_has_work(Hook::PostCommit, config) || hook_has_work(Hook::PostMerge, config));
  if (!hc.enabled || hc.skills.empty()) return false;
  for (const auto& skill : hc.skills)
    if (skill_runs_offline(skill)) return true;
  // The other skills are agent-only: without a provider (or with the agent
  // switched off) there is nothing for them to do.
  if (hc.agent == "never") return false;
  return config.provider_for(name).kind != "none";
}

bool hook_args_have_work(Hook hook, const std::vector<std::string>& args) {
  if (hook != Hook::PrepareCommitMsg) return true;
  return source_allows_draft(parse_message_source(args.size() > 1 ? args[1] : ""));
}

}  // namespace hookagent::hooks
