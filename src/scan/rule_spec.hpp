#pragma once
// Rules as written in a gitleaks-format TOML file, before compilation. The
// loader (src/config/gitleaks_loader.*, the only place toml++ is used) fills
// these plain structs; src/scan/rule_set.* compiles them into RE2 programs.
//
// Field meanings follow gitleaks v8 (README "Configuration"):
//  - secretGroup: the capture group holding the secret; 0 = the first
//    non-empty group when the regex has groups, else the whole match.
//  - entropy: minimum Shannon entropy (bits per byte) of the secret.
//  - keywords: prefilter; the rule runs only on text containing one of them
//    (case-insensitive). No keywords = the rule always runs.
//  - path: a regex on the repo-relative path; alone, it makes a file-level rule.
//  - allowlists: a finding is dropped if ANY allowlist matches; inside one
//    allowlist the criteria combine with `condition` (OR by default).
// hookagent's own packs add: severity, cwe, fix, category, positives,
// negatives, samplePath (the file name samples are scanned as).
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "report/finding.hpp"
#include "scan/match_windows.hpp"

namespace hookagent::scan {

enum class RegexTarget { Secret, Match, Line };
enum class AllowCondition { Or, And };

struct AllowlistSpec {
  std::string description;
  std::vector<std::string> regexes;
  RegexTarget regex_target = RegexTarget::Secret;
  std::vector<std::string> paths;      // regexes on the repo-relative path
  std::vector<std::string> stopwords;  // case-insensitive substrings of the secret
  std::vector<std::string> commits;    // full or abbreviated commit ids
  AllowCondition condition = AllowCondition::Or;
  std::vector<std::string> target_rules;  // global [[allowlists]] only: empty = every rule
  std::string where;                    // file:line of the table, for errors
};

// gitleaks' composite rules (v8.28): the rule reports only where every rule it
// requires also matches nearby in the same text.
struct RequiredSpec {
  std::string id;
  int within_lines = -1;    // -1: anywhere in the text
  int within_columns = -1;  // -1: any column
};

// How often a rule's match is worth a developer's attention (measured on its
// samples and a corpus of real code). Only rules at or above the configured
// level (default high) block; the rest report.
enum class RuleConfidence { Low = 0, Medium = 1, High = 2 };
std::string_view to_string(RuleConfidence c);
std::optional<RuleConfidence> parse_rule_confidence(std::string_view text);
// Finding::confidence of a rule's findings: high 1.0, medium 0.6, low 0.3.
double rule_confidence_score(RuleConfidence c);

struct RuleSpec {
  std::string id;
  std::string description;
  std::string regex;          // Go/RE2 syntax; may be empty for a path-only rule
  int secret_group = 0;
  double entropy = 0;         // 0 = no entropy check
  std::vector<std::string> keywords;
  std::string path;           // Go/RE2 regex on the path; may be empty
  std::vector<std::string> tags;
  std::vector<AllowlistSpec> allowlists;
  std::vector<RequiredSpec> required;  // [[rules.required]]
  bool skip_report = false;            // only a helper of composite rules: never reported alone
  // hookagent extensions (ignored by gitleaks, which accepts unknown keys)
  std::optional<Severity> severity;  // default: high
  std::string cwe;            // "CWE-798"
  std::string fix;            // how to fix, one line
  std::string category;       // "secret" (default) or a code-weakness class ("injection", ...)
  std::vector<std::string> positives;  // samples that must fire; {{rand:N:CHARSET}} expands
  std::vector<std::string> negatives;  // samples that must not fire
  std::string sample_path;    // file name the samples are scanned as (default "sample.txt")
  std::vector<std::string> aliases;  // older ids of this rule, still accepted everywhere an id is
  std::optional<RuleConfidence> confidence;  // default: high
  // prefilter = "keywords": the pattern prefilter looks for the rule's
  // keywords instead of its regex (a regex with a branch of no literal, such
  // as a bare 40-hex token, costs Vectorscan a pass over every byte). The
  // findings are the same: a keyword must occur anyway. "" or "regex": its regex.
  std::string prefilter;
  std::string where;          // file:line of the [[rules]] table, for errors
  std::string regex_where;    // file:line of `regex` (else of the table)
  std::string path_where;     // file:line of `path`
  std::string origin;         // the file it came from
  std::optional<KnownReach> reach;  // derived, kept by spec_cache; see KnownReach
  // Which fields a file set, so that an extending config can override only those.
  bool has_regex = false, has_entropy = false, has_secret_group = false, has_path = false,
       has_keywords = false, has_description = false;

  // A secret rule masks its match in every output and feeds the Redactor.
  bool is_secret() const { return category.empty() || category == "secret"; }
};

struct RuleSpecSet {
  std::vector<RuleSpec> rules;
  std::vector<AllowlistSpec> global_allowlists;
  std::vector<std::string> files;  // every file that contributed, in load order
  std::vector<std::string> disabled_rules;  // [extend] disabledRules, already applied
  std::string disabled_where;               // file:line of the [extend] that named them
  bool uses_default = false;                // some file of the chain set [extend] useDefault = true
  std::vector<std::string> notes;           // what a user should know about this set (shown by scan, doctor)
};

}  // namespace hookagent::scan
