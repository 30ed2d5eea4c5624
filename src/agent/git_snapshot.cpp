#include "agent/git_snapshot.hpp"

#include <map>

#include "git/snapshot_listing.hpp"

namespace hookagent::agent {

namespace {

class GitSnapshot : public Snapshot {
 public:
  GitSnapshot(const Repository& repo, std::vector<SnapshotEntry> entries, std::string description)
      : repo_(repo), description_(std::move(description)) {
    for (auto& e : entries) {
      paths_.push_back(e.path);
      ids_.emplace(std::move(e.path), std::move(e.blob_id));
    }
  }

  const std::vector<std::string>& list_files() const override { return paths_; }
  std::string describe() const override { return description_; }

  Result<std::string> read_file(std::string_view path) const override {
    auto it = ids_.find(std::string(path));
    if (it == ids_.end()) return fail(ErrorKind::Io, "no such file in " + description_, std::string(path));
    // Grep reads every file; keep what was read so a second pass is free.
    if (auto c = cache_.find(it->second); c != cache_.end()) return c->second;
    auto blob = repo_.read_blob(it->second);
    if (!blob) return std::unexpected(blob.error());
    return cache_.emplace(it->second, std::move(*blob)).first->second;
  }

 private:
  const Repository& repo_;
  std::string description_;
  std::vector<std::string> paths_;
  std::map<std::string, std::string> ids_;
  mutable std::map<std::string, std::string> cache_;
};

}  // namespace

Result<std::unique_ptr<Snapshot>> staged_snapshot(const Repository& repo, const std::filesystem::path& cwd) {
  auto entries = list_staged_files(repo, cwd);
  if (!entries) return std::unexpected(entries.error());
  return std::make_unique<GitSnapshot>(repo, std::move(*entries), "the staged changes");
}

Result<std::unique_ptr<Snapshot>> commit_snapshot(const Repository& repo, const std::string& rev) {
  auto entries = list_commit_files(repo, rev);
  if (!entries) return std::unexpected(entries.error());
  return std::make_unique<GitSnapshot>(repo, std::move(*entries), "commit " + rev);
}

}  // namespace hookagent::agent
