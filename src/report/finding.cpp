#include "report/finding.hpp"

#include <algorithm>
#include <cctype>

namespace hookagent {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "info") return Severity::Info;
  if (lower == "low") return Severity::Low;
  if (lower == "medium") return Severity::Medium;
  if (lower == "high") return Severity::High;
  if (lower == "critical") return Severity::Critical;
  return std::nullopt;
}

std::string_view to_string(FindingSource s) {
  return s == FindingSource::Rules ? "rules" : "agent";
}

bool at_or_above(const Finding& f, Severity threshold) {
  return static_cast<int>(f.severity) >= static_cast<int>(threshold);
}

bool blocks(const Finding& f, Severity threshold) { return f.advisory.empty() && at_or_above(f, threshold); }

}  // namespace hookagent
