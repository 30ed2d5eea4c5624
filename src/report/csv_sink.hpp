#pragma once
// gitleaks' CSV report (`--report-format csv`): a header row with gitleaks'
// column names, then one row per finding, quoted as RFC 4180 says. Secret is
// the masked secret and Match the masked excerpt, as in GitleaksJsonSink.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/sink.hpp"

namespace hookagent {

// A field quoted only when it holds a comma, a quote, CR or LF; quotes doubled.
std::string csv_field(std::string_view value);

class CsvSink : public Sink {
 public:
  explicit CsvSink(std::ostream& out) : out_(out) {}
  void finding(const Finding& f) override { findings_.push_back(f); }
  void finish(const RunSummary& summary) override;

 private:
  std::ostream& out_;
  std::vector<Finding> findings_;
};

}  // namespace hookagent
