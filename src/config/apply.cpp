#include "config/apply.hpp"

#include <sstream>
#include <type_traits>

namespace hookagent::config {
namespace {

struct KeyParts {
  std::string section;  // providers | hooks | scan | skills
  std::string name;     // provider or hook name; empty for scan/skills
  std::string key;
};

KeyParts split_key(const std::string& canonical) {
  auto first = canonical.find('.');
  std::string head = canonical.substr(0, first);
  if (head == "scan" || head == "skills") return {head, "", canonical.substr(first + 1)};
  auto last = canonical.rfind('.');
  return {head, canonical.substr(first + 1, last - first - 1), canonical.substr(last + 1)};
}

const std::string& as_string(const SettingValue& v) { return std::get<std::string>(v); }
const std::vector<std::string>& as_list(const SettingValue& v) { return std::get<std::vector<std::string>>(v); }

void apply_provider(ProviderConfig& p, const std::string& key, const SettingValue& v) {
  if (key == "kind") p.kind = as_string(v);
  else if (key == "model") p.model = as_string(v);
  else if (key == "api_key_env") p.api_key_env = as_string(v);
  else if (key == "base_url") p.base_url = as_string(v);
  else if (key == "command") p.command = as_list(v);
  else if (key == "max_turns") p.max_turns = static_cast<int>(std::get<std::int64_t>(v));
  else if (key == "max_tokens") p.max_tokens = static_cast<int>(std::get<std::int64_t>(v));
  else if (key == "budget_usd") p.budget_usd = std::get<double>(v);
}

void apply_hook(HookConfig& h, const std::string& key, const SettingValue& v) {
  if (key == "enabled") h.enabled = std::get<bool>(v);
  else if (key == "skills") h.skills = as_list(v);
  else if (key == "agent") h.agent = as_string(v);
  else if (key == "block_on") h.block_on = as_string(v) == "never" ? std::nullopt : parse_severity(as_string(v));
  else if (key == "allowed-tools") h.allowed_tools = as_list(v);
  else if (key == "denied-tools") h.denied_tools = as_list(v);
  else if (key == "timeout") h.timeout = std::chrono::seconds(std::get<std::int64_t>(v));
  else if (key == "on_error") h.on_error = as_string(v) == "block" ? OnError::Block : OnError::Allow;
  else if (key == "background") h.background = std::get<bool>(v);
  else if (key == "provider") h.provider = as_string(v);
  else if (key == "verify_findings") h.verify_findings = std::get<bool>(v);
  else if (key == "inline_allow") h.inline_allow = std::get<bool>(v);
}

void apply_scan(ScanConfig& s, const std::string& key, const SettingValue& v) {
  if (key == "packs") s.packs = as_list(v);
  else if (key == "gitleaks_config") s.gitleaks_config = as_string(v);
  else if (key == "exclude_paths") s.exclude_paths = as_list(v);
  else if (key == "max_file_size") s.max_file_size = static_cast<std::uint64_t>(std::get<std::int64_t>(v));
  else if (key == "context") s.context = as_string(v);
  else if (key == "context_paths") s.context_paths = as_list(v);
  else if (key == "block_confidence") s.block_confidence = as_string(v);
}

}  // namespace

void apply_setting(Config& config, const Setting& setting) {
  KeyParts parts = split_key(setting.key);
  if (parts.section == "providers") {
    auto [it, inserted] = config.providers.try_emplace(parts.name);
    if (inserted) it->second.name = parts.name;
    apply_provider(it->second, parts.key, setting.value);
  } else if (parts.section == "hooks") {
    apply_hook(config.hooks[parts.name], parts.key, setting.value);
  } else if (parts.section == "scan") {
    apply_scan(config.scan, parts.key, setting.value);
  } else if (parts.section == "skills" && parts.key == "paths") {
    config.skill_paths = as_list(setting.value);
  }
  config.origins[setting.key] = ValueOrigin{setting.where};
}

std::string value_text(const SettingValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return "\"" + v + "\"";
        else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string out = "[";
          for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
          return out + "]";
        } else if constexpr (std::is_same_v<T, double>) {
          std::ostringstream out;  // "0", "0.5": no trailing zeros
          out << v;
          return out.str();
        } else return std::to_string(v);
      },
      value);
}

}  // namespace hookagent::config
