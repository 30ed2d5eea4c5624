#pragma once
// One scan run as the CLI and the blocking hooks ask for it: pick the scope,
// load the rules the config names, scan in parallel, drop suppressed findings.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "git/history_walk.hpp"
#include "git/repo_paths.hpp"
#include "report/finding.hpp"
#include "report/sink.hpp"
#include "scan/scanner.hpp"

namespace hookagent::scan {

enum class ScanScope {
  Paths,    // files and directories, whole content, honouring .gitignore
  Staged,   // added lines of the staged blobs (the index in GIT_INDEX_FILE)
  Commit,   // added lines of one commit against its first parent
  Range,    // added lines of every commit in A..B
  History,  // every commit reachable from HEAD
};

struct ScanRequest {
  ScanScope scope = ScanScope::Staged;
  std::vector<std::filesystem::path> paths;  // Paths
  std::string rev;                           // Commit: REV; Range: "A..B"
  std::vector<std::string> commits;          // Commit/Range/History: when set, exactly these commits
                                             // (pre-push, pre-receive) instead of rev
  int jobs = 0;                              // 0 = hardware threads
  bool progress = false;                     // progress bar on stderr (History)
  bool use_ignore_file = true;               // honour .hookagentignore
  bool verbose = false;                      // one note per skipped file, not one line of counts
  int max_decode_depth = 5;                  // levels of base64/hex/percent looked inside; 0 = none
  Shard shard;                               // History: only the commits of shard K of N
  bool since_last_scan = false;              // History: hide what the state ref says was scanned
  bool inline_allow = true;                  // honour hookagent:allow / gitleaks:allow comments
};

struct ScanResult {
  std::vector<Finding> findings;  // sorted by file, line, column; suppressed ones removed
  RunSummary summary;
  int suppressed = 0;             // dropped by .hookagentignore
  std::shared_ptr<const RuleSet> rules;  // what ran (describe_rules() for SARIF, `rules list`)
  std::optional<HistoryPlan> history;    // History with a shard or since_last_scan: what to record
};

// The rule sources a run uses: config.scan.packs plus the team's gitleaks file
// (scan.gitleaks_config, else <work tree>/.gitleaks.toml when present).
RuleSources rule_sources_for(const Config& config, const RepoPaths& repo);

// HOOKAGENT_PREFILTER=off: every scan takes the keyword path, and `install`
// does not compile the prefilter (a machine that never scans much, or a
// sanitizer build where the compile takes minutes).
bool prefilter_turned_off();

// `repo` may have an empty work_tree (bare, pre-receive) or be default (no repo:
// Paths scope only).
Result<ScanResult> run_scan(const ScanRequest& request, const Config& config,
                            const RepoPaths& repo);

}  // namespace hookagent::scan
