#include "scan/redactor.hpp"

#include <algorithm>

#include "core/paths.hpp"
#include "scan/encoded_text.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/rule_set.hpp"

namespace hookagent::scan {

Redactor::Redactor(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}

Result<Redactor> Redactor::load(const std::filesystem::path& gitleaks_config) {
  RuleSources sources;
  // The scan's packs, so that the prefilter `hookagent install` compiled for
  // the scan serves redaction too; only secret rules redact.
  sources.packs = {"secrets", "danger"};
  sources.gitleaks_config = gitleaks_config;
  sources.honour_team_narrowing = false;  // redaction never loses a bundled rule
  auto rules = load_rule_set(sources);
  if (!rules) return std::unexpected(rules.error());
  return Redactor(std::move(*rules));
}

namespace {

struct Span {
  std::size_t begin = 0, end = 0;
  std::string label;
};

constexpr int kDecodeDepth = 2;

}  // namespace

bool Redactor::prefilter_ready(bool compile) const {
  return rules_->pattern_prefilter(compile ? PrefilterUse::Build : PrefilterUse::CachedOnly) != nullptr;
}

std::string Redactor::redact(std::string_view text) const { return redact_nested(text, kDecodeDepth, false, {}); }

std::string Redactor::redact_file(std::string_view path, std::string_view content) const {
  if (is_key_file_name(path)) return "[REDACTED:private-key-file]\n";
  // Files come by the thousand (a whole tree): the per-rule window analysis
  // pays off, and the scan's compiled prefilter (when cached) picks the rules.
  return redact_nested(content, kDecodeDepth, true, path);
}

std::string Redactor::redact_nested(std::string_view text, int depth, bool windows, std::string_view path) const {
  std::vector<Span> spans;
  const PatternPrefilter* patterns = path.empty() ? nullptr : rules_->pattern_prefilter(PrefilterUse::CachedOnly);
  for (const SecretHit& h : find_secrets(*rules_, text, windows, patterns, path))
    spans.push_back({h.begin, h.end, h.rule->id});
  for (const TextSpan& k : find_private_key_lines(text)) spans.push_back({k.begin, k.end, "private-key"});
  if (depth > 0) {
    for (EncodedRun& run : find_encoded_text(text)) {
      std::string inner = redact_nested(run.decoded, depth - 1, false, {});
      if (inner == run.decoded) continue;
      auto tag = inner.find("[REDACTED:");
      std::string rule = inner.substr(tag + 10, inner.find(']', tag) - tag - 10);
      spans.push_back({run.begin, run.end, rule + ":" + std::string(run.encoding)});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const Span& s : spans) {
    if (s.end <= pos) continue;  // inside a secret already replaced
    // An overlapping span extends the redaction so that no tail of a secret survives.
    std::size_t b = std::max(s.begin, pos);
    if (b > pos) out.append(text.substr(pos, b - pos));
    if (b == s.begin) out.append("[REDACTED:").append(s.label).append("]");
    // Line numbers stay true: Read pages by line after redaction.
    out.append(static_cast<std::size_t>(std::count(text.begin() + b, text.begin() + s.end, '\n')), '\n');
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace hookagent::scan
