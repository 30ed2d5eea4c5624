#pragma once
// The one value that flows from every engine (rules, agent) to every sink
// (terminal, json, sarif, notes). Do not grow a second one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent {

enum class Severity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };

std::string_view to_string(Severity s);
// Accepts info|low|medium|high|critical (any case).
std::optional<Severity> parse_severity(std::string_view text);

enum class FindingSource { Rules, Agent };
std::string_view to_string(FindingSource s);

struct Finding {
  std::string rule_id;      // rule id ("aws-access-key") or skill id ("code-review")
  Severity severity = Severity::Medium;
  std::string file;         // repo-relative path, '/' separated
  int line = 0;             // 1-based; 0 when the finding is about the whole file or change
  int column = 0;           // 1-based; 0 when unknown
  std::string message;
  std::string excerpt;      // the offending line with any secret masked; never the full secret
  std::string fingerprint;  // stable id for .hookagentignore and SARIF
  std::string fix_hint;
  FindingSource source = FindingSource::Rules;
  std::string category;     // "secret", "injection", ... (agent: free text)
  std::string cwe;          // "CWE-78"; empty when none applies
  std::string commit;       // the commit it was found in; empty for staged changes
  double confidence = 1.0;  // 0..1; a rule's confidence: high 1.0, medium 0.6, low 0.3
  // Non-empty: the finding is reported but never blocks, and this says why
  // ("in test code", "medium-confidence rule").
  std::string advisory;
  std::string decoded;      // "base64", "hex>base64", ...: found inside text encoded that way
};

bool at_or_above(const Finding& f, Severity threshold);
// What every blocking decision asks: at or above the threshold and not advisory.
bool blocks(const Finding& f, Severity threshold);

}  // namespace hookagent
