#include "scan/rule_set.hpp"

#include <algorithm>
#include <map>

#include "scan/scanner.hpp"
#include "scan/screen_regex.hpp"

namespace hookagent::scan {

std::string_view to_string(RuleConfidence c) {
  switch (c) {
    case RuleConfidence::Low: return "low";
    case RuleConfidence::Medium: return "medium";
    case RuleConfidence::High: return "high";
  }
  return "high";
}

std::optional<RuleConfidence> parse_rule_confidence(std::string_view text) {
  if (text == "high") return RuleConfidence::High;
  if (text == "medium") return RuleConfidence::Medium;
  if (text == "low") return RuleConfidence::Low;
  return std::nullopt;
}

double rule_confidence_score(RuleConfidence c) {
  return c == RuleConfidence::High ? 1.0 : c == RuleConfidence::Medium ? 0.6 : 0.3;
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// The keywords a compiled rule matches on: lowercased, empty ones dropped.
std::vector<std::string> rule_keywords(const RuleSpec& spec) {
  std::vector<std::string> out;
  for (const auto& k : spec.keywords)
    if (!k.empty()) out.push_back(lower(k));
  return out;
}

Result<std::unique_ptr<RE2>> compile(const std::string& pattern, const std::string& where,
                                     const std::string& rule_id, const char* field) {
  auto re = std::make_unique<RE2>(translate_go_regex(pattern), go_regex_options());
  if (!re->ok()) {
    std::string who = rule_id.empty() ? std::string() : "rule '" + rule_id + "': ";
    return fail(ErrorKind::Config, who + "invalid " + field + " regex: " + re->error(), where,
                "gitleaks rules use Go (RE2) syntax: no lookaround or backreferences");
  }
  return re;
}

// A bundled pack's regex (validated by the pack's test) compiles on first use;
// any other now, so that its error carries file:line at load time.
Result<std::unique_ptr<LazyRegex>> lazy_or_now(const std::string& pattern, bool lazy, const std::string& where,
                                               const std::string& rule_id, const char* field) {
  if (lazy) return std::make_unique<LazyRegex>(pattern);
  auto re = compile(pattern, where, rule_id, field);
  if (!re) return std::unexpected(re.error());
  return std::make_unique<LazyRegex>(pattern, std::move(*re));
}

Result<CompiledAllowlist> compile_allowlist(const AllowlistSpec& spec, const std::string& rule_id, bool lazy) {
  CompiledAllowlist a;
  a.regex_target = spec.regex_target;
  a.condition = spec.condition;
  a.commits = spec.commits;
  for (const auto& s : spec.stopwords) a.stopwords.push_back(lower(s));
  a.target_rules.insert(spec.target_rules.begin(), spec.target_rules.end());
  for (const auto& r : spec.regexes) {
    auto re = lazy_or_now(r, lazy, spec.where, rule_id, "allowlist");
    if (!re) return std::unexpected(re.error());
    a.regexes.push_back(std::move(*re));
  }
  for (const auto& p : spec.paths) {
    auto re = lazy_or_now(p, lazy, spec.where, rule_id, "allowlist path");
    if (!re) return std::unexpected(re.error());
    a.paths.push_back(std::move(*re));
  }
  return a;
}

// [[rules.required]] ids become rule indices; an unknown id is an error, as
// a composite rule that can never be satisfied would silently report nothing.
Status link_required_rules(const RuleSpecSet& specs, RuleSet& set) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < set.rules.size(); ++i) index.emplace(set.rules[i].id, i);
  for (std::size_t i = 0; i < specs.rules.size(); ++i) {
    for (const RequiredSpec& q : specs.rules[i].required) {
      auto it = index.find(set.canonical_id(q.id));
      if (it == index.end())
        return fail(ErrorKind::Config, "rule '" + specs.rules[i].id + "' requires an unknown rule '" + q.id + "'",
                    specs.rules[i].where, "define that rule too, or fix the id in [[rules.required]]");
      if (it->second == i)
        return fail(ErrorKind::Config, "rule '" + specs.rules[i].id + "' requires itself", specs.rules[i].where,
                    "name another rule in [[rules.required]]");
      set.rules[i].required.push_back({it->second, q.within_lines, q.within_columns});
      set.rules[it->second].required_by_others = true;
      set.composite = true;
    }
  }
  return ok();
}

}  // namespace

