#include "jobs/usage_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "jobs/job_queue.hpp"
#include "report/note_entry.hpp"

namespace hookagent::jobs {
namespace fs = std::filesystem;
using nlohmann::json;

UsageLog::UsageLog(const fs::path& common_dir) : path_(state_dir(common_dir) / "usage.jsonl") {}

Status UsageLog::append(const UsageRecord& r) const {
  if (auto made = make_state_dir(path_.parent_path().parent_path(), path_.parent_path()); !made)
    return std::unexpected(made.error());
  json j{{"time", r.time.empty() ? iso8601_utc_now() : r.time},
         {"skill", r.skill},
         {"hook", r.hook},
         {"model", r.model},
         {"input_tokens", r.input_tokens},
         {"output_tokens", r.output_tokens},
         {"cost_usd", r.cost_usd},
         {"cached", r.cached}};
  std::string line = j.dump() + "\n";
  int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorKind::Io, "cannot record usage", path_.string(), "check that .git is writable");
  ssize_t n = write(fd, line.data(), line.size());
  close(fd);
  if (n != static_cast<ssize_t>(line.size())) return fail(ErrorKind::Io, "short write recording usage", path_.string());
  return ok();
}

std::vector<UsageRecord> UsageLog::read() const {
  std::vector<UsageRecord> out;
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    UsageRecord r;
    r.time = j.value("time", "");
    r.skill = j.value("skill", "");
    r.hook = j.value("hook", "");
    r.model = j.value("model", "");
    r.input_tokens = j.value("input_tokens", 0LL);
    r.output_tokens = j.value("output_tokens", 0LL);
    r.cost_usd = j.value("cost_usd", 0.0);
    r.cached = j.value("cached", false);
    out.push_back(std::move(r));
  }
  return out;
}

double UsageLog::cost_today() const {
  std::string today = iso8601_utc_now().substr(0, 10);
  double total = 0;
  for (auto& r : read())
    if (r.time.rfind(today, 0) == 0) total += r.cost_usd;
  return total;
}

std::map<std::string, UsageTotals> sum_usage(const std::vector<UsageRecord>& records, const std::string& by) {
  std::map<std::string, UsageTotals> totals;
  for (auto& r : records) {
    std::string key = by == "hook" ? r.hook : by == "day" ? r.time.substr(0, 10) : by == "model" ? r.model : r.skill;
    auto& t = totals[key.empty() ? "-" : key];
    ++t.runs;
    if (r.cached) ++t.cached_runs;
    t.input_tokens += r.input_tokens;
    t.output_tokens += r.output_tokens;
    t.cost_usd += r.cost_usd;
  }
  return totals;
}

}  // namespace hookagent::jobs
