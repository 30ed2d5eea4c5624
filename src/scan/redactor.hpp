#pragma once
// Redaction before anything leaves the machine (DESIGN §6): every secret rule
// match in a text is replaced by `[REDACTED:<rule-id>]`. Only secret rules
// (category "secret" or none) redact; code-weakness rules never do. Allowlists
// and inline allow comments are NOT honoured here: text sent to an LLM is
// redacted even when a human decided the finding may be committed.
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "scan/scanner.hpp"

namespace hookagent::scan {

class Redactor {
 public:
  explicit Redactor(std::shared_ptr<const RuleSet> rules);

  // The bundled `secrets` pack plus the team's gitleaks file, if one is given.
  static Result<Redactor> load(const std::filesystem::path& gitleaks_config = {});

  std::string redact(std::string_view text) const;

 private:
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace hookagent::scan
