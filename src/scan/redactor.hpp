#pragma once
// Redaction before anything leaves the machine (DESIGN §6): every secret rule
// match in a text is replaced by `[REDACTED:<rule-id>]`. Only secret rules
// (category "secret" or none) redact; code-weakness rules never do. Allowlists
// and inline allow comments are NOT honoured here: text sent to an LLM is
// redacted even when a human decided the finding may be committed.
// Beyond the rules: every line of a private-key block (a page of its body
// carries no BEGIN line for a rule to see), and base64/hex runs whose decoded
// text holds a secret (looked into twice deep).
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
  // A file's content: as redact(), but a key file (is_key_file_name) is
  // replaced whole.
  std::string redact_file(std::string_view path, std::string_view content) const;
  // Whether whole-file redaction has the compiled pattern prefilter (the one
  // `hookagent install` compiles for the scan); `compile` builds it when missing.
  bool prefilter_ready(bool compile = false) const;

 private:
  std::string redact_nested(std::string_view text, int depth, bool windows, std::string_view path) const;
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace hookagent::scan
