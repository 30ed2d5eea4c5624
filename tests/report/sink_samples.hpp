#pragma once
// Findings shaped like the engines' output, with excerpts already masked.
#include "report/finding.hpp"
#include "report/sink.hpp"

namespace hookagent::test {

inline Finding key_finding() {
  Finding f;
  f.rule_id = "aws-access-key";
  f.severity = Severity::Critical;
  f.file = "src/settings.py";
  f.line = 12;
  f.column = 9;
  f.message = "AWS access key ID";
  f.excerpt = "aws_key = \"AKIA" + std::string(16, '*') + "\"";
  f.fingerprint = "src/settings.py:aws-access-key:12";
  f.fix_hint = "remove the key, rotate it, and read it from the environment";
  f.category = "secret";
  f.cwe = "CWE-798";
  return f;
}

inline Finding tls_finding() {
  Finding f;
  f.rule_id = "python-tls-verify-disabled";
  f.severity = Severity::High;
  f.file = "src/client.py";
  f.line = 40;
  f.column = 30;
  f.message = "TLS certificate checks are turned off";
  f.excerpt = "requests.get(url, verify=False)";
  f.fingerprint = "src/client.py:python-tls-verify-disabled:40";
  f.fix_hint = "drop verify=False";
  return f;
}

inline Finding agent_finding() {
  Finding f;
  f.rule_id = "code-review";
  f.severity = Severity::Low;
  f.file = "src/settings.py";
  f.line = 3;
  f.message = "unused import";
  f.source = FindingSource::Agent;
  f.confidence = 0.75;
  f.commit = "0123456789abcdef0123456789abcdef01234567";
  return f;
}

inline RunSummary blocked_summary() {
  RunSummary s;
  s.scope = "staged changes";
  s.files_scanned = 3;
  s.files_skipped = 1;
  s.notes = {"skipped assets/logo.png: binary"};
  s.blocked = true;
  s.block_threshold = "high";
  return s;
}

}  // namespace hookagent::test
