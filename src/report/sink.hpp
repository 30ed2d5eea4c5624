#pragma once
// Sinks consume findings; engines never know which sink is listening.
#include <string>
#include <vector>

#include "report/finding.hpp"

namespace hookagent {

// What a run looked at and how it ended, for sinks that print a summary.
struct RunSummary {
  std::string scope;          // "staged changes", "commit 1a2b3c4", "push to origin"
  int files_scanned = 0;
  int files_skipped = 0;      // binary, too large, unreadable: each with a note
  std::vector<std::string> notes;  // one line each: what was skipped and why
  std::string agent_summary;  // the agent's final text, if an agent ran
  bool blocked = false;
  std::string block_threshold;  // "high"
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void finding(const Finding& f) = 0;
  // Called once after the last finding.
  virtual void finish(const RunSummary& summary) = 0;
};

}  // namespace hookagent
