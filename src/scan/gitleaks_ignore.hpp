#pragma once
// `.gitleaksignore`, read as gitleaks reads it, so a team that switches keeps
// its suppressions: one finding per line, `<commit>:<file>:<rule-id>:<line>`
// (git scans) or `<file>:<rule-id>:<line>` (directory and staged scans); `#`
// starts a comment. A file name may hold ':' itself, so the line and the rule
// are split off from the right and a commit only from the left.
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "report/finding.hpp"

namespace hookagent::scan {

class GitleaksIgnore {
 public:
  // A missing file is an empty list.
  static Result<GitleaksIgnore> load(const std::filesystem::path& file);
  bool matches(const Finding& f) const;
  // Rewrites the rule ids of the entries (an old id to the rule's id now).
  template <class Canonical>
  void canonicalize_rules(Canonical&& canonical) {
    for (auto& e : entries_) e.rule = canonical(e.rule);
  }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string commit;  // empty: any commit (and staged changes)
    std::string file;
    std::string rule;
    int line = 0;
  };
  std::vector<Entry> entries_;
};

}  // namespace hookagent::scan
