// Joining SARIF runs (see merge.hpp).
#include "report/merge.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hookagent {
namespace {
using nlohmann::json;

std::string driver_field(const json& run, const char* key) {
  const json& d = run["tool"]["driver"];
  return d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : std::string();
}

// Newer first: "0.10.0" after "0.9.1"; parts compared as numbers where they are.
bool newer(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    std::size_t ei = std::min(a.find('.', i), a.size()), ej = std::min(b.find('.', j), b.size());
    std::string pa = i < a.size() ? a.substr(i, ei - i) : "0", pb = j < b.size() ? b.substr(j, ej - j) : "0";
    bool na = !pa.empty() && std::all_of(pa.begin(), pa.end(), ::isdigit);
    bool nb = !pb.empty() && std::all_of(pb.begin(), pb.end(), ::isdigit);
    if (na && nb && std::stoull(pa) != std::stoull(pb)) return std::stoull(pa) > std::stoull(pb);
    if (!(na && nb) && pa != pb) return pa > pb;
    i = ei + 1;
    j = ej + 1;
  }
  return false;
}

// What makes two results the same finding: the rule, the fingerprints the tool
// gave it, and the commit (one secret added in two commits is two findings).
// Without fingerprints, where it points and what it says.
std::string result_key(const json& r, const std::string& rule_id) {
  std::string key = rule_id + "\n";
  if (r.contains("partialFingerprints") && r["partialFingerprints"].is_object() && !r["partialFingerprints"].empty()) {
    key += r["partialFingerprints"].dump();
  } else if (r.contains("fingerprints") && r["fingerprints"].is_object() && !r["fingerprints"].empty()) {
    key += r["fingerprints"].dump();
  } else {
    key += r.value("locations", json::array()).dump() + "\n" + r.value("message", json::object()).dump();
  }
  if (r.contains("properties") && r["properties"].is_object() && r["properties"].contains("commit"))
    key += "\n" + r["properties"]["commit"].dump();
  return key;
}

struct RunGroup {
  std::string tool;
  std::vector<json> runs;  // newest tool version first
};

json merge_group(RunGroup& group, MergeOutcome& out) {
  std::stable_sort(group.runs.begin(), group.runs.end(), [](const json& a, const json& b) {
    return newer(driver_field(a, "version"), driver_field(b, "version"));
  });
  json merged = group.runs.front();
  std::set<std::string> versions;
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  std::map<std::string, std::string> rule_version;
  json results = json::array();
  std::set<std::string> seen;
  bool successful = true;
  json notifications = json::array();
  std::set<std::string> notified;

  for (const json& run : group.runs) {
    const std::string version = driver_field(run, "version");
    if (!version.empty()) versions.insert(version);
    const json run_rules = run["tool"]["driver"].value("rules", json::array());
    for (const json& rule : run_rules) {
      if (!rule.is_object() || !rule.contains("id") || !rule["id"].is_string()) continue;
      const std::string id = rule["id"];
      auto it = rule_index.find(id);
      if (it == rule_index.end()) {
        rule_index[id] = rules.size();
        rule_version[id] = version;
        rules.push_back(rule);
      } else if (rules[it->second] != rule && rule_version[id] != version) {
        out.notes.push_back(group.tool + ": rule " + id + " differs between versions " + rule_version[id] + " and " +
                            version + ": kept " + rule_version[id] + "'s description");
      }
    }
    for (json r : run.value("results", json::array())) {
      if (!r.is_object()) continue;
      std::string id = r.contains("ruleId") && r["ruleId"].is_string() ? r["ruleId"].get<std::string>() : "";
      if (id.empty() && r.contains("ruleIndex") && r["ruleIndex"].is_number_unsigned() &&
          r["ruleIndex"].get<std::size_t>() < run_rules.size())
        id = run_rules[r["ruleIndex"].get<std::size_t>()].value("id", "");
      if (!seen.insert(result_key(r, id)).second) {
        ++out.duplicates;
        continue;
      }
      if (!id.empty()) {
        if (!rule_index.count(id)) {  // a result of a rule its run did not describe
          rule_index[id] = rules.size();
          rules.push_back({{"id", id}});
        }
        r["ruleId"] = id;
        r["ruleIndex"] = rule_index[id];
        if (r.contains("rule") && r["rule"].is_object()) r["rule"]["index"] = rule_index[id];
      }
      results.push_back(std::move(r));
    }
    for (const json& inv : run.value("invocations", json::array())) {
      if (!inv.is_object()) continue;
      successful = successful && inv.value("executionSuccessful", true);
      for (const json& n : inv.value("toolExecutionNotifications", json::array()))
        if (notified.insert(n.dump()).second) notifications.push_back(n);
    }
  }
  if (versions.size() > 1) {
    std::string list;
    for (auto v = versions.rbegin(); v != versions.rend(); ++v) list += (list.empty() ? "" : ", ") + *v;
    out.notes.push_back(group.tool + ": runs of versions " + list + " merged into one run");
  }
  merged["tool"]["driver"]["rules"] = rules;
  out.results += static_cast<int>(results.size());
  merged["results"] = std::move(results);
  merged["invocations"] =
      json::array({{{"executionSuccessful", successful}, {"toolExecutionNotifications", notifications}}});
  return merged;
}

}  // namespace

Result<MergeOutcome> merge_reports(const std::vector<MergeInput>& inputs, const std::string& tool_version) {
  MergeOutcome out;
  std::vector<RunGroup> groups;  // in the order tools first appear
  for (const auto& input : inputs) {
    auto doc = parse_report(input);
    if (!doc) return std::unexpected(doc.error());
    const std::size_t notes_before = out.notes.size();
    auto input_runs = runs_of(input, *doc, tool_version, out.notes);
    if (input_runs.empty() && out.notes.size() > notes_before) ++out.inputs_left_out;
    for (json& run : input_runs) {
      const std::string tool = driver_field(run, "name");
      auto g = std::find_if(groups.begin(), groups.end(), [&](const RunGroup& x) { return x.tool == tool; });
      if (g == groups.end()) g = groups.insert(groups.end(), RunGroup{tool, {}});
      g->runs.push_back(std::move(run));
    }
  }
  json runs = json::array();
  for (auto& g : groups) runs.push_back(merge_group(g, out));
  if (!runs.empty() && !out.notes.empty()) {  // what was left out travels with the log, too
    json& n = runs[0]["invocations"][0]["toolExecutionNotifications"];
    for (const auto& note : out.notes) n.push_back({{"level", "warning"}, {"message", {{"text", "report merge: " + note}}}});
  }
  out.sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", runs}};
  return out;
}

}  // namespace hookagent
