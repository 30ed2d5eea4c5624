// Bash: every simple command of the line must pass (DESIGN §6), each judged
// on what it runs (bash_plan.cpp), what it reads and writes, and the paths
// its arguments name.
#include <cctype>
#include <filesystem>

#include "policy/bash_plan.hpp"
#include "policy/path_sandbox.hpp"
#include "policy/pattern_match.hpp"
#include "policy/policy.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

bool has_dotdot_component(std::string_view s) {
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto slash = s.find('/', start);
    if (s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start) == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// The parts of an argument that may name a path: the value of `--opt=value`;
// for a short option, a value glued to it, which may start after any of its
// letters (`-o../x`, `-rf/etc/x`: getopt reads -r, then -f with `/etc/x`); or
// the word itself.
std::vector<std::string> path_parts(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return {arg};
  std::vector<std::string> parts;
  if (const auto eq = arg.find('='); eq != std::string::npos) parts.push_back(arg.substr(eq + 1));
  if (arg[1] == '-' || arg.find('/') == std::string::npos) return parts;
  for (std::size_t k = 2; k < arg.size() && std::isalpha(static_cast<unsigned char>(arg[k - 1])); ++k)
    if (arg.compare(k, std::string::npos, "/") != 0) parts.push_back(arg.substr(k));  // `cut -d/`: a delimiter
  return parts;
}

bool looks_like_path(const std::string& s) {
  return !s.empty() && (s[0] == '/' || s[0] == '~' || has_dotdot_component(s));
}

bool exists_here(const fs::path& cwd, const std::string& s) {
  std::error_code ec;
  return !s.empty() && fs::exists(fs::symlink_status(cwd / s, ec));
}

// An argument naming a path outside the repository, or, for writers (rm,
// cp, mv, ...), one under .git/: why, or empty.
std::string check_arg_paths(const policy::CommandCheck& c, const policy::PathSandbox& sandbox,
                            const std::vector<fs::path>& cwds) {
  for (const auto& arg : c.args) {
    for (const auto& p : path_parts(arg)) {
      if (p.empty() || policy::is_harmless_device(p)) continue;
      for (const auto& cwd : cwds) {
        // Writers may create what does not exist yet: check every operand.
        if (!c.args_are_written && !looks_like_path(p) && !exists_here(cwd, p)) continue;
        const auto r = sandbox.resolve(p, cwd);
        if (!r.inside_root) return "argument `" + arg + "` names `" + r.absolute.string() + "`, outside the repository";
        if (c.args_are_written && r.in_git_dir)
          return "argument `" + arg + "` is under `.git/`, which is never written";
      }
    }
  }
  return {};
}

}  // namespace

Decision EffectivePolicy::decide_bash(const std::string& command) const {
  const std::string shown = command.size() > 200 ? command.substr(0, 200) + "..." : command;
  // A tool call is one command line, not a script; the cap also bounds the
  // work a hostile model can make the gate do.
  constexpr std::size_t kMaxCommandBytes = 32 * 1024;
  if (command.size() > kMaxCommandBytes)
    return {false, "sandbox", "Bash `" + shown + "`: the command is longer than 32 KiB"};
  if (auto bad = policy::find_deceptive_text(command))
    return {false, "sandbox", "Bash `" + shown + "`: the command holds " + *bad};
  for (const auto& r : rules_.deny)
    if (r.tool == "Bash" && !r.has_specifier) return {false, r.text, "Bash: denied by rule `" + r.text + "` (deny wins)"};

  const policy::BashPlan plan = policy::plan_bash(command);
  if (!plan.uncertain.empty())
    return {false, "sandbox", "Bash `" + shown + "`: cannot be checked with certainty: " + plan.uncertain};

  std::vector<fs::path> cwds{sandbox_.root()};
  std::vector<std::string> deciding;
  const std::size_t n = plan.commands.size();
  for (std::size_t k = 0; k < n; ++k) {
    const auto& c = plan.commands[k];
    const std::string label =
        "Bash `" + c.text + "`" + (n > 1 ? " (part " + std::to_string(k + 1) + " of " + std::to_string(n) + ")" : "");
    if (!c.denied.empty()) return {false, "sandbox", label + ": " + c.denied};

    if (auto bad = check_arg_paths(c, sandbox_, cwds); !bad.empty()) return {false, "sandbox", label + ": " + bad};
    for (const auto& [files, tool] : {std::pair{&c.writes, "Edit"}, std::pair{&c.reads, "Read"}}) {
      for (const auto& f : *files) {
        if (policy::is_harmless_device(f)) continue;
        for (const auto& cwd : cwds) {
          Decision d = decide_path(tool, f, cwd);
          if (!d.allowed)
            return {false, d.rule,
                    label + ": " + (std::string(tool) == "Edit" ? "writes" : "reads") + " `" + f + "`, judged as " + d.reason};
        }
      }
    }
    if (!c.cd_target.empty()) {
      std::vector<fs::path> next = cwds;
      for (const auto& cwd : cwds) {
        const auto r = sandbox_.resolve(c.cd_target, cwd);
        if (!r.inside_root)
          return {false, "sandbox", label + ": changes to `" + r.absolute.string() + "`, outside the repository"};
        next.push_back(r.absolute);
      }
      cwds = std::move(next);
    }
    if (!c.needs_rule || c.subjects.empty()) continue;

    // Deny wins, whichever form (wrapped or not) it names.
    for (const auto& subject : c.subjects) {
      for (const auto& r : rules_.deny) {
        if (r.tool != "Bash") continue;
        const bool hit = policy::match_command_pattern(r.specifier, subject) ||
                         (c.open_tail && policy::command_pattern_may_match_prefix(r.specifier, subject + " "));
        if (hit) return {false, r.text, label + ": denied by rule `" + r.text + "` (deny wins)"};
      }
    }
    // Allow rules must permit what actually runs: the innermost form.
    const std::string& inner = c.subjects.back();
    auto allows = [&](const PermissionRule& r) {
      if (r.tool != "Bash") return false;
      if (!r.has_specifier) return true;
      if (!c.open_tail) return policy::match_command_pattern(r.specifier, inner);
      // Arguments still to come must be covered by a trailing `*`.
      return r.specifier.ends_with("*") && policy::match_command_pattern(r.specifier, inner + " \x01");
    };
    Match m = match_rules(allows);
    m.deny = nullptr;  // checked above against every form
    Decision d = from_match(m, label);
    if (!d.allowed) return d;
    // Even an allowed command cannot take arguments nobody has seen: a path
    // out of the repo or a `--output=` could arrive on xargs' stdin.
    if (c.open_tail)
      return {false, "sandbox",
              label + ": xargs would add arguments read at run time, which the sandbox cannot check; "
                      "run the command with explicit arguments"};
    if (std::find(deciding.begin(), deciding.end(), d.rule) == deciding.end()) deciding.push_back(d.rule);
  }
  std::string rule;
  for (const auto& r : deciding) rule += (rule.empty() ? "" : "; ") + r;
  if (rule.empty()) rule = "sandbox";
  return {true, rule, "Bash `" + shown + "`: allowed" + (n > 1 ? " (every part passes)" : "")};
}

}  // namespace hookagent
