#include "report/sarif_sink.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace hookagent {
namespace {
using nlohmann::json;

constexpr const char* kInfoUri = "https://github.com/hookagent/hookagent";

json rule_json(const SarifRule& r) {
  // SARIF 2.1.0 wants each tag once (uniqueItems); an extended rule brings its tags twice.
  std::vector<std::string> list{"security"};
  list.insert(list.end(), r.tags.begin(), r.tags.end());
  if (!r.cwe.empty()) {
    list.push_back(r.cwe);
    std::string lower = "external/cwe/";
    for (char c : r.cwe) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    list.push_back(lower);
  }
  json tags = json::array();
  for (const auto& t : list)
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
  json j = {
      {"id", r.id},
      {"name", r.id},
      {"shortDescription", {{"text", r.description.empty() ? r.id : r.description}}},
      {"fullDescription", {{"text", r.description.empty() ? r.id : r.description}}},
      {"helpUri", r.help_uri.empty() ? std::string(kInfoUri) + "#rules" : r.help_uri},
      {"defaultConfiguration", {{"level", sarif_level(r.severity)}}},
      {"properties",
       {{"tags", tags}, {"precision", "high"}, {"security-severity", security_severity(r.severity)}}},
  };
  if (!r.fix.empty()) j["help"] = {{"text", r.fix}, {"markdown", r.fix}};
  return j;
}

}  // namespace

std::string sarif_level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "note";
  }
}

std::string security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "8.0";
    case Severity::Medium: return "5.5";
    case Severity::Low: return "3.0";
    case Severity::Info: return "1.0";
  }
  return "5.5";
}

std::string sarif_uri(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

void SarifSink::finish(const RunSummary& summary) {
  // Rules: every described rule a finding uses, plus a stub for any other id
  // (agent findings) so that every ruleIndex resolves.
  std::map<std::string, SarifRule> known;
  for (const auto& r : rules_) known.emplace(r.id, r);
  std::map<std::string, int> index;
  json rules = json::array();
  for (const Finding& f : findings_) {
    if (index.count(f.rule_id)) continue;
    SarifRule r;
    if (auto it = known.find(f.rule_id); it != known.end()) r = it->second;
    else r = SarifRule{f.rule_id, f.message, f.severity, f.cwe, f.fix_hint, {}, {}};
    index[f.rule_id] = static_cast<int>(rules.size());
    rules.push_back(rule_json(r));
  }
  json results = json::array();
  for (const Finding& f : findings_) {
    std::string text = f.message.empty() ? f.rule_id : f.message;
    if (!f.fix_hint.empty()) text += ". Fix: " + f.fix_hint;
    json region = {{"startLine", f.line > 0 ? f.line : 1}};
    if (f.column > 0) region["startColumn"] = f.column;
    if (!f.excerpt.empty()) region["snippet"] = {{"text", f.excerpt}};
    json result = {
        {"ruleId", f.rule_id},
        {"ruleIndex", index[f.rule_id]},
        {"level", f.advisory.empty() ? sarif_level(f.severity) : std::string("note")},
        {"message", {{"text", text}}},
        {"locations",
         json::array({{{"physicalLocation",
                        {{"artifactLocation", {{"uri", sarif_uri(f.file)}, {"uriBaseId", "%SRCROOT%"}}},
                         {"region", region}}}}})},
        {"partialFingerprints", {{"hookagentFingerprint/v1", f.fingerprint}}},
        {"properties", {{"severity", std::string(to_string(f.severity))}, {"category", f.category}}},
    };
    if (!f.commit.empty()) result["properties"]["commit"] = f.commit;
    if (!f.advisory.empty()) result["properties"]["advisory"] = f.advisory;
    if (!f.decoded.empty()) result["properties"]["decoded"] = f.decoded;
    results.push_back(std::move(result));
  }
  json notes = json::array();
  for (const auto& n : summary.notes) notes.push_back({{"level", "note"}, {"message", {{"text", n}}}});
  json run = {
      {"tool",
       {{"driver",
         {{"name", "hookagent"},
          {"version", version_},
          {"semanticVersion", version_},
          {"informationUri", kInfoUri},
          {"rules", rules}}}}},
      {"results", results},
      {"invocations",
       json::array({{{"executionSuccessful", true}, {"toolExecutionNotifications", notes}}})},
  };
  json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({run})},
  };
  out_ << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace hookagent
