#pragma once
// `hookagent report merge`: the SARIF files (and `scan --format json`
// outputs) of N sharded CI jobs joined into one SARIF 2.1.0 log for a single
// code-scanning upload.
//
// Runs of one tool become one run (GitHub code scanning wants one run per tool
// and category in an upload); its rules are the union by id, the newest tool
// version's description winning; results are de-duplicated by fingerprint
// (ruleId, partialFingerprints and the commit), so overlapping shards or a
// re-run job report each finding once. What cannot be merged (another SARIF
// version, a run without a tool name) is left out and named in `notes`.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace hookagent {

struct MergeInput {
  std::string name;  // the file name, for messages
  std::string text;
};

struct MergeOutcome {
  nlohmann::json sarif;            // SARIF 2.1.0
  int results = 0;                 // results kept
  int duplicates = 0;              // results dropped as already present
  int inputs_left_out = 0;         // inputs of which nothing could be merged (named in notes)
  std::vector<std::string> notes;  // what could not be merged, and rules that differed
};

// Parses every input; a file that is not JSON is an error naming it and the
// line:column of the fault. `tool_version` stamps the runs built from our JSON.
Result<MergeOutcome> merge_reports(const std::vector<MergeInput>& inputs, const std::string& tool_version);

// Internal to src/report/merge*: one input turned into SARIF runs, or notes on
// why it could not be.
Result<nlohmann::json> parse_report(const MergeInput& input);
std::vector<nlohmann::json> runs_of(const MergeInput& input, const nlohmann::json& doc, const std::string& tool_version,
                                    std::vector<std::string>& notes);

}  // namespace hookagent
