#pragma once
// The effective configuration (DESIGN §10). toml++ is used only inside src/config/.
//
// Layers, later wins: built-in defaults, the user's config, the committed
// <repo>/.hookagent.toml (trust-limited, see trust.hpp), <common dir>/hookagent.toml
// (local, untracked), HOOKAGENT_* environment variables, command-line flags.
//
// Environment mapping (values are parsed exactly like the TOML key they set):
//   HOOKAGENT_PROVIDER     -> provider.kind           (anthropic | openai | command | none)
//   HOOKAGENT_MODEL        -> provider.model
//   HOOKAGENT_API_KEY_ENV  -> provider.api_key_env
//   HOOKAGENT_BASE_URL     -> provider.base_url
//   HOOKAGENT_BLOCK_ON     -> hooks.*.block_on        (every hook)
//   HOOKAGENT_ON_ERROR     -> hooks.*.on_error        (every hook)
//   HOOKAGENT_TIMEOUT      -> hooks.*.timeout         (every hook)
//   HOOKAGENT_AGENT        -> hooks.*.agent           (every hook)
//   HOOKAGENT_SCAN_PACKS   -> scan.packs              (comma-separated)
//   HOOKAGENT_SKILL_PATHS  -> skills.paths            (colon-separated)
// Other HOOKAGENT_* variables (HOOKAGENT_BIN, HOOKAGENT_DATA_DIR, ...) are not config.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
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
  std::string api_key_env;       // filled from the kind when unset (ANTHROPIC_API_KEY, OPENAI_API_KEY)
  std::string base_url;          // empty = the provider's public endpoint
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
  // Honour `hookagent:allow` / `gitleaks:allow` on a line. Off for pre-receive:
  // there the comment is written by the pusher the hook is meant to stop.
  bool inline_allow = true;
};

struct ScanConfig {
  std::vector<std::string> packs{"secrets", "danger"};
  std::string gitleaks_config;    // path of a gitleaks TOML; default: <repo>/.gitleaks.toml if present
  std::vector<std::string> exclude_paths;  // gitignore-style
  uint64_t max_file_size = 0;     // 0 = no limit (large files stream)
  // "aware": findings in test code, fixtures, examples, docs and datasets are
  // reported one severity lower and never block (high-confidence secrets
  // excepted: a live key leaks from a test file too); "strict": no such rule.
  std::string context = "aware";
  std::vector<std::string> context_paths;  // more such paths (RE2 regexes on the repo path)
  std::string block_confidence = "high";   // rules below this confidence report without blocking
};

// Where an effective value came from, for `hookagent doctor`.
struct ValueOrigin {
  std::string source;  // "default", "/home/u/.config/hookagent/config.toml:3:1", "HOOKAGENT_MODEL", "--flag"
};

// One configuration file that load_config looked at.
struct ConfigFileInfo {
  std::string layer;             // "user", "repo", "local"
  std::filesystem::path path;
  bool present = false;
  // false when a repo file set a trust-only key and `hookagent trust` has not recorded
  // its content; a repo file that sets no such key is never looked up and stays true.
  bool trusted = true;
};

struct Config {
  std::map<std::string, ProviderConfig> providers;  // "default" always present
  std::map<std::string, HookConfig> hooks;          // keyed by git hook name; all eight present
  ScanConfig scan;
  std::vector<std::string> skill_paths;
  // Dotted key -> origin. Keys: providers.<name>.<key> ([provider] is providers.default),
  // hooks.<hook>.<key>, scan.<key>, skills.paths.
  std::map<std::string, ValueOrigin> origins;
  // One line per key a repo file tried to set, ignored until `hookagent trust`:
  // "<file>:<line>:<col>: <key> ... ignored ... (fix)".
  std::vector<std::string> untrusted_keys;
  std::vector<ConfigFileInfo> files;                // the layers looked at, in order

  const HookConfig& hook(const std::string& name) const;
  const ProviderConfig& provider_for(const std::string& hook_name) const;
};

struct ConfigSources {
  RepoPaths repo;                       // may have an empty work_tree (bare); empty git_dir = no repo
  std::filesystem::path user_config;    // default: $XDG_CONFIG_HOME or ~/.config/hookagent/config.toml
  std::vector<std::pair<std::string, std::string>> flag_overrides;  // dotted key, value
  // Where `hookagent trust` records trusted repo configs; empty = default_trust_store_path().
  std::filesystem::path trust_store;
  // The environment to read HOOKAGENT_* from; nullopt = the process environment.
  std::optional<std::map<std::string, std::string>> env;
};

// $XDG_CONFIG_HOME/hookagent/config.toml, else ~/.config/hookagent/config.toml.
std::filesystem::path default_user_config_path();
// Sources for a repo with the default user config, trust store and process environment.
ConfigSources default_config_sources(const RepoPaths& repo);

// The built-in defaults (DESIGN §4), every origin "default".
Config default_config();
// The tools every hook allows unless a trusted layer widens them.
const std::vector<std::string>& default_allowed_tools();

// Reads at most four small files (user, repo, local config, and the trust store
// only when the repo file tries a restricted key). No regex, no libgit2.
Result<Config> load_config(const ConfigSources& sources);

}  // namespace hookagent
