#pragma once
// A skill's agent review as the hooks, background jobs and `hookagent review`
// run it: through the review cache (.git/hookagent/cache), with usage recorded, and with the optional verification pass
// that confirms or drops each finding before it may block.
#include <string>
#include <vector>

#include "agent/skill_review.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "git/repository.hpp"
#include "report/note_entry.hpp"

namespace hookagent::hooks {

struct AgentSkillRun {
  bool agent_ran = false;
  bool cached = false;
  std::string note;      // one line: why nothing ran, or how the run stopped
  std::vector<Finding> findings;
  std::string summary;
  std::string model;
  NoteUsage usage;
  int dropped_by_verification = 0;
  std::string cache_key;  // of the reviewing pass; empty when no agent ran
  // What `hookagent review` prints about the run (the reviewing pass only).
  std::string scope_text;  // "staged changes", "commit 1a2b3c4d5e6f", "range A..B"
  int files = 0;
  int turns = 0;
  int denials = 0;
};

// The bundled skill that re-checks candidate findings (skills/verify-findings).
inline constexpr const char* kVerifySkill = "verify-findings";

// verify_findings for the offline rules: the findings in `findings` that
// would block are shown to the verify-findings skill, which may dismiss one
// only by reporting it with category "dismissed" and the reason in its
// message; every other finding stays (a silent or failed verifier changes
// nothing). Dismissed findings are removed from `findings`.
struct RuleVerification {
  bool ran = false;
  std::string note;                    // why it did not run
  std::vector<std::string> dismissed;  // "file:line rule-id: reason", one per dismissed finding
};
Result<RuleVerification> verify_rule_findings(const Repository& repo, const Config& config, const std::string& hook,
                                              agent::ReviewScope scope, std::vector<Finding>& findings,
                                              std::shared_ptr<agent::ReviewTrees> trees);

Result<AgentSkillRun> run_agent_skill(const Repository& repo, const Config& config, const std::string& hook,
                                      const std::string& skill, agent::ReviewScope scope,
                                      const std::string& rev = {}, const std::string& extra_context = {},
                                      std::shared_ptr<agent::ReviewTrees> trees = nullptr);

}  // namespace hookagent::hooks
