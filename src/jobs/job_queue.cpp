#include "jobs/job_queue.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace hookagent::jobs {
namespace fs = std::filesystem;
using nlohmann::json;

fs::path state_dir(const fs::path& common_dir) { return common_dir / "hookagent"; }

Status make_state_dir(const fs::path& common_dir, const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(common_dir, ec))
    return fail(ErrorKind::Io, "the repository's git directory is gone", common_dir.string(),
                "was the repository deleted or moved while hookagent ran?");
  for (const fs::path& d : {state_dir(common_dir), dir}) {
    fs::create_directory(d, ec);  // not create_directories: never recreate a missing parent
    if (ec) return fail(ErrorKind::Io, "cannot create " + d.string() + ": " + ec.message(), d.string(),
                        "check that the .git directory is writable");
  }
  return ok();
}

std::string new_job_id() {
  using namespace std::chrono;
  auto now = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  std::random_device rd;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%016llx-%04x", static_cast<unsigned long long>(now), rd() & 0xffff);
  return buf;
}

JobQueue::JobQueue(fs::path common_dir) : dir_(state_dir(common_dir) / "queue") {}

Result<JobRequest> JobQueue::push(const std::string& hook, const std::string& commit, const std::string& skill) {
  if (auto made = make_state_dir(dir_.parent_path().parent_path(), dir_); !made)
    return std::unexpected(made.error());
  std::error_code ec;
  JobRequest r;
  r.id = new_job_id();
  r.hook = hook;
  r.commit = commit;
  r.skill = skill;
  r.queued_at = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  json j{{"id", r.id}, {"hook", hook}, {"commit", commit}, {"skill", skill}, {"queued_at", r.queued_at}};
  fs::path tmp = dir_ / ("." + r.id + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump() << '\n';
    if (!out) return fail(ErrorKind::Io, "cannot write a job request", tmp.string(), "is the disk full?");
  }
  fs::rename(tmp, dir_ / (r.id + ".json"), ec);
  if (ec) return fail(ErrorKind::Io, "cannot queue the job: " + ec.message(), dir_.string());
  return r;
}

std::vector<JobRequest> JobQueue::pending() const {
  std::vector<JobRequest> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const auto& p = it->path();
    if (p.extension() != ".json" || p.filename().string().front() == '.') continue;
    std::ifstream in(p);
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;  // half-written by a killed hook: ignored
    JobRequest r;
    r.id = j.value("id", p.stem().string());
    r.hook = j.value("hook", "");
    r.commit = j.value("commit", "");
    r.skill = j.value("skill", "");
    r.queued_at = j.value("queued_at", 0LL);
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.id < b.id; });
  return out;
}

bool JobQueue::take(const JobRequest& request) {
  std::error_code ec;
  return fs::remove(dir_ / (request.id + ".json"), ec) && !ec;
}

}  // namespace hookagent::jobs
