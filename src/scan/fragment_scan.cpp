#include "scan/fragment_scan.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "scan/ascii_matches.hpp"
#include "scan/fingerprint.hpp"
#include "scan/match_windows.hpp"
#include "scan/screen_regex.hpp"
#include "scan/text_tools.hpp"
#include "scan/windowed_matches.hpp"

namespace hookagent::scan {
namespace {

constexpr std::array<char, 256> make_lower_ascii() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}
constexpr std::array<char, 256> kLowerAscii = make_lower_ascii();

bool contains(std::string_view hay, std::string_view needle) {
  return !needle.empty() && hay.size() >= needle.size() &&
         memmem(hay.data(), hay.size(), needle.data(), needle.size()) != nullptr;
}

// True when `text` holds `keyword` (given in lower case) in any ASCII case.
bool contains_any_case(std::string_view text, const std::string& keyword) {
  if (keyword.empty() || text.size() < keyword.size()) return false;
  const char lo = keyword[0], up = (lo >= 'a' && lo <= 'z') ? static_cast<char>(lo - 32) : lo;
  const char* const end = text.data() + (text.size() - keyword.size() + 1);
  auto next = [end](const char* from, char c) {
    return static_cast<const char*>(std::memchr(from, c, static_cast<std::size_t>(end - from)));
  };
  const char* at_lo = next(text.data(), lo);
  const char* at_up = up == lo ? nullptr : next(text.data(), up);
  while (at_lo || at_up) {
    const bool take_lo = at_lo && (!at_up || at_lo < at_up);
    const char* at = take_lo ? at_lo : at_up;
    std::size_t i = 1;
    while (i < keyword.size() && kLowerAscii[static_cast<unsigned char>(at[i])] == keyword[i]) ++i;
    if (i == keyword.size()) return true;
    if (take_lo) at_lo = at + 1 < end ? next(at + 1, lo) : nullptr;
    else at_up = at + 1 < end ? next(at + 1, up) : nullptr;
  }
  return false;
}

// How far before a rule's first report has_keyword() looks first.
constexpr std::size_t kNearReport = 256;

// Which rules are candidates in one fragment, and for a windowed rule the
// windows its regex must search.
//
// Two ways to pick candidates: the pattern prefilter (ASCII text, when loaded)
// keeps rules whose own regex may match and whose keyword occurs; otherwise
// every rule whose keyword occurs (gitleaks' rule).
class FragmentHits {
 public:
  FragmentHits(const RuleSet& rules, std::string_view text, std::string_view path, bool allow_windows,
               const PatternPrefilter* patterns, LineIndex& lines, std::size_t window_min_bytes = kWindowMinBytes)
      : rules_(rules), text_(text), lines_(lines), non_ascii_(text) {
    hits_.clear();
    hit_.assign(rules.rules.size(), 0);
    whole_.assign(1, Window{0, text.size()});
    const bool ascii = is_ascii(text);
    if (patterns && (ascii || non_ascii_.get().size() <= kMaxNonAsciiRuns) &&
        pick_by_patterns(*patterns, path, ascii)) {
      windows_allowed_ = allow_windows && text.size() >= window_min_bytes;
      return;
    }
    mark_keyword_candidates();
    windows_allowed_ = allow_windows && complete_ && text.size() >= window_min_bytes;
  }

  bool candidate(std::size_t rule) const { return hit_[rule] != 0; }

  // Where rule `index` must be searched: windows around the pattern
  // prefilter's reports, else windows around its keywords, else the text from
  // where its first possible match can start, else all of it.
  const std::vector<Window>& windows_for(std::size_t index, const CompiledRule& rule) {
    // Where the prefilter took the rule, its reports place the search: the
    // keyword windows would cost a keyword pass and a second compile of the
    // rule (LazyReach) for windows no tighter. A rule taken by its keywords
    // may match anywhere once one occurs.
    if (patterns_ && patterns_->by_keywords(index)) return whole_;
    if (patterns_ && patterns_->covers(index)) {
      if (!ascii_ && (folds_ || !patterns_->ascii_only(index))) return near_reports_and_non_ascii(index);
      if (const std::vector<Window>* near = report_windows_.of(index)) return *near;
      return from_first_report(index);
    }
    if (!windows_allowed_ || !rule.reach || !rule.reach->get().windowed()) return from_first_report(index);
    const RuleReach& reach = rule.reach->get();
    bucket();
    if (!complete_) return whole_;
    spans_.clear();
    for (uint32_t k : rule.keyword_ids) {
      const std::size_t len = rules_.prefilter.keyword(k).size();
      for (uint32_t i = first_[k]; i < first_[k + 1]; ++i) spans_.push_back({ends_[i] - len, ends_[i]});
    }
    reach_windows(reach, spans_, text_, lines_, non_ascii_, windows_);
    return windows_;
  }

