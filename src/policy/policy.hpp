#pragma once
// The permission gate (DESIGN §5–§6): Claude Code permission-rule syntax,
// run the way Claude Code's locked-down `dontAsk` mode runs, because a hook has
// nobody to ask. A call runs only if an allow rule of the skill AND an allow
// rule of the hook both permit it and no deny rule matches; anything the gate
// cannot read with certainty is denied. No third-party library is used here.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "policy/path_sandbox.hpp"

namespace hookagent {

// One tool call as the gate sees it. `input` is
//   Bash:             the command line;
//   Read, Edit, Write: the file path (relative to the repo root, or absolute, or ~/...);
//   Grep:             the path searched (a file or a directory; "." when none);
//   Glob:             the glob pattern, joined to its base path ("src/**/*.ts");
//   anything else:    the text a `Tool(specifier)` rule is matched against.
struct ToolCall {
  std::string tool;
  std::string input;
};

struct Decision {
  bool allowed = false;
  std::string rule;    // the rule text that decided, "sandbox", or "no allow rule matches"
  std::string reason;  // one line for the model and the log
};

// A parsed `Tool` or `Tool(specifier)`.
struct PermissionRule {
  std::string text;       // as written
  std::string tool;       // "Bash", "Read", "mcp__x__y", ...
  std::string specifier;  // inside the parentheses; Bash `x:*` already rewritten to `x *`
  bool has_specifier = false;
};

// Fails on text that is not a rule ("Bash(git diff", "", "Re ad").
Result<PermissionRule> parse_permission_rule(std::string_view text);

// Splits an allowed-tools string as skills write it: on commas and spaces that
// are outside parentheses ("Read, Grep Bash(git diff *)" -> 3 rules).
std::vector<std::string> split_rule_list(std::string_view text);

struct PolicyInputs {
  std::vector<std::string> skill_allowed;  // the skill's allowed-tools
  std::vector<std::string> hook_allowed;   // [hooks.<name>].allowed-tools: caps every skill
  std::vector<std::string> skill_denied;   // the skill's disallowed-tools
  std::vector<std::string> hook_denied;    // [hooks.<name>].denied-tools
  std::filesystem::path repo_root;         // the work tree: every path must stay inside it
  std::filesystem::path git_dir;           // never written (besides any `.git` under the root); may be empty
  std::filesystem::path home;              // what `~` means; empty = $HOME
  // Tools the agent itself answers, allowed unless a deny rule names them.
  std::vector<std::string> builtin_tools{"report_finding"};
};

using DecisionLogger = std::function<void(const ToolCall&, const Decision&)>;

class EffectivePolicy {
 public:
  // Never fails: a rule that does not parse is dropped from the allow lists
  // (narrower) and, in a deny list, denies its whole tool (wider). Each such
  // rule leaves a line in warnings().
  static EffectivePolicy build(const PolicyInputs& inputs);

  // Decides one call. Calls the logger, when one is set, with every decision.
  Decision decide(const ToolCall& call) const;
  // The same check for one file, without logging: what Grep and Glob use to
  // skip files a deny rule covers while they walk a directory.
  bool may_read(const std::string& path) const;

  void set_logger(DecisionLogger logger) { logger_ = std::move(logger); }
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Allow rules of the skill that the hook also permits by name, for the
  // `command` provider's --allowedTools/--tools and for cache keys.
  std::vector<std::string> allowed_rule_texts() const;
  // A stable text of every rule and the root, for cache keys.
  std::string fingerprint() const;

  struct Rules {
    std::vector<PermissionRule> skill_allow, hook_allow, deny;
  };

 private:
  PolicyInputs inputs_;
  Rules rules_;
  policy::PathSandbox sandbox_;
  std::vector<std::string> warnings_;
  DecisionLogger logger_;

  Decision decide_unlogged(const ToolCall& call) const;
  Decision decide_bash(const std::string& command) const;
  // `tool` is Read, Grep, Glob, LS, Edit, Write, ...; relative paths start at `cwd`.
  Decision decide_path(const std::string& tool, const std::string& path,
                       const std::filesystem::path& cwd) const;
  Decision decide_glob(const std::string& pattern) const;
  Decision decide_generic(const ToolCall& call) const;
  // Which allow rules (skill, hook) permit; a deny rule that matches.
  struct Match {
    const PermissionRule* skill = nullptr;
    const PermissionRule* hook = nullptr;
    const PermissionRule* deny = nullptr;
  };
  Match match_rules(const std::function<bool(const PermissionRule&)>& matches) const;
  Decision from_match(const Match& m, const std::string& what) const;
};

// dontAsk: each denial goes back to the model as an error tool_result; a run
// that keeps calling denied tools stops after `limit` denials.
class DenialCounter {
 public:
  explicit DenialCounter(int limit = 8) : limit_(limit) {}
  // Counts a denial; returns true when the run must stop now.
  bool record(const Decision& d) {
    if (!d.allowed) ++denials_;
    return exhausted();
  }
  bool exhausted() const { return limit_ > 0 && denials_ >= limit_; }
  int denials() const { return denials_; }
  int limit() const { return limit_; }

 private:
  int limit_;
  int denials_ = 0;
};

}  // namespace hookagent
