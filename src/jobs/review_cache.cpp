#include "jobs/review_cache.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/sha256.hpp"
#include "jobs/job_queue.hpp"

namespace hookagent::jobs {
namespace fs = std::filesystem;

std::string cache_key(const ReviewKey& key) {
  // Length-prefixed fields so that no two different keys join to the same text.
  std::string joined;
  for (const std::string* part : {&key.skill, &key.model, &key.redacted_input, &key.policy}) {
    joined += std::to_string(part->size());
    joined += ':';
    joined += *part;
  }
  return sha256_hex(joined);
}

ReviewCache::ReviewCache(const fs::path& common_dir) : dir_(state_dir(common_dir) / "cache") {}

std::optional<std::string> ReviewCache::get(const std::string& key) const {
  std::ifstream in(dir_ / key);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status ReviewCache::put(const std::string& key, const std::string& value) const {
  if (auto made = make_state_dir(dir_.parent_path().parent_path(), dir_); !made)
    return std::unexpected(made.error());
  std::error_code ec;
  fs::path tmp = dir_ / ("." + key + "." + std::to_string(getpid()));
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << value;
    if (!out) return fail(ErrorKind::Io, "cannot write the review cache", tmp.string(), "is the disk full?");
  }
  fs::rename(tmp, dir_ / key, ec);
  if (ec) return fail(ErrorKind::Io, "cannot write the review cache: " + ec.message(), dir_.string());
  return ok();
}

}  // namespace hookagent::jobs
