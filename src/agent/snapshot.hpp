#pragma once
// What the agent's Read/Grep/Glob see: the files git is about to record (the
// staged index in a pre-commit review, the commit's tree in a commit review),
// never the work tree, so the model reviews exactly what is being committed.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace hookagent::agent {

class Snapshot {
 public:
  virtual ~Snapshot() = default;
  // Repo-relative, '/'-separated paths of every regular file, sorted.
  virtual const std::vector<std::string>& list_files() const = 0;
  // The content of one file; an error when it is not in the snapshot.
  virtual Result<std::string> read_file(std::string_view path) const = 0;
  // "staged changes", "commit 1a2b3c4": for messages to the model.
  virtual std::string describe() const = 0;
  // About to read every file (materialising): a snapshot may do the work ahead, on `jobs` threads.
  // Stops once `max_bytes` were read (the caller then refuses the tree).
  virtual void prefetch(unsigned jobs, uint64_t max_bytes) const { (void)jobs, (void)max_bytes; }
};

// For unit tests, and for inputs that are not in git.
class MemorySnapshot : public Snapshot {
 public:
  explicit MemorySnapshot(std::map<std::string, std::string> files, std::string description = "memory");
  const std::vector<std::string>& list_files() const override { return paths_; }
  Result<std::string> read_file(std::string_view path) const override;
  std::string describe() const override { return description_; }

 private:
  std::map<std::string, std::string> files_;
  std::vector<std::string> paths_;
  std::string description_;
};

// Normalises a path the model gave ("./a/b", "a//b", "/abs/repo/a/b") to the
// snapshot's form; empty when it escapes the repository ("..", other roots).
std::string normalize_snapshot_path(std::string_view path, std::string_view repo_root);

}  // namespace hookagent::agent
