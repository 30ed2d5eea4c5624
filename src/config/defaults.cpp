// The built-in layer (DESIGN §4) and the Config accessors.
#include <cstdlib>

#include "config/config.hpp"
#include "config/trust.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

HookConfig blocking_scan() {
  HookConfig h;
  h.skills = {"security-scan"};
  h.agent = "auto";
  h.block_on = Severity::High;
  h.allowed_tools = default_allowed_tools();
  return h;
}

HookConfig background_review(std::vector<std::string> skills) {
  HookConfig h;
  h.skills = std::move(skills);
  h.background = true;
  h.block_on = std::nullopt;  // a background hook never stops git
  h.timeout = std::chrono::minutes(10);
  h.allowed_tools = default_allowed_tools();
  return h;
}

HookConfig commit_message() {
  HookConfig h;
  h.enabled = false;  // DESIGN §4: off by default
  h.skills = {"commit-message"};
  h.block_on = Severity::High;
  h.allowed_tools = default_allowed_tools();
  // Someone is waiting at the terminal for these two: a dead provider must not
  // hold the commit for the blocking hooks' full minute.
  h.timeout = std::chrono::seconds(20);
  return h;
}

}  // namespace

const std::vector<std::string>& default_allowed_tools() {
  // Read-only tools: a default review can look at the repo but never run or change anything.
  static const std::vector<std::string> tools{"Read", "Grep", "Glob"};
  return tools;
}

Config default_config() {
  Config c;
  c.providers["default"] = ProviderConfig{};
  c.hooks["pre-commit"] = blocking_scan();
  c.hooks["prepare-commit-msg"] = commit_message();
  c.hooks["commit-msg"] = commit_message();
  c.hooks["post-commit"] = background_review({"code-review"});
  c.hooks["post-merge"] = background_review({"code-review"});
  // post-rewrite only carries notes from old to new commits: no skill, no agent.
  HookConfig rewrite = background_review({});
  rewrite.agent = "never";
  rewrite.background = false;
  c.hooks["post-rewrite"] = rewrite;
  c.hooks["pre-push"] = blocking_scan();
  c.hooks["pre-receive"] = blocking_scan();
  c.hooks["pre-receive"].inline_allow = false;  // the pusher writes those comments

  const ValueOrigin def{"default"};
  for (auto& key : {"kind", "model", "api_key_env", "base_url", "command", "max_turns", "max_tokens", "budget_usd"})
    c.origins[std::string("providers.default.") + key] = def;
  for (auto& [name, h] : c.hooks)
    for (auto& key : {"enabled", "skills", "agent", "block_on", "allowed-tools", "denied-tools", "timeout",
                      "on_error", "background", "provider", "verify_findings", "inline_allow"})
      c.origins["hooks." + name + "." + key] = def;
  for (auto& key : {"scan.packs", "scan.gitleaks_config", "scan.exclude_paths", "scan.max_file_size", "scan.context",
                    "scan.context_paths", "scan.block_confidence", "skills.paths"})
    c.origins[key] = def;
  return c;
}

const HookConfig& Config::hook(const std::string& name) const {
  static const HookConfig disabled = [] {
    HookConfig h;
    h.enabled = false;
    return h;
  }();
  auto it = hooks.find(name);
  return it == hooks.end() ? disabled : it->second;
}

const ProviderConfig& Config::provider_for(const std::string& hook_name) const {
  static const ProviderConfig none{};
  const std::string& wanted = hook(hook_name).provider;
  auto it = providers.find(wanted.empty() ? "default" : wanted);
  if (it != providers.end()) return it->second;
  it = providers.find("default");
  return it == providers.end() ? none : it->second;
}

fs::path default_user_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return fs::path(xdg) / "hookagent" / "config.toml";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : "") / ".config" / "hookagent" / "config.toml";
}

ConfigSources default_config_sources(const RepoPaths& repo) {
  ConfigSources s;
  s.repo = repo;
  s.user_config = default_user_config_path();
  s.trust_store = default_trust_store_path();
  return s;
}

}  // namespace hookagent
