#pragma once
// One reviewed tree as every tool of every skill in a hook run sees it: the
// snapshot, its redacted view and, once a tool starts a program, its copy on
// disk. A hook that runs several skills (or a skill and its verification
// pass) on the same tree loads, redacts and materialises it once.
#include <map>
#include <memory>
#include <string>

#include "agent/redacted_snapshot.hpp"
#include "agent/sandbox/snapshot_workspace.hpp"
#include "scan/redactor.hpp"

namespace hookagent::agent {

struct ReviewTree {
  std::unique_ptr<Snapshot> raw;
  std::unique_ptr<scan::Redactor> redactor;
  std::unique_ptr<RedactedSnapshot> shown;  // what Read, Grep and Glob read
  std::unique_ptr<LazyWorkspace> workspace; // what Bash and an agent CLI run in

  ReviewTree(std::unique_ptr<Snapshot> snapshot, scan::Redactor r);
};

class ReviewTrees {
 public:
  // `key` names the tree: the scope and the commit (or the index) it was read from.
  ReviewTree* find(const std::string& key) const;
  ReviewTree& add(const std::string& key, std::unique_ptr<ReviewTree> tree);

 private:
  std::map<std::string, std::unique_ptr<ReviewTree>> trees_;
};

}  // namespace hookagent::agent