 private:
  const std::vector<Window>& from_first_report(std::size_t index) {
    if (!patterns_ || !patterns_->covers(index)) return whole_;
    const Window span = report_span(index);
    if (span.begin == 0 && span.end == text_.size()) return whole_;
    trimmed_.assign(1, span);
    return trimmed_;
  }

  // Text with more runs of bytes >= 0x80 than this (prose in another script)
  // takes the keyword path: windows around each would cover it all.
  static constexpr std::size_t kMaxNonAsciiRuns = 256;

  // On text with bytes >= 0x80 the prefilter's reports place only the matches
  // made of ASCII bytes; a match holding a non-ASCII byte (a UTF-8 letter in
  // a `[^"]*`, a Kelvin sign that `(?i)k` takes) lies within the rule's reach
  // of a non-ASCII run. Rules of unbounded reach are searched whole.
  const std::vector<Window>& near_reports_and_non_ascii(std::size_t index) {
    const MatchBound b = patterns_->bound(index);
    const bool bounded = b.min_len > 0 && (b.single_line || b.max_len > 0 || b.max_newlines >= 0);
    const std::vector<Window>& runs = non_ascii_.get();
    if (!bounded || report_windows_.gave_up(index)) return whole_;
    const std::vector<Window>* near = report_windows_.of(index);
    spans_.clear();
    for (const Window& run : runs) {
      if (!b.single_line && b.max_len > 0) {
        spans_.push_back({run.begin > b.max_len ? run.begin - b.max_len : 0,
                          std::min(text_.size(), run.end + b.max_len)});
        continue;
      }
      const std::size_t k = b.single_line ? 0 : static_cast<std::size_t>(b.max_newlines);
      const std::size_t first = lines_.line_of(run.begin), last = lines_.line_of(run.end - 1);
      spans_.push_back({lines_.begin_of(first > k ? first - k : 0), lines_.end_of(last + k)});
    }
    trimmed_.clear();
    std::size_t i = 0, j = 0;
    const std::size_t nn = near ? near->size() : 0;
    while (i < spans_.size() || j < nn) {
      const bool take_near = j < nn && (i == spans_.size() || (*near)[j].begin < spans_[i].begin);
      const Window w = take_near ? (*near)[j++] : spans_[i++];
      if (!trimmed_.empty() && w.begin <= trimmed_.back().end + 1) trimmed_.back().end = std::max(trimmed_.back().end, w.end);
      else trimmed_.push_back(w);
    }
    return trimmed_;
  }

  // Where rule `index`'s matches can lie, from the pattern prefilter's reports.
  Window report_span(std::size_t index) const {
    return Window{patterns_->search_from(index, may_[index], text_),
                  patterns_->search_to(index, may_last_[index], text_)};
  }

  // The pattern prefilter's verdicts, then gitleaks' keyword condition for
  // the rules left. False when the prefilter failed (the caller falls back).
  bool pick_by_patterns(const PatternPrefilter& patterns, std::string_view path, bool ascii) {
    may_.assign(rules_.rules.size(), 0);
    may_last_.assign(rules_.rules.size(), 0);
    if (!patterns.find(text_, path, may_, may_last_, &report_windows_)) return false;
    patterns_ = &patterns;
    ascii_ = ascii;
    if (!ascii) {
      // A rule the prefilter did not report may still match near the
      // non-ASCII bytes (windows_for()): candidates by keyword, as on the
      // keyword path; the reports only narrow where RE2 looks. Except a rule
      // whose matches are all ASCII here: the verdict stands for it.
      mark_keyword_candidates();
      folds_ = std::any_of(non_ascii_.get().begin(), non_ascii_.get().end(), [&](const Window& run) {
        return has_ascii_folds(text_.substr(run.begin, run.end - run.begin));
      });
      if (!folds_)
        for (std::size_t r = 0; r < rules_.rules.size(); ++r)
          if (hit_[r] && !may_[r] && patterns.ascii_only(r)) hit_[r] = 0;
      return true;
    }
    for (std::size_t r = 0; r < rules_.rules.size(); ++r) {
      // The verdict first: a rule it ruled out is never read (in a warm
      // server's fresh child, reading every rule was 7% of a one-line check).
      if (patterns.covers(r) && !may_[r]) continue;
      const CompiledRule& rule = rules_.rules[r];
      if (!rule.regex) continue;
      // A rule the prefilter could not take is still held to its path first:
      // that is cheaper than looking for its keywords.
      if (!patterns.covers(r) && rule.path && !RE2::PartialMatch(path, rule.path->get())) continue;
      hit_[r] = has_keyword(rule, r) ? 1 : 0;
    }
    keywords_found_ = false;  // offsets only if a window needs them
    return true;
  }

