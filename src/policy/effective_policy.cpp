// Building the effective policy and routing each call to its judge.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "policy/path_sandbox.hpp"
#include "policy/pattern_match.hpp"
#include "policy/policy.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

void add_rules(const std::vector<std::string>& texts, bool is_deny, const std::string& origin,
               std::vector<PermissionRule>& out, std::vector<std::string>& warnings) {
  for (const auto& text : texts) {
    auto rule = parse_permission_rule(text);
    if (rule) {
      out.push_back(*rule);
      continue;
    }
    if (!is_deny) {
      warnings.push_back(origin + " allow rule `" + text + "` ignored: " + rule.error().what);
      continue;
    }
    // A deny rule we cannot read still means "not this tool": deny the whole
    // tool it names rather than drop the rule and allow more than was meant.
    const std::string name = text.substr(0, text.find('('));
    if (auto bare = parse_permission_rule(name); bare) {
      out.push_back(*bare);
      warnings.push_back(origin + " deny rule `" + text + "` is malformed; denying all of `" + name + "`");
    } else {
      warnings.push_back(origin + " deny rule `" + text + "` is malformed and names no tool; ignored");
    }
  }
}

bool is_file_tool(const std::string& tool) {
  return tool == "Read" || tool == "Grep" || tool == "LS" || tool == "Edit" || tool == "Write" ||
         tool == "MultiEdit" || tool == "NotebookEdit" || tool == "NotebookRead";
}

std::string host_of(std::string_view url) {
  if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return std::string(url.substr(0, url.find(':')));
}

bool generic_spec_matches(const PermissionRule& rule, const std::string& input) {
  if (!rule.has_specifier) return true;
  if (rule.specifier.starts_with("domain:")) {
    const std::string want = rule.specifier.substr(7), host = host_of(input);
    return host == want || (want.starts_with("*.") && host.ends_with(want.substr(1)));
  }
  return policy::match_command_pattern(rule.specifier, input);
}

}  // namespace

EffectivePolicy EffectivePolicy::build(const PolicyInputs& inputs) {
  EffectivePolicy p;
  p.inputs_ = inputs;
  add_rules(inputs.skill_allowed, false, "skill", p.rules_.skill_allow, p.warnings_);
  add_rules(inputs.hook_allowed, false, "hook", p.rules_.hook_allow, p.warnings_);
  add_rules(inputs.skill_denied, true, "skill", p.rules_.deny, p.warnings_);
  add_rules(inputs.hook_denied, true, "hook", p.rules_.deny, p.warnings_);
  fs::path home = inputs.home;
  if (home.empty()) {
    const char* env = std::getenv("HOME");
    home = env && *env ? fs::path(env) : fs::path("/\x01no-home");
  }
  p.sandbox_ = policy::PathSandbox(inputs.repo_root.empty() ? fs::current_path() : inputs.repo_root,
                                   inputs.git_dir, home);
  return p;
}

EffectivePolicy::Match EffectivePolicy::match_rules(
    const std::function<bool(const PermissionRule&)>& matches) const {
  Match m;
  for (const auto& r : rules_.deny)
    if (matches(r)) {
      m.deny = &r;
      break;
    }
  for (const auto& r : rules_.skill_allow)
    if (matches(r)) {
      m.skill = &r;
      break;
    }
  for (const auto& r : rules_.hook_allow)
    if (matches(r)) {
      m.hook = &r;
      break;
    }
  return m;
}

Decision EffectivePolicy::from_match(const Match& m, const std::string& what) const {
  if (m.deny) return {false, m.deny->text, what + ": denied by rule `" + m.deny->text + "` (deny wins)"};
  if (!m.skill && !m.hook) return {false, "no allow rule matches", what + ": no allow rule matches (dontAsk: only allowed calls run)"};
  if (!m.skill)
    return {false, "no allow rule matches",
            what + ": the skill's allowed-tools do not permit it (the hook would allow `" + m.hook->text + "`)"};
  if (!m.hook)
    return {false, "no allow rule matches",
            what + ": the hook policy does not permit it (a skill cannot grant itself more than its hook allows)"};
  const std::string rule =
      m.skill->text == m.hook->text ? m.skill->text : m.skill->text + " [skill] + " + m.hook->text + " [hook]";
  return {true, rule, what + ": allowed"};
}

Decision EffectivePolicy::decide(const ToolCall& call) const {
  Decision d = decide_unlogged(call);
  if (logger_) logger_(call, d);
  return d;
}

Decision EffectivePolicy::decide_unlogged(const ToolCall& call) const {
  if (call.tool.empty() || !parse_permission_rule(call.tool) || call.tool.find('(') != std::string::npos)
    return {false, "sandbox", "tool name `" + call.tool + "` is not an ASCII tool name (a look-alike?)"};
  if (call.tool == "Bash") return decide_bash(call.input);
  if (call.tool == "Glob") return decide_glob(call.input);
  if (is_file_tool(call.tool)) return decide_path(call.tool, call.input, sandbox_.root());
  return decide_generic(call);
}

Decision EffectivePolicy::decide_generic(const ToolCall& call) const {
  const std::string what = call.tool;
  const bool builtin = std::find(inputs_.builtin_tools.begin(), inputs_.builtin_tools.end(), call.tool) !=
                       inputs_.builtin_tools.end();
  Match m = match_rules([&](const PermissionRule& r) { return r.tool == call.tool && generic_spec_matches(r, call.input); });
  if (builtin && !m.deny) return {true, "built-in tool", what + ": answered by hookagent itself"};
  return from_match(m, what);
}

bool EffectivePolicy::may_read(const std::string& path) const {
  return decide_path("Read", path, sandbox_.root()).allowed;
}

std::vector<std::string> EffectivePolicy::allowed_rule_texts() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const auto& s : rules_.skill_allow) {
    for (const auto& h : rules_.hook_allow) {
      if (s.tool != h.tool) continue;
      if (!h.has_specifier) add(s.text);
      else if (!s.has_specifier) add(h.text);
      else if (s.specifier == h.specifier) add(s.text);
      // Both narrowed: keep the narrower one when one pattern covers the other.
      else if (policy::match_command_pattern(s.specifier, h.specifier)) add(h.text);
      else if (policy::match_command_pattern(h.specifier, s.specifier)) add(s.text);
    }
  }
  return out;
}

std::string EffectivePolicy::fingerprint() const {
  std::string out = "root=" + sandbox_.root().string();
  auto section = [&](const char* name, const std::vector<PermissionRule>& rules) {
    std::vector<std::string> texts;
    for (const auto& r : rules) texts.push_back(r.text);
    std::sort(texts.begin(), texts.end());
    out += std::string("\n") + name + "=";
    for (const auto& t : texts) out += t + "\x1f";
  };
  section("skill_allow", rules_.skill_allow);
  section("hook_allow", rules_.hook_allow);
  section("deny", rules_.deny);
  return out;
}

}  // namespace hookagent
