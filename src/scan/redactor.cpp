#include "scan/redactor.hpp"

#include "core/paths.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/rule_set.hpp"

namespace hookagent::scan {

Redactor::Redactor(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}

Result<Redactor> Redactor::load(const std::filesystem::path& gitleaks_config) {
  RuleSources sources;
  sources.packs = {"secrets"};
  sources.gitleaks_config = gitleaks_config;
  auto rules = load_rule_set(sources);
  if (!rules) return std::unexpected(rules.error());
  return Redactor(std::move(*rules));
}

std::string Redactor::redact(std::string_view text) const {
  std::vector<SecretHit> hits = find_secrets(*rules_, text);
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const SecretHit& h : hits) {
    if (h.end <= pos) continue;  // inside a secret already replaced
    // An overlapping hit extends the redaction so that no tail of a secret survives.
    std::size_t b = std::max(h.begin, pos);
    if (b > pos) out.append(text.substr(pos, b - pos));
    if (b == h.begin) out.append("[REDACTED:").append(h.rule->id).append("]");
    pos = h.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace hookagent::scan
