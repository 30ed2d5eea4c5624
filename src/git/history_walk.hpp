#pragma once
// History scans for CI fleets: which commits one `scan --history` run covers
// when it is sharded (--shard K/N: N jobs split the commits by id) or
// incremental (--since-last-scan: commits a previous run scanned are hidden),
// and the state ref that remembers what was scanned.
//
// The state is a commit under refs/hookagent/ with an empty tree whose parents
// are the previous state and the tip this run scanned. Hiding it in the next
// walk hides everything scanned before, whatever happened to the branches
// since (a force-push, a deleted branch): the state keeps those commits
// reachable, so they are neither rescanned nor garbage-collected away.
#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/commit_ids.hpp"
#include "git/repo_paths.hpp"

namespace hookagent {

class Repository;

// Shard K of N, 1-based (the first of four is 1/4).
struct Shard {
  int index = 1;
  int count = 1;
};

// "K/N" with 1 <= K <= N <= 4096; a usage error naming the valid range otherwise.
Result<Shard> parse_shard(const std::string& text);
// Whether the commit with this full hex id belongs to `shard`: its first eight
// hex digits (32 bits) modulo N, so every commit lands in exactly one shard,
// the same one on every machine and in every clone.
bool in_shard(const std::string& commit_hex, const Shard& shard);

struct HistoryPlan {
  CommitIds commits;                 // this run scans these, oldest first
  std::size_t reachable = 0;         // commits reachable from the tip (when a state was found), else walked
  std::size_t already_scanned = 0;   // hidden by the state of an earlier run
  std::size_t other_shards = 0;      // new commits left to the other N-1 shards
  std::string tip;                   // the commit HEAD named
  std::string state_ref;             // empty unless incremental
  std::string state_ref_value;       // what the state ref held (hex), even when unusable; empty when unset
  std::string previous_state;        // the usable state commit; empty when none
  std::vector<std::string> notes;    // for the run's summary
};

// refs/hookagent/last-scan, or refs/hookagent/last-scan-K-of-N for a shard.
std::string state_ref_name(const Shard& shard);

// The commits reachable from HEAD, less those an earlier run recorded
// (`incremental`), kept when they fall in `shard`. A state ref whose commit is
// not in this repository means a full scan, and a note says so. Shallow and
// partial clones list the commits they hold.
Result<HistoryPlan> plan_history(const Repository& repo, const Shard& shard, bool incremental);

// Records a completed run: a new state commit (parents: the previous state and
// plan.tip) and the ref moved to it only if it still holds what plan_history
// read (compare-and-swap, as `git update-ref REF NEW OLD`). A concurrent
// writer makes this fail and leaves its state in place.
Status record_history_state(const RepoPaths& paths, const HistoryPlan& plan, const Shard& shard);

}  // namespace hookagent
