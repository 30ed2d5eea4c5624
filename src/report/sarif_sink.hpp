#pragma once
// SARIF 2.1.0 for GitHub code scanning (DESIGN §9): tool.driver.rules with
// shortDescription, helpUri, properties.security-severity and tags (CWE ids
// as "external/cwe/cwe-N", GitHub's convention), and results with ruleId,
// level, message, one physical location (uri + startLine/startColumn) and
// partialFingerprints. Findings carry masked excerpts only.
#include <ostream>
#include <string>
#include <vector>

#include "report/sink.hpp"

namespace hookagent {

// What SARIF says about a rule; engines describe their rules with it.
struct SarifRule {
  std::string id;
  std::string description;
  Severity severity = Severity::High;
  std::string cwe;       // "CWE-78"
  std::string fix;
  std::vector<std::string> tags;
  std::string help_uri;  // empty: the project's rule documentation
};

class SarifSink : public Sink {
 public:
  SarifSink(std::ostream& out, std::vector<SarifRule> rules, std::string tool_version)
      : out_(out), rules_(std::move(rules)), version_(std::move(tool_version)) {}
  void finding(const Finding& f) override { findings_.push_back(f); }
  void finish(const RunSummary& summary) override;

 private:
  std::ostream& out_;
  std::vector<SarifRule> rules_;
  std::string version_;
  std::vector<Finding> findings_;
};

// "error" for critical/high, "warning" for medium, "note" below.
std::string sarif_level(Severity s);
// GitHub's security-severity score: critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0.
std::string security_severity(Severity s);
// Percent-encodes a repo-relative path for artifactLocation.uri.
std::string sarif_uri(const std::string& path);

}  // namespace hookagent
