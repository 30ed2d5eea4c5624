// Reading the inputs of `report merge`: JSON with positions in its errors, and
// each input as SARIF 2.1.0 runs (our own JSON report converted on the way).
#include <sstream>

#include "report/json_sink.hpp"
#include "report/merge.hpp"
#include "report/sarif_sink.hpp"

namespace hookagent {
namespace {
using nlohmann::json;

// "line L, column C" of a byte offset (nlohmann reports the offset after the fault).
std::string position_of(const std::string& text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

// Our `scan --format json` output, through the same SARIF writer as `scan --format sarif`.
Result<json> sarif_from_findings(const MergeInput& input, const json& doc, const std::string& tool_version) {
  std::ostringstream out;
  SarifSink sink(out, {}, tool_version);
  std::size_t index = 0;
  for (const auto& item : doc.at("findings")) {
    auto f = finding_from_json(item);
    if (!f)
      return fail(ErrorKind::Usage, "finding " + std::to_string(index) + " cannot be read: " + f.error().what,
                  input.name, f.error().hint);
    sink.finding(*f);
    ++index;
  }
  RunSummary summary;
  if (doc.contains("summary") && doc["summary"].is_object() && doc["summary"].contains("notes") &&
      doc["summary"]["notes"].is_array())
    for (const auto& n : doc["summary"]["notes"])
      if (n.is_string()) summary.notes.push_back(n.get<std::string>());
  sink.finish(summary);
  return json::parse(out.str());
}

}  // namespace

Result<json> parse_report(const MergeInput& input) {
  try {
    return json::parse(input.text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> the part after ": ".
    auto colon = what.find(": ");
    // A report that stops early (empty, or cut off) is a job killed while writing it.
    const bool cut_off = input.text.find_first_not_of(" \t\r\n") == std::string::npos || e.byte >= input.text.size();
    return fail(ErrorKind::Usage,
                "malformed JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)),
                input.name + ":" + position_of(input.text, e.byte),
                cut_off ? "the report is empty or cut off: the job that wrote it did not finish; re-run that job, "
                          "or merge the others without this file"
                        : "each input must be a SARIF file or a `hookagent scan --format json` output");
  }
}

std::vector<json> runs_of(const MergeInput& input, const json& doc, const std::string& tool_version,
                          std::vector<std::string>& notes) {
  std::vector<json> runs;
  if (doc.is_object() && doc.contains("findings") && doc["findings"].is_array()) {
    auto sarif = sarif_from_findings(input, doc, tool_version);
    if (!sarif) {
      notes.push_back(sarif.error().message() + ": not merged");
      return runs;
    }
    return (*sarif)["runs"].get<std::vector<json>>();
  }
  if (!doc.is_object() || !doc.contains("runs") || !doc["runs"].is_array()) {
    notes.push_back(input.name + ": neither SARIF (no \"runs\") nor a hookagent JSON report (no \"findings\"): not merged");
    return runs;
  }
  const std::string version = doc.value("version", std::string("(none)"));
  if (version != "2.1.0") {
    notes.push_back(input.name + ": SARIF version " + version +
                    " cannot be merged into 2.1.0: not merged (re-run that job with a current hookagent)");
    return runs;
  }
  std::size_t i = 0;
  for (const auto& run : doc["runs"]) {
    const json* driver = run.is_object() && run.contains("tool") && run["tool"].is_object() &&
                                 run["tool"].contains("driver") && run["tool"]["driver"].is_object()
                             ? &run["tool"]["driver"]
                             : nullptr;
    if (!driver || !driver->contains("name") || !(*driver)["name"].is_string()) {
      notes.push_back(input.name + ": run " + std::to_string(i) + " names no tool.driver.name: not merged");
    } else if (run.contains("results") && !run["results"].is_array()) {
      notes.push_back(input.name + ": run " + std::to_string(i) + " has results that are not a list: not merged");
    } else {
      runs.push_back(run);
    }
    ++i;
  }
  return runs;
}

}  // namespace hookagent
