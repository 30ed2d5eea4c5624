#include "scan/fragment_scan.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "scan/fingerprint.hpp"
#include "scan/text_tools.hpp"

namespace hookagent::scan {
namespace {

bool contains(std::string_view hay, std::string_view needle) {
  return !needle.empty() && hay.size() >= needle.size() &&
         memmem(hay.data(), hay.size(), needle.data(), needle.size()) != nullptr;
}

bool contains_lower(std::string_view hay, const std::string& needle_lower) {
  if (needle_lower.empty() || hay.size() < needle_lower.size()) return false;
  std::string lower(hay);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return contains(lower, needle_lower);
}

// Newline offsets, built only once a fragment has its first match.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}
  // 0-based line index of `offset` within the fragment.
  std::size_t line_of(std::size_t offset) {
    build();
    return static_cast<std::size_t>(std::lower_bound(nl_.begin(), nl_.end(), offset) - nl_.begin());
  }
  std::size_t begin_of(std::size_t line) { build(); return line == 0 ? 0 : nl_[line - 1] + 1; }
  std::size_t end_of(std::size_t line) { build(); return line < nl_.size() ? nl_[line] : text_.size(); }

 private:
  void build() {
    if (built_) return;
    built_ = true;
    for (const char* p = text_.data(), *end = p + text_.size();
         (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));
         ++p) {
      nl_.push_back(static_cast<std::size_t>(p - text_.data()));
    }
  }
  std::string_view text_;
  std::vector<std::size_t> nl_;
  bool built_ = false;
};

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
                           [&](const auto& re) { return RE2::PartialMatch(ctx.path, *re); });
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
                        [&](const auto& re) { return RE2::PartialMatch(target, *re); });
      if (cached) *cached = hit ? 1 : 0;
    }
    verdicts.push_back(hit);
  }
  if (!a.stopwords.empty()) {
    bool hit = std::any_of(a.stopwords.begin(), a.stopwords.end(),
                           [&](const std::string& w) { return contains_lower(c.secret, w); });
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
  std::vector<uint8_t> hit(rules.rules.size(), 0);
  rules.prefilter.find(text, hit);
  for (std::size_t i : rules.always_run) hit[i] = 1;

  LineIndex lines(text);
  std::unordered_map<std::size_t, LineFacts> facts_by_line;
  std::vector<Span> secret_spans;  // every secret seen, allowlisted or not: all get masked
  std::vector<Pending> pending;
  std::vector<re2::StringPiece> groups;

  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const CompiledRule& rule = rules.rules[ri];
    if (!hit[ri] || !rule.regex) continue;
    if (rule.path && !RE2::PartialMatch(ctx.path, *rule.path)) continue;
    const RE2& re = rule.regex->get();
    if (!re.ok()) continue;  // a broken bundled pattern: the pack test reports it
    const int ngroups = re.NumberOfCapturingGroups();
    if (rule.secret_group > ngroups) continue;
    groups.assign(static_cast<std::size_t>(ngroups) + 1, {});
    re2::StringPiece input(text.data(), text.size());
    std::size_t pos = 0;
    int matches = 0, reported = 0;
    while (pos <= text.size() && matches < kMaxMatchesPerRule && reported < kMaxFindingsPerRule &&
           re.Match(input, pos, text.size(), RE2::UNANCHORED, groups.data(),
                             static_cast<int>(groups.size()))) {
      ++matches;
      std::string_view match(groups[0].data(), groups[0].size());
      std::size_t mbegin = static_cast<std::size_t>(match.data() - text.data());
      pos = mbegin + std::max<std::size_t>(match.size(), 1);
      if (match.empty()) continue;
      // gitleaks: secretGroup N, else the first non-empty group, else the match.
      std::string_view secret = match;
      if (rule.secret_group > 0) {
        secret = std::string_view(groups[rule.secret_group].data(), groups[rule.secret_group].size());
      } else {
        for (int g = 1; g <= ngroups; ++g)
          if (!groups[g].empty()) { secret = std::string_view(groups[g].data(), groups[g].size()); break; }
      }
      if (secret.empty() || secret.data() == nullptr) continue;
      if (rule.entropy > 0 && shannon_entropy(secret) <= rule.entropy) continue;
      std::size_t sbegin = static_cast<std::size_t>(secret.data() - text.data());
      if (rule.secret) secret_spans.push_back({sbegin, sbegin + secret.size()});
      if (mbegin < fragment.own_from || mbegin >= own_to) continue;

      std::size_t line = lines.line_of(mbegin);
      int line_no = fragment.first_line + static_cast<int>(line);
      if (!line_wanted(ctx, line_no)) continue;
      std::size_t lb = lines.begin_of(line), le = lines.end_of(line);
      std::string_view line_text = text.substr(lb, le - lb);
      auto [it, fresh] = facts_by_line.try_emplace(line);
      LineFacts& facts = it->second;
      if (fresh) {
        facts.inline_allow = contains(line_text, "hookagent:allow") || contains(line_text, "gitleaks:allow");
        facts.slots.assign(static_cast<std::size_t>(rules.line_slots), -1);
      }
      if (facts.inline_allow) continue;
      Candidate cand{secret, match, line_text};
      bool dropped = false;
      for (const auto& a : rules.global_allowlists) {
        if (!a.target_rules.empty() && !a.target_rules.count(rule.id)) continue;
        if ((dropped = allowlist_drops(a, cand, ctx, facts))) break;
      }
      for (std::size_t k = 0; !dropped && k < rule.allowlists.size(); ++k)
        dropped = allowlist_drops(rule.allowlists[k], cand, ctx, facts);
      if (dropped) continue;
      ++reported;
      pending.push_back({&rule, mbegin, line, make_fingerprint(rule.id, ctx.path, secret)});
    }
  }
  if (pending.empty()) return;

  std::sort(secret_spans.begin(), secret_spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (const Pending& p : pending) {
    std::size_t lb = lines.begin_of(p.line), le = lines.end_of(p.line);
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
    out.push_back(std::move(f));
  }
}

}  // namespace hookagent::scan