void work_out_reach(RuleSpecSet& specs) {
  for (RuleSpec& spec : specs.rules) {
    auto keywords = rule_keywords(spec);
    if (spec.regex.empty() || keywords.empty()) continue;
    const std::string pattern = translate_go_regex(spec.regex);
    spec.reach = KnownReach{reach_key(pattern, keywords), analyse_reach(pattern, keywords)};
  }
}

RE2::Options go_regex_options() {
  RE2::Options o;
  o.set_log_errors(false);
  // Each RE2 keeps its own DFA cache, grown only as a pattern needs it. At
  // 4 MB the broad generic-api-key pattern kept flushing its cache (1.2 s per
  // 100 MB against 0.33 s at 64 MB, bench/sandbox.sh); 32 MB keeps the peak of
  // a 200 MB file scan at ~36 MB.
  o.set_max_mem(32 << 20);
  return o;
}

std::string translate_go_regex(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      out += pattern[i];
      out += pattern[++i];
      continue;
    }
    if (pattern.compare(i, 3, "(?<") == 0 && i + 3 < pattern.size() && pattern[i + 3] != '=' &&
        pattern[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += pattern[i];
  }
  return out;
}

const RE2& LazyRegex::get() const {
  std::call_once(once_, [this] {
    if (!re_) re_ = std::make_unique<RE2>(translate_go_regex(pattern_), go_regex_options());
  });
  return *re_;
}

Result<std::shared_ptr<const RuleSet>> compile_rules(const RuleSpecSet& specs) {
  return compile_rules(specs, "");
}

Result<std::shared_ptr<const RuleSet>> compile_rules(const RuleSpecSet& specs,
                                                     const std::string& lazy_origin_prefix) {
  auto set = std::make_shared<RuleSet>();
  set->notes = specs.notes;
  auto bundled = [&](const std::string& origin) {
    return !lazy_origin_prefix.empty() && origin.rfind(lazy_origin_prefix, 0) == 0;
  };
  std::map<std::string, std::shared_ptr<const LazyRegex>> path_regexes;  // most packs' rules share a few
  std::vector<std::string> keywords;
  std::vector<std::size_t> owners;
  for (const RuleSpec& spec : specs.rules) {
    CompiledRule r;
    r.id = spec.id;
    r.description = spec.description.empty() ? spec.id : spec.description;
    r.severity = spec.severity.value_or(Severity::High);
    r.cwe = spec.cwe;
    r.fix = spec.fix;
    r.category = spec.category.empty() ? "secret" : spec.category;
    r.tags = spec.tags;
    r.origin = spec.origin;
    r.secret = spec.is_secret();
    r.secret_group = spec.secret_group;
    r.entropy = spec.entropy;
    r.confidence = spec.confidence.value_or(RuleConfidence::High);
    r.aliases = spec.aliases;
    r.skip_report = spec.skip_report;
    r.prefilter_keywords = spec.prefilter == "keywords";
    if (r.prefilter_keywords && (spec.keywords.empty() || spec.regex.empty()))
      set->notes.push_back(spec.where + ": rule '" + spec.id + "' has prefilter = \"keywords\" but no " +
                           (spec.regex.empty() ? "regex" : "keywords") + ": the setting has no effect");
    for (const auto& alias : spec.aliases) set->alias_to_id.try_emplace(alias, spec.id);
    if (spec.regex.empty() && spec.path.empty()) {
      return fail(ErrorKind::Config, "rule '" + spec.id + "' has neither regex nor path", spec.where,
                  "add regex = '''...''' (or path = '''...''' for a file-name rule)");
    }
    const bool lazy = bundled(spec.origin);
    if (!spec.regex.empty() && lazy) {
      r.regex = std::make_unique<LazyRegex>(spec.regex);
    } else if (!spec.regex.empty()) {
      auto re = compile(spec.regex, spec.regex_where, spec.id, "");
      if (!re) return std::unexpected(re.error());
      r.groups = (*re)->NumberOfCapturingGroups();
      r.regex = std::make_unique<LazyRegex>(spec.regex, std::move(*re));
      if (r.secret_group > r.groups) {
        return fail(ErrorKind::Config,
                    "rule '" + spec.id + "': secretGroup " + std::to_string(r.secret_group) +
                        " but the regex has only " + std::to_string(r.groups) + " groups",
                    spec.where, "count the capturing ( ) groups of the regex");
      }
    }
    if (!spec.path.empty()) {
      auto& shared = path_regexes[spec.path];
      if (!shared) {
        auto re = lazy_or_now(spec.path, lazy, spec.path_where, spec.id, "path");
        if (!re) return std::unexpected(re.error());
        shared = std::move(*re);
      }
      r.path = shared;
    }
    for (const AllowlistSpec& a : spec.allowlists) {
      auto c = compile_allowlist(a, spec.id, lazy);
      if (!c) return std::unexpected(c.error());
      r.allowlists.push_back(std::move(*c));
    }
    std::size_t index = set->rules.size();
    r.keywords = rule_keywords(spec);
    for (const auto& k : r.keywords) {
      keywords.push_back(k);
      owners.push_back(index);
    }
    if (r.regex) {
      const std::string pattern = translate_go_regex(spec.regex);
      r.screen = ScreenRegex::for_pattern(pattern);
      if (!r.keywords.empty()) r.reach = std::make_unique<LazyReach>(pattern, r.keywords, spec.reach);
    }
    if (!r.regex) set->path_only.push_back(index);
    else if (r.keywords.empty()) set->always_run.push_back(index);
    set->rules.push_back(std::move(r));
  }
  if (auto s = link_required_rules(specs, *set); !s) return std::unexpected(s.error());
  for (const AllowlistSpec& a : specs.global_allowlists) {
    auto c = compile_allowlist(a, "", bundled(a.where));
    if (!c) return std::unexpected(c.error());
    set->global_allowlists.push_back(std::move(*c));
  }
  for (auto& r : set->rules)
    for (auto& a : r.allowlists)
      if (a.regex_target == RegexTarget::Line && !a.regexes.empty()) a.line_slot = set->line_slots++;
  for (auto& a : set->global_allowlists)
    if (a.regex_target == RegexTarget::Line && !a.regexes.empty()) a.line_slot = set->line_slots++;
  set->prefilter.build(keywords, owners, set->rules.size());
  for (uint32_t k = 0; k < set->prefilter.keyword_count(); ++k)
    for (uint32_t o : set->prefilter.owners(k)) set->rules[o].keyword_ids.push_back(k);
  return std::shared_ptr<const RuleSet>(std::move(set));
}

