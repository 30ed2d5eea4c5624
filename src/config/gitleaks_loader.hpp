#pragma once
// Reads rule files in the gitleaks v8 TOML format, unchanged, into plain
// RuleSpec structs (src/scan compiles them). toml++ stays inside src/config/.
// Unknown keys are accepted, as gitleaks does, and each is named in the set's
// notes (a misspelt key does nothing otherwise); a wrong type or value
// is an Error with file:line and the rule id.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scan/rule_spec.hpp"

namespace hookagent {

struct GitleaksLoadOptions {
  // What `[extend] useDefault = true` means: our bundled secrets pack.
  std::filesystem::path default_config;
};

// Loads `file`, following `[extend] path` / `useDefault` (depth 2 as in
// gitleaks: an extended file may itself extend once more).
Result<scan::RuleSpecSet> load_gitleaks_file(const std::filesystem::path& file,
                                             const GitleaksLoadOptions& options = {});

// Same, from text already in memory; `source_name` is used in error locations
// and relative `[extend] path`s resolve against its directory.
Result<scan::RuleSpecSet> load_gitleaks_text(std::string_view text, const std::string& source_name,
                                             const GitleaksLoadOptions& options = {});

// Appends `extension` onto `base` the way gitleaks extends a config: a rule
// with an id already in `base` overrides the fields it sets, its keywords,
// tags and allowlists are appended; new ids are added; global allowlists are
// appended.
void merge_rule_specs(scan::RuleSpecSet& base, scan::RuleSpecSet extension);

}  // namespace hookagent
