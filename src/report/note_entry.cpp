#include "report/note_entry.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

#include "report/json_sink.hpp"

namespace hookagent {
using nlohmann::json;

std::string iso8601_utc_now() {
  char buf[32];
  std::time_t now = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

std::string note_entry_to_line(const NoteEntry& e) {
  json findings = json::array();
  for (auto& f : e.findings) findings.push_back(finding_to_json(f));
  json j{{"v", e.v},
         {"tool", e.tool},
         {"skill", e.skill},
         {"hook", e.hook},
         {"commit", e.commit},
         {"tree", e.tree},
         {"time", e.time},
         {"model", e.model},
         {"status", e.status},
         {"findings", findings},
         {"summary", e.summary},
         {"usage",
          {{"input_tokens", e.usage.input_tokens},
           {"output_tokens", e.usage.output_tokens},
           {"cost_usd", e.usage.cost_usd},
           {"cached", e.usage.cached}}}};
  // error_handler::replace: a summary with invalid UTF-8 must not abort a note.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<NoteEntry> parse_note_line(const std::string& line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorKind::Io, "note line is not JSON", "", "it was not written by hookagent; it is kept as it is");
  if (j.value("tool", "") != "hookagent")
    return fail(ErrorKind::Io, "note line is not a hookagent review", "", "it is kept as it is");
  NoteEntry e;
  e.v = j.value("v", 1);
  e.skill = j.value("skill", "");
  e.hook = j.value("hook", "");
  e.commit = j.value("commit", "");
  e.tree = j.value("tree", "");
  e.time = j.value("time", "");
  e.model = j.value("model", "");
  e.status = j.value("status", "");
  e.summary = j.value("summary", "");
  if (auto it = j.find("findings"); it != j.end() && it->is_array())
    for (auto& fj : *it)
      if (auto f = finding_from_json(fj)) e.findings.push_back(*f);
  if (auto it = j.find("usage"); it != j.end() && it->is_object()) {
    e.usage.input_tokens = it->value("input_tokens", 0LL);
    e.usage.output_tokens = it->value("output_tokens", 0LL);
    e.usage.cost_usd = it->value("cost_usd", 0.0);
    e.usage.cached = it->value("cached", false);
  }
  return e;
}

}  // namespace hookagent
