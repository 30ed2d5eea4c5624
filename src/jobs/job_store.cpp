#include "jobs/job_store.hpp"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace hookagent::jobs {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::pair<JobStatus, std::string_view> kStatusNames[] = {
    {JobStatus::Queued, "queued"},   {JobStatus::Running, "running"},     {JobStatus::Done, "done"},
    {JobStatus::Failed, "failed"},   {JobStatus::Cancelled, "cancelled"}, {JobStatus::Cached, "cached"},
};

json to_json(const JobRecord& r) {
  return json{{"id", r.request.id},         {"hook", r.request.hook},
              {"commit", r.request.commit}, {"skill", r.request.skill},
              {"queued_at", r.request.queued_at}, {"status", to_string(r.status)},
              {"pid", r.pid},               {"started_at", r.started_at},
              {"finished_at", r.finished_at}, {"error", r.error},
              {"findings", r.findings},     {"input_tokens", r.input_tokens},
              {"output_tokens", r.output_tokens}, {"cost_usd", r.cost_usd},
              {"model", r.model}};
}

std::optional<JobRecord> from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  JobRecord r;
  r.request.id = j.value("id", "");
  r.request.hook = j.value("hook", "");
  r.request.commit = j.value("commit", "");
  r.request.skill = j.value("skill", "");
  r.request.queued_at = j.value("queued_at", 0LL);
  r.status = parse_job_status(j.value("status", "failed")).value_or(JobStatus::Failed);
  r.pid = j.value("pid", 0);
  r.started_at = j.value("started_at", 0LL);
  r.finished_at = j.value("finished_at", 0LL);
  r.error = j.value("error", "");
  r.findings = j.value("findings", 0);
  r.input_tokens = j.value("input_tokens", 0LL);
  r.output_tokens = j.value("output_tokens", 0LL);
  r.cost_usd = j.value("cost_usd", 0.0);
  r.model = j.value("model", "");
  if (r.request.id.empty()) return std::nullopt;
  return r;
}

// A worker killed outside our process tree stays a zombie until its reaper
// (the detached worker's is init, or a container's pid 1 that may never reap)
// collects it: kill(pid, 0) still succeeds, but it runs nothing any more.
bool is_zombie(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');  // the command name may hold spaces and parentheses
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

bool process_alive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) && !is_zombie(pid); }

}  // namespace

std::string_view to_string(JobStatus s) {
  for (auto& [st, name] : kStatusNames)
    if (st == s) return name;
  return "unknown";
}

std::optional<JobStatus> parse_job_status(std::string_view s) {
  for (auto& [st, name] : kStatusNames)
    if (name == s) return st;
  return std::nullopt;
}

JobStore::JobStore(const fs::path& common_dir)
    : dir_(state_dir(common_dir) / "jobs"), logs_(state_dir(common_dir) / "logs"), common_dir_(common_dir) {}

fs::path JobStore::log_path(const std::string& id) const { return logs_ / (id + ".log"); }

Status JobStore::save(const JobRecord& record) const {
  if (auto made = make_state_dir(common_dir_, dir_); !made) return std::unexpected(made.error());
  if (auto made = make_state_dir(common_dir_, logs_); !made) return std::unexpected(made.error());
  std::error_code ec;
  fs::path final_path = dir_ / (record.request.id + ".json");
  fs::path tmp = dir_ / ("." + record.request.id + "." + std::to_string(getpid()) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << to_json(record).dump() << '\n';
    if (!out) return fail(ErrorKind::Io, "cannot write the job record", tmp.string(), "is the disk full?");
  }
  fs::rename(tmp, final_path, ec);
  if (ec) return fail(ErrorKind::Io, "cannot save the job record: " + ec.message(), final_path.string());
  return ok();
}

Result<JobRecord> JobStore::load(const std::string& id) const {
  fs::path p = dir_ / (id + ".json");
  std::ifstream in(p);
  if (!in) return fail(ErrorKind::Usage, "no job " + id, "", "run 'hookagent jobs' to list them");
  json j = json::parse(in, nullptr, false);
  auto r = from_json(j);
  if (!r) return fail(ErrorKind::Io, "the job record is damaged", p.string(), "delete it; the review can be rerun");
  return *r;
}

std::vector<JobRecord> JobStore::list() const {
  // The queue before the records: a worker saves a job's record before it
  // takes the job off the queue, so reading in this order sees every job in
  // one place or the other. The other order could miss a job that moved in
  // between, and `jobs wait` would return while it runs.
  std::vector<JobRequest> queued = JobQueue(common_dir_).pending();
  std::vector<JobRecord> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const auto& p = it->path();
    if (p.extension() != ".json" || p.filename().string().front() == '.') continue;
    std::ifstream in(p);
    if (auto r = from_json(json::parse(in, nullptr, false))) out.push_back(std::move(*r));
  }
  for (auto& q : queued) {
    bool has_record = std::any_of(out.begin(), out.end(), [&](auto& r) { return r.request.id == q.id; });
    if (has_record) continue;
    JobRecord record;
    record.request = q;
    out.push_back(std::move(record));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.request.id > b.request.id; });
  return out;
}

Result<JobRecord> JobStore::find(const std::string& prefix) const {
  std::vector<JobRecord> hits;
  for (auto& r : list())
    if (r.request.id.rfind(prefix, 0) == 0) hits.push_back(r);
  if (hits.empty()) return fail(ErrorKind::Usage, "no job matches '" + prefix + "'", "", "run 'hookagent jobs' to list them");
  if (hits.size() > 1)
    return fail(ErrorKind::Usage, "'" + prefix + "' matches " + std::to_string(hits.size()) + " jobs", "",
                "give more characters of the id");
  return hits.front();
}

void JobStore::reap_dead_workers() const {
  for (auto r : list()) {
    if (r.status != JobStatus::Running || process_alive(r.pid)) continue;
    r.status = JobStatus::Failed;
    r.error = "the worker died (pid " + std::to_string(r.pid) +
              " was killed or crashed) before finishing; no note was written for this review";
    (void)save(r);
  }
}

}  // namespace hookagent::jobs
