#include "config/trust_filter.hpp"

#include <algorithm>

#include "config/apply.hpp"

namespace hookagent::config {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "hooks.pre-commit.block_on" -> "pre-commit"; "providers.x.kind" -> "x".
std::string middle(const std::string& key) {
  auto first = key.find('.'), last = key.rfind('.');
  return key.substr(first + 1, last - first - 1);
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// A rule is covered when the safer list has it, or has its bare tool and the rule
// only adds a specifier ("Read(src/**)" under "Read").
bool covered_by(const std::vector<std::string>& safer, const std::string& rule) {
  if (contains(safer, rule)) return true;
  auto paren = rule.find('(');
  return paren != std::string::npos && ends_with(rule, ")") && contains(safer, rule.substr(0, paren));
}

const ProviderConfig* provider_named(const Config& c, const std::string& name) {
  auto it = c.providers.find(name);
  return it == c.providers.end() ? nullptr : &it->second;
}

TrustCheck restricted(std::string reason) { return TrustCheck{std::nullopt, std::move(reason)}; }

TrustCheck check_provider(const Config& safer, const Setting& s) {
  const ProviderConfig* p = provider_named(safer, middle(s.key));
  auto text = [&] { return std::get<std::string>(s.value); };
  if (ends_with(s.key, ".base_url")) {
    if (p && p->base_url == text()) return {s, ""};
    return restricted("could send your diff and API key to another server");
  }
  if (ends_with(s.key, ".api_key_env")) {
    // The well-known names read the same key the provider would use anyway.
    if ((p && p->api_key_env == text()) || text() == "ANTHROPIC_API_KEY" || text() == "OPENAI_API_KEY") return {s, ""};
    return restricted("could hand another secret from your environment to the provider");
  }
  if (ends_with(s.key, ".kind") && text() == "command" && !(p && p->kind == "command"))
    return restricted("a command provider runs a program the repository chooses");
  // Spending limits cost the user money: a repo may lower them, not raise them.
  // A provider the repo adds is held to the default provider's limits.
  const ProviderConfig* limits = p ? p : provider_named(safer, "default");
  if (limits && (ends_with(s.key, ".max_turns") || ends_with(s.key, ".max_tokens"))) {
    auto wanted = std::get<std::int64_t>(s.value);
    auto current = ends_with(s.key, ".max_turns") ? limits->max_turns : limits->max_tokens;
    if (wanted > current) return restricted("would raise a spending limit above " + std::to_string(current));
  }
  if (limits && ends_with(s.key, ".budget_usd") && limits->budget_usd > 0) {
    double wanted = std::get<double>(s.value);
    if (wanted == 0 || wanted > limits->budget_usd)
      return restricted("would raise the budget above " + value_text(limits->budget_usd) + " USD per run");
  }
  if (ends_with(s.key, ".command")) {
    if (p && p->command == std::get<std::vector<std::string>>(s.value)) return {s, ""};
    return restricted("a command provider runs a program the repository chooses");
  }
  return {s, ""};
}

// A repo file may add to a list that decides what is checked, never drop from it:
// `skills = []` on pre-commit or `packs = []` would switch scanning off.
TrustCheck keep_safer_items(const Setting& s, const std::vector<std::string>& safer_items, const char* what) {
  Setting merged = s;
  auto& items = std::get<std::vector<std::string>>(merged.value);
  std::vector<std::string> dropped;
  for (const auto& item : safer_items)
    if (!contains(items, item)) {
      dropped.push_back(item);
      items.push_back(item);
    }
  if (dropped.empty()) return {s, ""};
  return {merged, std::string("would stop running ") + what + " " + value_text(dropped) + " (the rest applies)"};
}

TrustCheck check_hook(const Config& safer, const Setting& s) {
  const HookConfig& h = safer.hook(middle(s.key));
  if (ends_with(s.key, ".skills") && h.enabled && h.block_on && !h.background)
    return keep_safer_items(s, h.skills, "the blocking skills");
  if (ends_with(s.key, ".allowed-tools")) {
    Setting narrowed = s;
    auto& rules = std::get<std::vector<std::string>>(narrowed.value);
    std::vector<std::string> widening;
    std::erase_if(rules, [&](const std::string& r) {
      bool wider = !covered_by(h.allowed_tools, r);
      if (wider) widening.push_back(r);
      return wider;
    });
    if (widening.empty()) return {s, ""};
    return {narrowed, "grants " + value_text(widening) + " beyond the tools your own config allows (the rest applies)"};
  }
  if (ends_with(s.key, ".denied-tools")) {
    // A repo file adds denials; it cannot lift the ones the user set.
    Setting merged = s;
    auto& rules = std::get<std::vector<std::string>>(merged.value);
    for (auto& r : h.denied_tools)
      if (!contains(rules, r)) rules.push_back(r);
    return {merged, ""};
  }
  if (ends_with(s.key, ".block_on")) {
    const std::string& v = std::get<std::string>(s.value);
    if (!h.block_on) return {s, ""};
    if (v == "never") return restricted("would stop this hook from blocking (effective: " +
                                        std::string(to_string(*h.block_on)) + ")");
    if (static_cast<int>(*parse_severity(v)) > static_cast<int>(*h.block_on))
      return restricted("would block only at a higher severity than " + std::string(to_string(*h.block_on)));
    return {s, ""};
  }
  if (ends_with(s.key, ".on_error") && std::get<std::string>(s.value) == "allow" && h.on_error == OnError::Block)
    return restricted("would let commits through when the check fails (effective: \"block\")");
  bool blocks = h.enabled && h.block_on && !h.background;
  if (ends_with(s.key, ".enabled") && !std::get<bool>(s.value) && blocks)
    return restricted("would turn off a hook that blocks");
  if (ends_with(s.key, ".inline_allow") && std::get<bool>(s.value) && !h.inline_allow && blocks)
    return restricted("would let an allow comment written in a commit lift this hook's findings");
  if (ends_with(s.key, ".background") && std::get<bool>(s.value) && blocks)
    return restricted("would make a blocking hook run in the background, where it cannot block");
  return {s, ""};
}

}  // namespace

TrustCheck check_repo_setting(const Config& safer, const Setting& s) {
  if (s.key.starts_with("providers.")) return check_provider(safer, s);
  if (s.key.starts_with("hooks.")) return check_hook(safer, s);
  if (s.key == "scan.packs") return keep_safer_items(s, safer.scan.packs, "the rule packs");
  // What blocks may only grow from a repo file: a committed file must not be
  // able to declare its own code a "test" or lower the bar.
  if (s.key == "scan.context" && std::get<std::string>(s.value) == "aware" && safer.scan.context == "strict")
    return restricted("would stop findings in test code and docs from blocking (effective: \"strict\")");
  if (s.key == "scan.context_paths" && !std::get<std::vector<std::string>>(s.value).empty())
    return restricted("would make findings in the paths it names non-blocking");
  if (s.key == "scan.block_confidence") {
    auto rank = [](const std::string& v) { return v == "low" ? 0 : v == "medium" ? 1 : 2; };
    if (rank(std::get<std::string>(s.value)) > rank(safer.scan.block_confidence))
      return restricted("would let lower-confidence rules stop blocking (effective: \"" +
                        safer.scan.block_confidence + "\")");
  }
  return {s, ""};
}

std::string untrusted_line(const Setting& s, const std::string& reason, bool partly) {
  std::string key = s.key.starts_with("providers.default.") ? "provider." + s.key.substr(18) : s.key;
  return s.where + ": " + key + " = " + value_text(s.value) + (partly ? " partly ignored: it " : " ignored: it ") +
         reason +
         " (if you trust this repository's .hookagent.toml run `hookagent trust`, or set the key in "
         "~/.config/hookagent/config.toml or .git/hookagent.toml)";
}

}  // namespace hookagent::config
