#pragma once
// One skill's agent review of what git is about to record, end to end: the
// entry point `hookagent review`, the hooks and background jobs call. It finds
// the skill, builds the policy gate (skill allowed-tools ∩ hook policy − deny),
// the redactor, the snapshot and the change text, then runs the configured
// provider. What to do when it fails (on_error) is the caller's decision.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "agent/agent_runner.hpp"
#include "agent/providers/chat_provider.hpp"
#include "agent/review_tree.hpp"
#include "config/config.hpp"
#include "git/repository.hpp"

namespace hookagent::agent {

enum class ReviewScope { Staged, Commit, Range };

struct SkillReviewRequest {
  ReviewScope scope = ReviewScope::Staged;
  std::string rev;                  // Commit: a revision; Range: "A..B"
  std::string hook = "pre-commit";  // whose [hooks.<hook>] policy, timeout and provider apply
  std::string skill;                // skill name, found in discovery order (DESIGN §5)
  std::filesystem::path cwd;        // resolves a relative GIT_INDEX_FILE; empty = current dir
  std::optional<RetryPolicy> retry; // tests shorten the backoff
  int max_denials = 8;
  // Appended to the hook context of the system prompt (the verification pass
  // puts the candidate findings here).
  std::string extra_context;
  // A repeat of the same review costs zero tokens: `cached` is asked with the
  // key (skill, model, redacted change, policy) before any provider is; an
  // outcome it returns ends the review. `store` keeps a finished run's outcome.
  std::function<std::optional<AgentOutcome>(const std::string& key)> cached;
  std::function<void(const std::string& key, const AgentOutcome& outcome)> store;
  // Trees already loaded in this hook run (shared by its skills); null = load afresh.
  std::shared_ptr<ReviewTrees> trees;
};

struct SkillReviewResult {
  bool agent_ran = false;    // false when the provider is "none" or the hook's agent = "never"
  std::string note;          // one line: why nothing ran, or why the run stopped early
  std::string scope_text;    // "staged changes", "commit 1a2b3c4", "range A..B"
  std::string provider;      // provider kind
  int files = 0;             // files in the change
  AgentOutcome outcome;      // findings (source Agent), summary, usage, cost
  bool from_cache = false;   // the outcome came from `cached`: no tokens were spent
  std::string cache_key;
};

Result<SkillReviewResult> run_skill_review(const Repository& repo, const Config& config,
                                           const SkillReviewRequest& request);

}  // namespace hookagent::agent