  // Every rule whose keyword occurs (one pass for all keywords), and the
  // rules without keywords.
  void mark_keyword_candidates() {
    find_keywords();
    for (const KeywordHit& h : hits_)
      for (uint32_t o : rules_.prefilter.owners(h.keyword)) hit_[o] = 1;
    for (uint32_t k = 0; !complete_ && k < rules_.prefilter.keyword_count(); ++k)
      for (uint32_t o : rules_.prefilter.owners(k)) hit_[o] = 1;
    for (std::size_t i : rules_.always_run) hit_[i] = 1;
  }

  // gitleaks' condition: one of the rule's keywords anywhere in the text.
  // Looked for first where the prefilter says a match may lie (a keyword is
  // usually part of the match), so a hit near the end of a file is not
  // preceded by a search of everything before it.
  bool has_keyword(const CompiledRule& rule, std::size_t r) const {
    if (rule.keywords.empty() || patterns_->by_keywords(r)) return true;  // reported: one occurs
    std::string_view likely = text_;
    if (patterns_->covers(r)) {
      // Nearer still: the bytes just before the first report, where a match
      // that holds its keyword (most do) has it. One keyword at a time over
      // a long span costs a pass each; this settles most rules in a few
      // hundred bytes.
      const std::size_t end = std::min<std::size_t>(may_[r] - 1, text_.size());
      const std::string_view near = text_.substr(end > kNearReport ? end - kNearReport : 0,
                                                 std::min(end, kNearReport));
      for (const auto& k : rule.keywords)
        if (contains_any_case(near, k)) return true;
      const Window span = report_span(r);
      if (span.begin < span.end) likely = text_.substr(span.begin, span.end - span.begin);
    }
    for (const auto& k : rule.keywords)
      if (contains_any_case(likely, k)) return true;
    if (likely.size() == text_.size()) return false;
    for (const auto& k : rule.keywords)
      if (contains_any_case(text_, k)) return true;
    return false;
  }

  void find_keywords() {
    keywords_found_ = true;
    complete_ = rules_.prefilter.find(text_, hits_);
  }

  // Occurrence ends grouped by keyword (a counting sort), once per fragment.
  void bucket() {
    if (bucketed_) return;
    bucketed_ = true;
    if (!keywords_found_) find_keywords();
    const std::size_t k = rules_.prefilter.keyword_count();
    first_.assign(k + 1, 0);
    for (const KeywordHit& h : hits_) ++first_[h.keyword + 1];
    for (std::size_t i = 0; i < k; ++i) first_[i + 1] += first_[i];
    ends_.resize(hits_.size());
    std::vector<uint32_t> fill(first_.begin(), first_.end() - 1);
    for (const KeywordHit& h : hits_) ends_[fill[h.keyword]++] = h.end;
  }