namespace hookagent::scan {

std::vector<SecretHit> find_secrets(const RuleSet& rules, std::string_view text) {
  std::vector<SecretHit> hits;
  std::vector<uint8_t> hit(rules.rules.size(), 0);
  rules.prefilter.find(text, hit);
  for (std::size_t i : rules.always_run) hit[i] = 1;
  std::vector<re2::StringPiece> groups;
  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const CompiledRule& rule = rules.rules[ri];
    if (!hit[ri] || !rule.regex || !rule.secret) continue;
    const RE2& re = rule.regex->get();
    if (!re.ok()) continue;
    const int ngroups = re.NumberOfCapturingGroups();
    if (rule.secret_group > ngroups) continue;
    groups.assign(static_cast<std::size_t>(ngroups) + 1, {});
    re2::StringPiece input(text.data(), text.size());
    std::size_t pos = 0;
    // No match cap here: every secret must go, however many there are.
    while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED,
                                                   groups.data(), static_cast<int>(groups.size()))) {
      std::size_t mbegin = static_cast<std::size_t>(groups[0].data() - text.data());
      pos = mbegin + std::max<std::size_t>(groups[0].size(), 1);
      if (groups[0].empty()) continue;
      re2::StringPiece secret = groups[0];
      if (rule.secret_group > 0) {
        secret = groups[rule.secret_group];
      } else {
        for (int g = 1; g <= ngroups; ++g)
          if (!groups[g].empty()) { secret = groups[g]; break; }
      }
      if (secret.empty()) continue;
      if (rule.entropy > 0 && shannon_entropy(std::string_view(secret.data(), secret.size())) <= rule.entropy)
        continue;
      std::size_t b = static_cast<std::size_t>(secret.data() - text.data());
      hits.push_back({b, b + secret.size(), &rule});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const SecretHit& a, const SecretHit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return hits;
}

}  // namespace hookagent::scan