const PatternPrefilter* RuleSet::pattern_prefilter(PrefilterUse use, double* compile_seconds) const {
  if (compile_seconds) *compile_seconds = 0;
  if (use == PrefilterUse::Off) return nullptr;
  if (const PatternPrefilter* p = ready_.load(std::memory_order_acquire)) return p;
  // Another thread is loading or compiling it: scan this fragment the keyword
  // way rather than wait.
  std::unique_lock lock(prefilter_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return nullptr;
  if (patterns_) return patterns_.get();
  if (use == PrefilterUse::CachedOnly ? tried_cache_ : tried_build_) return nullptr;
  tried_cache_ = true;
  if (use == PrefilterUse::Build) tried_build_ = true;
  std::vector<PrefilterRule> inputs;
  inputs.reserve(rules.size());
  for (const CompiledRule& r : rules) {
    std::string pattern = r.regex ? translate_go_regex(r.regex->source()) : std::string();
    if (!prefilter_can_take(pattern)) pattern.clear();  // not covered: the keyword path
    std::vector<std::string> keywords;
    if (r.prefilter_keywords && r.regex && !r.keywords.empty()) {
      keywords = r.keywords;
      pattern.clear();
    }
    inputs.push_back({std::move(pattern), r.path ? translate_go_regex(r.path->source()) : std::string(),
                      std::move(keywords)});
  }
  patterns_ = PatternPrefilter::load(inputs, use == PrefilterUse::Build, compile_seconds);
  ready_.store(patterns_.get(), std::memory_order_release);
  return patterns_.get();
}

std::vector<RuleInfo> describe_rules(const RuleSet& rules) {
  std::vector<RuleInfo> out;
  for (const CompiledRule& r : rules.rules) {
    out.push_back(RuleInfo{r.id, r.description, r.severity, r.category, r.cwe, r.fix, r.tags,
                           r.keywords, r.origin, r.secret});
  }
  return out;
}

}  // namespace hookagent::scan