  const RuleSet& rules_;
  std::string_view text_;
  LineIndex& lines_;
  NonAsciiRuns non_ascii_;
  // Reused by every fragment of a thread: no allocation per file.
  static thread_local std::vector<KeywordHit> hits_;
  static thread_local std::vector<uint32_t> may_, may_last_;  // see PatternPrefilter::find
  static thread_local ReportWindows report_windows_;
  const PatternPrefilter* patterns_ = nullptr;     // set when it picked the candidates
  bool ascii_ = true;                              // the text has no byte >= 0x80
  bool folds_ = false;  // ... or it has, and U+017F or U+212A among them (ascii_matches.hpp)
  std::vector<uint8_t> hit_;
  bool complete_ = true, windows_allowed_ = false, bucketed_ = false, keywords_found_ = false;
  std::vector<uint32_t> first_, ends_;
  std::vector<Window> whole_, spans_, windows_, trimmed_;
};
thread_local std::vector<uint32_t> FragmentHits::may_;
thread_local std::vector<uint32_t> FragmentHits::may_last_;
thread_local std::vector<KeywordHit> FragmentHits::hits_;
thread_local ReportWindows FragmentHits::report_windows_;

// Calls on_match() for each successive match of the rule inside `windows`
// (windowed_matches.hpp); stops when on_match() returns false.
template <class OnMatch>
void for_each_match(const CompiledRule& rule, const RE2& re, std::string_view text, const std::vector<Window>& windows,
                    std::vector<re2::StringPiece>& groups, OnMatch&& on_match) {
  WindowedMatches matches(re, rule.screen ? rule.screen->get(re) : nullptr, text, windows, groups);
  while (matches.next())
    if (!on_match()) return;
}

// Verdicts about a whole line, cached: many matches on one huge line must not
// rescan it once per match.
struct LineFacts {
  bool inline_allow = false;
  std::vector<int8_t> slots;  // per line-target allowlist: -1 unknown, 0 no, 1 yes
};

bool commit_listed(const std::vector<std::string>& commits, const std::string& commit) {
  if (commit.empty()) return false;
  for (const auto& c : commits) {
    if (c.size() >= 7 && commit.compare(0, c.size(), c) == 0) return true;
    if (c == commit) return true;
  }
  return false;
}

bool allowlist_drops(const CompiledAllowlist& a, const Candidate& c, const TextContext& ctx,
                     LineFacts& facts) {
  std::vector<bool> verdicts;
  if (!a.commits.empty()) verdicts.push_back(commit_listed(a.commits, ctx.commit));
  if (!a.paths.empty()) {
    bool hit = std::any_of(a.paths.begin(), a.paths.end(),
                           [&](const auto& re) { return RE2::PartialMatch(ctx.path, re->get()); });
    verdicts.push_back(hit);
  }
  if (!a.regexes.empty()) {
    bool hit;
    int8_t* cached = a.line_slot >= 0 ? &facts.slots[a.line_slot] : nullptr;
    if (cached && *cached >= 0) {
      hit = *cached == 1;
    } else {
      std::string_view target = a.regex_target == RegexTarget::Secret  ? c.secret
                                : a.regex_target == RegexTarget::Match ? c.match
                                                                       : c.line;
      hit = std::any_of(a.regexes.begin(), a.regexes.end(),
                        [&](const auto& re) { return RE2::PartialMatch(target, re->get()); });
      if (cached) *cached = hit ? 1 : 0;
    }
    verdicts.push_back(hit);
  }
  if (!a.stopwords.empty()) {
    bool hit = std::any_of(a.stopwords.begin(), a.stopwords.end(),
                           [&](const std::string& w) { return contains_any_case(c.secret, w); });
    verdicts.push_back(hit);
  }
  if (verdicts.empty()) return false;
  if (a.condition == AllowCondition::And)
    return std::all_of(verdicts.begin(), verdicts.end(), [](bool v) { return v; });
  return std::any_of(verdicts.begin(), verdicts.end(), [](bool v) { return v; });
}

struct Pending {
  const CompiledRule* rule;
  std::size_t match_begin;
  std::size_t line;  // 0-based within the fragment
  std::string fingerprint;
};

// Where a rule that others require matched (allowlists honoured).
struct Sighting {
  std::size_t rule;
  std::size_t line;
  std::size_t column;  // byte offset within the line
};

// gitleaks' composite rules: every required rule has a sighting within the
// proximity it names (lines and/or columns; none = anywhere in the text).
bool requirements_met(const CompiledRule& rule, std::size_t line, std::size_t column,
                      const std::vector<Sighting>& sightings) {
  for (const auto& need : rule.required) {
    bool found = std::any_of(sightings.begin(), sightings.end(), [&](const Sighting& s) {
      if (s.rule != need.rule) return false;
      auto distance = [](std::size_t a, std::size_t b) { return a > b ? a - b : b - a; };
      if (need.within_lines >= 0 && distance(s.line, line) > static_cast<std::size_t>(need.within_lines)) return false;
      if (need.within_columns >= 0 && distance(s.column, column) > static_cast<std::size_t>(need.within_columns))
        return false;
      return true;
    });
    if (!found) return false;
  }
  return true;
}

// gitleaks drops a `generic*` rule's secret that has no digit when the rule
// checks entropy: words like `PasswordPolicyEnforcement` pass the entropy bar.
bool lacks_required_digit(const CompiledRule& rule, std::string_view secret) {
  if (rule.entropy <= 0 || !rule.id.starts_with("generic")) return false;
  return std::none_of(secret.begin(), secret.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool line_wanted(const TextContext& ctx, int line) {
  if (!ctx.only_lines) return true;
  return std::any_of(ctx.only_lines->begin(), ctx.only_lines->end(),
                     [line](const LineRange& r) { return line >= r.first && line <= r.last; });
}

}  // namespace

void scan_fragment(const RuleSet& rules, const Fragment& fragment, const TextContext& ctx,
                   std::vector<Finding>& out) {
  const std::string_view text = fragment.text;
  const std::size_t own_to = std::min(fragment.own_to, text.size());
  LineIndex lines(text);
  FragmentHits hits(rules, text, ctx.path, fragment.windows, fragment.patterns, lines);
  std::unordered_map<std::size_t, LineFacts> facts_by_line;
  std::vector<Span> secret_spans;  // every secret seen, allowlisted or not: all get masked
  std::vector<Pending> pending;
  std::vector<Sighting> sightings;
  std::vector<re2::StringPiece> groups;

  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const CompiledRule& rule = rules.rules[ri];
    if (!hits.candidate(ri) || !rule.regex) continue;
    if (rule.path && !RE2::PartialMatch(ctx.path, rule.path->get())) continue;
    const RE2& re = rule.regex->get();
    if (!re.ok()) continue;  // a broken bundled pattern: the pack test reports it
    const int ngroups = re.NumberOfCapturingGroups();
    if (rule.secret_group > ngroups) continue;
    groups.assign(static_cast<std::size_t>(ngroups) + 1, {});
    int matches = 0, reported = 0;
    auto consider = [&] {
      std::string_view match(groups[0].data(), groups[0].size());
      std::size_t mbegin = static_cast<std::size_t>(match.data() - text.data());
      if (match.empty()) return;
      // A rule's leading `(?:^|[^\w.])` can match the line break before the
      // construct: the finding belongs to the line the construct is on (it was
      // reported, or dropped as not added, on the line above).
      const std::size_t mend = mbegin + match.size();
      while (mbegin + 1 < mend && (text[mbegin] == '\n' || text[mbegin] == '\r')) ++mbegin;
      // gitleaks: secretGroup N, else the first non-empty group, else the match.
      std::string_view secret = match;
      if (rule.secret_group > 0) {
        secret = std::string_view(groups[rule.secret_group].data(), groups[rule.secret_group].size());
      } else {
        for (int g = 1; g <= ngroups; ++g)
          if (!groups[g].empty()) { secret = std::string_view(groups[g].data(), groups[g].size()); break; }
      }
      if (secret.empty() || secret.data() == nullptr) return;
      if (rule.entropy > 0 && shannon_entropy(secret) <= rule.entropy) return;
      if (lacks_required_digit(rule, secret)) return;
      std::size_t sbegin = static_cast<std::size_t>(secret.data() - text.data());
      // A danger rule's hard-coded password (its capture group) is masked like a secret's.
      if (rule.secret || (rule.category == "hardcoded-credential" && secret.size() < match.size()))
        secret_spans.push_back({sbegin, sbegin + secret.size()});
      const bool own = mbegin >= fragment.own_from && mbegin < own_to;
      if (!own && !rule.required_by_others) return;

      std::size_t line = lines.line_of(mbegin);
      int line_no = fragment.first_line + static_cast<int>(line);
      std::size_t lb = lines.begin_of(line), le = lines.end_of(line);
      std::string_view line_text = text.substr(lb, le - lb);
      auto [it, fresh] = facts_by_line.try_emplace(line);
      LineFacts& facts = it->second;
      if (fresh) {
        facts.inline_allow = fragment.inline_allow &&
                             (contains(line_text, "hookagent:allow") || contains(line_text, "gitleaks:allow"));
        facts.slots.assign(static_cast<std::size_t>(rules.line_slots), -1);
      }
      if (facts.inline_allow) return;
      Candidate cand{secret, match, line_text};
      bool dropped = false;
      for (const auto& a : rules.global_allowlists) {
        if (!a.target_rules.empty() && !a.target_rules.count(rule.id)) continue;
        if ((dropped = allowlist_drops(a, cand, ctx, facts))) break;
      }
      for (std::size_t k = 0; !dropped && k < rule.allowlists.size(); ++k)
        dropped = allowlist_drops(rule.allowlists[k], cand, ctx, facts);
      if (dropped) return;
      // A required rule counts wherever it matched: overlap, unchanged lines.
      if (rule.required_by_others) sightings.push_back({ri, line, mbegin - lb});
      if (!own || rule.skip_report || !line_wanted(ctx, line_no)) return;
      ++reported;
      pending.push_back({&rule, mbegin, line, make_fingerprint(rule.id, ctx.path, secret)});
    };
    // The caps are checked before the next search, as the whole-text loop did.
    for_each_match(rule, re, text, hits.windows_for(ri, rule), groups, [&] {
      ++matches;
      consider();
      return matches < kMaxMatchesPerRule && reported < kMaxFindingsPerRule;
    });
  }
  if (pending.empty()) return;

  std::sort(secret_spans.begin(), secret_spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (const Pending& p : pending) {
    std::size_t lb = lines.begin_of(p.line), le = lines.end_of(p.line);
    if (!p.rule->required.empty() && !requirements_met(*p.rule, p.line, p.match_begin - lb, sightings)) continue;
    Finding f;
    f.rule_id = p.rule->id;
    f.severity = p.rule->severity;
    f.file = ctx.path;
    f.line = fragment.first_line + static_cast<int>(p.line);
    int column = 1;
    for (std::size_t i = lb; i < p.match_begin; ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    f.column = column;
    f.message = p.rule->description;
    f.excerpt = build_excerpt(text, lb, le, p.match_begin, secret_spans);
    f.fingerprint = p.fingerprint;
    f.fix_hint = p.rule->fix.empty() && p.rule->secret
                     ? "remove the secret and rotate it; if it is not a secret, add `hookagent:allow` to the line"
                     : p.rule->fix;
    f.source = FindingSource::Rules;
    f.category = p.rule->category;
    f.cwe = p.rule->cwe;
    f.commit = ctx.commit;
    f.confidence = rule_confidence_score(p.rule->confidence);
    out.push_back(std::move(f));
  }
}

}  // namespace hookagent::scan

namespace hookagent::scan {

std::vector<SecretHit> find_secrets(const RuleSet& rules, std::string_view text, bool windows_on_small_texts,
                                    const PatternPrefilter* patterns, std::string_view path) {
  std::vector<SecretHit> hits;
  LineIndex lines(text);
  // Without a path (a tool's output) every secret rule runs whatever its
  // path: the prefilter groups rules by path, so it is used only with one.
  FragmentHits candidates(rules, text, path, true, path.empty() ? nullptr : patterns, lines,
                          windows_on_small_texts ? 0 : kWindowMinBytes);
  std::vector<re2::StringPiece> groups;
  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const CompiledRule& rule = rules.rules[ri];
    if (!candidates.candidate(ri) || !rule.regex || !rule.secret) continue;
    const RE2& re = rule.regex->get();
    if (!re.ok()) continue;
    const int ngroups = re.NumberOfCapturingGroups();
    if (rule.secret_group > ngroups) continue;
    groups.assign(static_cast<std::size_t>(ngroups) + 1, {});
    // No match cap here: every secret must go, however many there are.
    for_each_match(rule, re, text, candidates.windows_for(ri, rule), groups, [&] {
      if (groups[0].empty()) return true;
      re2::StringPiece secret = groups[0];
      if (rule.secret_group > 0) {
        secret = groups[rule.secret_group];
      } else {
        for (int g = 1; g <= ngroups; ++g)
          if (!groups[g].empty()) { secret = groups[g]; break; }
      }
      if (secret.empty()) return true;
      if (rule.entropy > 0 && shannon_entropy(std::string_view(secret.data(), secret.size())) <= rule.entropy)
        return true;
      std::size_t b = static_cast<std::size_t>(secret.data() - text.data());
      hits.push_back({b, b + secret.size(), &rule});
      return true;
    });
  }
  std::sort(hits.begin(), hits.end(), [](const SecretHit& a, const SecretHit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return hits;
}

}  // namespace hookagent::scan
