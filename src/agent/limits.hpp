#pragma once
// Bounds on one agent run (DESIGN §7): turns, tokens, wall clock, dollars,
// denials. The clock is the run's deadline; every wait (HTTP, retry sleeps,
// tools) is capped by what is left of it so git is never hung past the hook's
// timeout.
#include <chrono>
#include <optional>
#include <string>

#include "agent/conversation.hpp"

namespace hookagent::agent {

using Clock = std::chrono::steady_clock;

struct AgentLimits {
  int max_turns = 20;                      // model responses per run
  int max_tokens = 4096;                   // per response (max_tokens on the wire)
  int64_t max_total_tokens = 0;            // whole run; 0 = no limit
  std::chrono::milliseconds timeout{60000};  // wall clock for the whole run
  double budget_usd = 0;                   // 0 = no limit; unknown price => tokens only
  int max_denials = 8;                     // stop after this many denied tool calls
};

// The deadline of one run, so that everything below can ask what is left.
class Deadline {
 public:
  explicit Deadline(std::chrono::milliseconds budget) : end_(Clock::now() + budget) {}
  std::chrono::milliseconds remaining() const;
  bool expired() const { return remaining().count() <= 0; }

 private:
  Clock::time_point end_;
};

// USD per million tokens for one model family.
struct ModelPrice {
  double input = 0;
  double output = 0;
  double cache_write = 0;
  double cache_read = 0;
};

// A small table by model family (e.g. "claude-sonnet-4", "gpt-4o-mini").
// Unknown models have no price: the budget is then enforced on tokens only.
std::optional<ModelPrice> price_for_model(std::string_view model);
double cost_usd(const ModelPrice& price, const Usage& usage);

}  // namespace hookagent::agent
