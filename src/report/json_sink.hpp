#pragma once
// One JSON document per run: {"findings": [...], "summary": {...}} (DESIGN §9).
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "core/result.hpp"
#include "report/sink.hpp"

namespace hookagent {

// Every Finding field; severity and source as their lower-case names.
nlohmann::json finding_to_json(const Finding& f);
// The inverse; unknown fields are ignored, missing ones keep their defaults.
Result<Finding> finding_from_json(const nlohmann::json& j);
nlohmann::json summary_to_json(const RunSummary& s);

class JsonSink : public Sink {
 public:
  explicit JsonSink(std::ostream& out, bool pretty = true) : out_(out), pretty_(pretty) {}
  void finding(const Finding& f) override { findings_.push_back(f); }
  void finish(const RunSummary& summary) override;

 private:
  std::ostream& out_;
  bool pretty_;
  std::vector<Finding> findings_;
};

}  // namespace hookagent
