#include "report/note_entry.hpp"

#include <algorithm>
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
  if (!e.key.empty()) j["key"] = e.key;
  // error_handler::replace: a summary with invalid UTF-8 must not abort a note.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

constexpr std::string_view kHeadlinePrefix = "[hookagent] ";
constexpr std::size_t kHeadlineDetail = 160;  // characters of summary or message shown

// One line of at most `limit` bytes: control characters become spaces, runs of
// spaces collapse, and a cut never splits a UTF-8 sequence.
std::string one_line(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : text) {
    char d = static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += d;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() <= limit) return out;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

}  // namespace

std::string severity_counts(const std::vector<Finding>& findings) {
  std::string counts;
  for (int s = static_cast<int>(Severity::Critical); s >= static_cast<int>(Severity::Info); --s) {
    auto n = std::count_if(findings.begin(), findings.end(),
                           [s](const Finding& f) { return static_cast<int>(f.severity) == s; });
    if (n > 0) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " +
                         std::string(to_string(static_cast<Severity>(s)));
  }
  return counts;
}

namespace {

std::string verdict(const NoteEntry& e) {
  if (e.status == "error" || e.status == "skipped" || e.findings.empty()) return e.status.empty() ? "pass" : e.status;
  std::string text = std::to_string(e.findings.size()) + (e.findings.size() == 1 ? " finding" : " findings");
  return text + " (" + severity_counts(e.findings) + ")";
}

std::string detail(const NoteEntry& e) {
  if (e.findings.empty() || e.status == "error") return one_line(e.summary, kHeadlineDetail);
  const Finding* worst = &e.findings.front();
  for (const auto& f : e.findings)
    if (f.severity > worst->severity) worst = &f;
  std::string where = worst->file.empty() ? std::string("(change)") : worst->file;
  if (worst->line > 0) where += ":" + std::to_string(worst->line);
  std::string text = where + ": " + one_line(worst->message, kHeadlineDetail);
  if (e.findings.size() > 1) text += " (+" + std::to_string(e.findings.size() - 1) + " more)";
  return text;
}

}  // namespace

std::string note_entry_headline(const NoteEntry& e) {
  std::string line = std::string(kHeadlinePrefix) + one_line(e.skill, 64) + ": " + verdict(e);
  std::string d = detail(e);
  if (!d.empty()) line += " - " + d;
  std::string about = one_line(e.hook, 32) + ", " + one_line(e.model, 64) + ", " + one_line(e.time, 32);
  if (e.usage.cached) about += ", cached";
  else if (e.usage.input_tokens + e.usage.output_tokens > 0)
    about += ", " + std::to_string(e.usage.input_tokens + e.usage.output_tokens) + " tokens";
  return line + " (" + about + ")";
}

bool is_note_headline(std::string_view line) { return line.starts_with(kHeadlinePrefix); }

std::vector<std::string> note_entry_lines(const NoteEntry& e) { return {note_entry_headline(e), note_entry_to_line(e)}; }

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
  e.key = j.value("key", "");
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
