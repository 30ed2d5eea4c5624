#pragma once
// gitleaks' JSON report (`gitleaks detect --report-format json`): one array of
// objects with gitleaks' field names, so tools that already parse gitleaks'
// output read hookagent's. Match is the masked excerpt and Secret the masked
// secret: never a full secret. Fields hookagent has no value for (Author,
// Email, Date, Message, SymlinkFile, EndColumn, Entropy) are "" or 0.
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "report/sink.hpp"

namespace hookagent {

// An ordered object, so the fields come out in gitleaks' order (report/finding.go).
nlohmann::ordered_json finding_to_gitleaks_json(const Finding& f);

class GitleaksJsonSink : public Sink {
 public:
  explicit GitleaksJsonSink(std::ostream& out) : out_(out) {}
  void finding(const Finding& f) override { findings_.push_back(f); }
  void finish(const RunSummary& summary) override;

 private:
  std::ostream& out_;
  std::vector<Finding> findings_;
};

}  // namespace hookagent
