#include "report/gitleaks_json_sink.hpp"

#include "report/gitleaks_fields.hpp"

namespace hookagent {

nlohmann::ordered_json finding_to_gitleaks_json(const Finding& f) {
  return {
      {"Description", f.message},
      {"StartLine", f.line},
      {"EndLine", f.line},
      {"StartColumn", f.column},
      {"EndColumn", 0},  // the Finding keeps where the match starts, not where it ends
      {"Match", f.excerpt},
      {"Secret", masked_secret(f)},
      {"File", f.file},
      {"SymlinkFile", ""},
      {"Commit", f.commit},
      {"Entropy", 0},
      {"Author", ""},
      {"Email", ""},
      {"Date", ""},
      {"Message", ""},
      {"Tags", nlohmann::ordered_json::array()},
      {"RuleID", f.rule_id},
      {"Fingerprint", gitleaks_fingerprint(f)},
  };
}

void GitleaksJsonSink::finish(const RunSummary&) {
  auto doc = nlohmann::ordered_json::array();
  for (auto& f : findings_) doc.push_back(finding_to_gitleaks_json(f));
  // gitleaks indents its report by one space; invalid UTF-8 is replaced, as in JsonSink.
  out_ << doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  out_.flush();
}

}  // namespace hookagent
