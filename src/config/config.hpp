#pragma once
// The effective configuration (DESIGN §10). toml++ is used only inside src/config/.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/repo_paths.hpp"
#include "report/finding.hpp"

namespace hookagent {

enum class OnError { Allow, Block };

struct ProviderConfig {
  std::string name = "default";
  std::string kind = "none";     // anthropic | openai | command | none
  std::string model;
  std::string api_key_env;
  std::string base_url;
  std::vector<std::string> command;  // argv of the command provider
  int max_turns = 20;
  int max_tokens = 4096;
  double budget_usd = 0;         // per run; 0 = no limit
};

struct HookConfig {
  bool enabled = true;
  std::vector<std::string> skills;
  std::string agent = "auto";    // auto | always | never
  std::optional<Severity> block_on = Severity::High;  // nullopt = never block
  std::vector<std::string> allowed_tools;  // caps what any skill may use in this hook
  std::vector<std::string> denied_tools;
  std::chrono::seconds timeout{60};
  OnError on_error = OnError::Allow;
  bool background = false;
  std::string provider;          // name in [providers.*]; empty = the default provider
  bool verify_findings = false;  // second, cheaper pass that confirms agent findings
};

struct ScanConfig {
  std::vector<std::string> packs{"secrets", "danger"};
  std::string gitleaks_config;    // path of a gitleaks TOML; default: <repo>/.gitleaks.toml if present
  std::vector<std::string> exclude_paths;  // gitignore-style
  uint64_t max_file_size = 0;     // 0 = no limit (large files stream)
};

// Where an effective value came from, for `hookagent doctor`.
struct ValueOrigin {
  std::string source;  // "default", "~/.config/hookagent/config.toml:3:1", "HOOKAGENT_...", "--flag"
};

struct Config {
  std::map<std::string, ProviderConfig> providers;  // "default" always present
  std::map<std::string, HookConfig> hooks;          // keyed by git hook name
  ScanConfig scan;
  std::vector<std::string> skill_paths;
  std::map<std::string, ValueOrigin> origins;       // dotted key -> origin
  std::vector<std::string> untrusted_keys;          // keys a repo file tried to set, ignored until `hookagent trust`

  const HookConfig& hook(const std::string& name) const;
  const ProviderConfig& provider_for(const std::string& hook_name) const;
};

struct ConfigSources {
  RepoPaths repo;                       // may have an empty work_tree (bare)
  std::filesystem::path user_config;    // default: $XDG_CONFIG_HOME or ~/.config/hookagent/config.toml
  std::vector<std::pair<std::string, std::string>> flag_overrides;  // dotted key, value
};

Result<Config> load_config(const ConfigSources& sources);

}  // namespace hookagent
