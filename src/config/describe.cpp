#include "config/describe.hpp"

#include "config/apply.hpp"

namespace hookagent {
namespace {

using config::SettingValue;
using config::value_text;

class Describer {
 public:
  explicit Describer(const Config& c) : c_(c) {}

  std::vector<DescribedValue> run() {
    for (auto& [name, p] : c_.providers) provider(name, p);
    for (auto& name : config::hook_names()) hook(name, c_.hook(name));
    add("scan.packs", c_.scan.packs);
    add("scan.gitleaks_config", c_.scan.gitleaks_config);
    add("scan.exclude_paths", c_.scan.exclude_paths);
    add("scan.max_file_size", static_cast<std::int64_t>(c_.scan.max_file_size));
    add("scan.context", c_.scan.context);
    add("scan.context_paths", c_.scan.context_paths);
    add("scan.block_confidence", c_.scan.block_confidence);
    add("skills.paths", c_.skill_paths);
    return std::move(out_);
  }

 private:
  void add(const std::string& key, SettingValue value) {
    auto it = c_.origins.find(key);
    out_.push_back({key, value_text(value), it == c_.origins.end() ? "default" : it->second.source});
  }

  void provider(const std::string& name, const ProviderConfig& p) {
    std::string k = "providers." + name + ".";
    add(k + "kind", p.kind);
    add(k + "model", p.model);
    add(k + "api_key_env", p.api_key_env);
    add(k + "base_url", p.base_url);
    if (p.kind == "command") add(k + "command", p.command);
    add(k + "max_turns", std::int64_t{p.max_turns});
    add(k + "max_tokens", std::int64_t{p.max_tokens});
    add(k + "budget_usd", p.budget_usd);
  }

  void hook(const std::string& name, const HookConfig& h) {
    std::string k = "hooks." + name + ".";
    add(k + "enabled", h.enabled);
    if (!h.enabled) return;
    add(k + "skills", h.skills);
    add(k + "agent", h.agent);
    add(k + "block_on", h.block_on ? std::string(to_string(*h.block_on)) : std::string("never"));
    add(k + "allowed-tools", h.allowed_tools);
    add(k + "denied-tools", h.denied_tools);
    add(k + "timeout", std::to_string(h.timeout.count()) + "s");
    add(k + "on_error", std::string(h.on_error == OnError::Block ? "block" : "allow"));
    add(k + "background", h.background);
    add(k + "provider", h.provider.empty() ? std::string("default") : h.provider);
    add(k + "verify_findings", h.verify_findings);
    add(k + "inline_allow", h.inline_allow);
  }

  const Config& c_;
  std::vector<DescribedValue> out_;
};

}  // namespace

std::vector<DescribedValue> describe_config(const Config& config) { return Describer(config).run(); }

}  // namespace hookagent
