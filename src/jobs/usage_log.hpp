#pragma once
// Tokens and cost of every agent run, one JSON line each in
// <common git dir>/hookagent/usage.jsonl, summed by `hookagent usage`.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace hookagent::jobs {

struct UsageRecord {
  std::string time;   // ISO 8601 UTC; its first 10 chars are the day
  std::string skill;
  std::string hook;
  std::string model;
  long long input_tokens = 0;
  long long output_tokens = 0;
  double cost_usd = 0;
  bool cached = false;
};

struct UsageTotals {
  long long runs = 0;
  long long cached_runs = 0;
  long long input_tokens = 0;
  long long output_tokens = 0;
  double cost_usd = 0;
};

class UsageLog {
 public:
  explicit UsageLog(const std::filesystem::path& common_dir);
  // O_APPEND of one short line: concurrent writers never interleave inside a line.
  Status append(const UsageRecord& record) const;
  std::vector<UsageRecord> read() const;
  // Spent today (UTC), for the daily budget.
  double cost_today() const;

 private:
  std::filesystem::path path_;
};

// Totals keyed by what `by` names: "skill", "hook", "day" or "model".
std::map<std::string, UsageTotals> sum_usage(const std::vector<UsageRecord>& records, const std::string& by);

}  // namespace hookagent::jobs
