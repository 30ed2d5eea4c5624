#pragma once
// Compiled rules: RE2 programs built once per run and shared read-only by all
// scanning threads (RE2 matching is thread-safe).
#include <atomic>
#include <memory>
#include <mutex>
#include <re2/re2.h>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "report/finding.hpp"
#include "scan/keyword_prefilter.hpp"
#include "scan/match_windows.hpp"
#include "scan/pattern_prefilter.hpp"
#include "scan/rule_spec.hpp"

namespace hookagent::scan {

class LazyRegex;
class ScreenRegex;

struct CompiledAllowlist {
  std::vector<std::unique_ptr<LazyRegex>> regexes;
  RegexTarget regex_target = RegexTarget::Secret;
  std::vector<std::unique_ptr<LazyRegex>> paths;
  std::vector<std::string> stopwords;  // lowercased
  std::vector<std::string> commits;
  AllowCondition condition = AllowCondition::Or;
  std::unordered_set<std::string> target_rules;  // empty = every rule
  int line_slot = -1;  // index of this allowlist's cached line verdict (regexTarget = line)
};

// A rule regex compiled on first use. Compiling every bundled pattern costs
// more than scanning a typical staged change, and most rules never run
// because their keywords are absent (measured: RE2 compiles were ~40% of a
// small scan). Thread-safe; bundled packs are validated by their own test.
class LazyRegex {
 public:
  LazyRegex(std::string pattern, std::unique_ptr<RE2> ready = nullptr)
      : pattern_(std::move(pattern)), re_(std::move(ready)) {}
  const RE2& get() const;
  int groups() const { return get().NumberOfCapturingGroups(); }
  const std::string& source() const { return pattern_; }  // as written (Go syntax)

 private:
  std::string pattern_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
};

struct CompiledRule {
  std::string id;
  std::string description;
  Severity severity = Severity::High;
  std::string cwe;
  std::string fix;
  std::string category;
  std::vector<std::string> tags;
  std::vector<std::string> keywords;  // lowercased
  std::vector<uint32_t> keyword_ids;  // the prefilter's indices of those keywords
  std::unique_ptr<LazyReach> reach;   // where matches can lie (null without keywords)
  std::string origin;
  bool secret = true;
  std::unique_ptr<LazyRegex> regex;  // null for a path-only rule
  std::shared_ptr<const ScreenRegex> screen;  // for wide ranged repeats (screen_regex.hpp); often null
  std::shared_ptr<const LazyRegex> path;  // null when the rule applies to every path; shared
                                          // by the rules with the same pattern (one compile each)
  RuleConfidence confidence = RuleConfidence::High;
  std::vector<std::string> aliases;  // older ids (rules list shows them)
  bool skip_report = false;          // composite-rule helper: never reported alone
  bool prefilter_keywords = false;   // the pattern prefilter takes it by its keywords (RuleSpec::prefilter)
  bool required_by_others = false;   // some rule's [[rules.required]] names it
  struct Required {
    std::size_t rule;                // index in RuleSet::rules
    int within_lines = -1, within_columns = -1;
  };
  std::vector<Required> required;
  int secret_group = 0;
  int groups = -1;             // capture groups in regex; -1 until compiled (lazy)
  double entropy = 0;
  std::vector<CompiledAllowlist> allowlists;
};

class RuleSet {
 public:
  std::vector<CompiledRule> rules;
  std::vector<CompiledAllowlist> global_allowlists;
  KeywordPrefilter prefilter;           // keyword → rule index
  std::vector<std::size_t> always_run;  // regex rules without keywords
  std::vector<std::size_t> path_only;   // rules with a path and no regex
  int line_slots = 0;                   // allowlists with regexTarget = line
  bool composite = false;               // some rule has [[rules.required]] (its companions may lie anywhere)
  std::vector<std::string> notes;       // from loading: a replaced pack, an allowlist that allows everything
  std::unordered_map<std::string, std::string> alias_to_id;  // an old id -> the rule's id now

  // `id` itself, or the rule id it is an old name of.
  const std::string& canonical_id(const std::string& id) const {
    auto it = alias_to_id.find(id);
    return it == alias_to_id.end() ? id : it->second;
  }

  // The pattern prefilter, loaded on first use; null when `use` does not
  // allow it or Vectorscan is missing. Thread-safe.
  const PatternPrefilter* pattern_prefilter(PrefilterUse use, double* compile_seconds = nullptr) const;
  // True once pattern_prefilter() has loaded it: using it then costs nothing more.
  bool pattern_prefilter_loaded() const { return ready_.load(std::memory_order_acquire) != nullptr; }

 private:
  mutable std::mutex prefilter_mutex_;
  mutable bool tried_cache_ = false, tried_build_ = false;
  mutable std::unique_ptr<PatternPrefilter> patterns_;
  mutable std::atomic<const PatternPrefilter*> ready_{nullptr};
};

// Rules whose origin starts with `lazy_origin_prefix` (the bundled packs'
// directory) compile on first use; every other rule (a team's gitleaks file)
// compiles now so that its errors surface with file:line at load time.
Result<std::shared_ptr<const RuleSet>> compile_rules(const RuleSpecSet& specs,
                                                     const std::string& lazy_origin_prefix);

// Works out where each bundled rule's matches can lie (analyse_reach), to be
// kept with the parsed pack: see KnownReach.
void work_out_reach(RuleSpecSet& specs);

// RE2 options for Go-syntax patterns: UTF-8 off for speed on arbitrary bytes
// would change `.` semantics, so we keep UTF-8 (as Go) and never log.
RE2::Options go_regex_options();
// Go accepts `(?<name>...)` since 1.22; the RE2 of Debian 12 only `(?P<name>...)`.
std::string translate_go_regex(std::string_view pattern);

}  // namespace hookagent::scan
