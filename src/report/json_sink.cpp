#include "report/json_sink.hpp"

namespace hookagent {

nlohmann::json finding_to_json(const Finding& f) {
  return {
      {"rule_id", f.rule_id},
      {"severity", std::string(to_string(f.severity))},
      {"file", f.file},
      {"line", f.line},
      {"column", f.column},
      {"message", f.message},
      {"excerpt", f.excerpt},
      {"fingerprint", f.fingerprint},
      {"fix_hint", f.fix_hint},
      {"source", std::string(to_string(f.source))},
      {"category", f.category},
      {"cwe", f.cwe},
      {"commit", f.commit},
      {"confidence", f.confidence},
      {"advisory", f.advisory},
      {"decoded", f.decoded},
  };
}

Result<Finding> finding_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(ErrorKind::Usage, "a finding must be a JSON object", {}, "got " + std::string(j.type_name()));
  Finding f;
  try {
    f.rule_id = j.value("rule_id", f.rule_id);
    if (j.contains("severity")) {
      auto sev = parse_severity(j.at("severity").get<std::string>());
      if (!sev) return fail(ErrorKind::Usage, "unknown severity in finding", {}, "use critical, high, medium, low or info");
      f.severity = *sev;
    }
    f.file = j.value("file", f.file);
    f.line = j.value("line", f.line);
    f.column = j.value("column", f.column);
    f.message = j.value("message", f.message);
    f.excerpt = j.value("excerpt", f.excerpt);
    f.fingerprint = j.value("fingerprint", f.fingerprint);
    f.fix_hint = j.value("fix_hint", f.fix_hint);
    f.source = j.value("source", std::string("rules")) == "agent" ? FindingSource::Agent : FindingSource::Rules;
    f.category = j.value("category", f.category);
    f.cwe = j.value("cwe", f.cwe);
    f.commit = j.value("commit", f.commit);
    f.confidence = j.value("confidence", f.confidence);
    f.advisory = j.value("advisory", f.advisory);
    f.decoded = j.value("decoded", f.decoded);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::Usage, std::string("a finding field has the wrong type: ") + e.what());
  }
  return f;
}

nlohmann::json summary_to_json(const RunSummary& s) {
  return {
      {"scope", s.scope},
      {"files_scanned", s.files_scanned},
      {"files_skipped", s.files_skipped},
      {"notes", s.notes},
      {"agent_summary", s.agent_summary},
      {"blocked", s.blocked},
      {"block_threshold", s.block_threshold},
  };
}

void JsonSink::finish(const RunSummary& summary) {
  nlohmann::json doc;
  doc["findings"] = nlohmann::json::array();
  for (auto& f : findings_) doc["findings"].push_back(finding_to_json(f));
  doc["summary"] = summary_to_json(summary);
  doc["summary"]["findings"] = findings_.size();
  // Excerpts can hold any bytes a file held; replace invalid UTF-8 instead of throwing.
  out_ << doc.dump(pretty_ ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  out_.flush();
}

}  // namespace hookagent
