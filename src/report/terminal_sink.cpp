#include "report/terminal_sink.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <unistd.h>

namespace hookagent {
namespace {

std::string_view severity_colour(Severity s) {
  switch (s) {
    case Severity::Critical: return "1;31";
    case Severity::High: return "31";
    case Severity::Medium: return "33";
    case Severity::Low: return "36";
    case Severity::Info: return "2";
  }
  return "0";
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string location(const Finding& f) {
  std::string loc = f.file.empty() ? "(no file)" : f.file;
  if (f.line > 0) loc += ":" + std::to_string(f.line);
  if (f.line > 0 && f.column > 0) loc += ":" + std::to_string(f.column);
  return loc;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

// "3 findings (1 critical, 2 high)"
std::string counted(const std::vector<Finding>& findings) {
  std::map<int, std::size_t, std::greater<>> by_severity;
  for (auto& f : findings) ++by_severity[static_cast<int>(f.severity)];
  std::string out = plural(findings.size(), "finding");
  if (findings.empty()) return out;
  out += " (";
  bool first = true;
  for (auto& [sev, n] : by_severity) {
    out += (first ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(static_cast<Severity>(sev)));
    first = false;
  }
  return out + ")";
}

}  // namespace

bool should_use_color(bool no_color_flag, int fd) {
  if (no_color_flag) return false;
  if (const char* nc = std::getenv("NO_COLOR"); nc && *nc) return false;
  return ::isatty(fd) == 1;
}

std::string TerminalSink::paint(std::string_view text, std::string_view code) const {
  if (!options_.color) return std::string(text);
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

void TerminalSink::finding(const Finding& f) { findings_.push_back(f); }

void TerminalSink::finish(const RunSummary& summary) {
  // Files in the order their first finding arrived; findings by position inside a file.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Finding*>> by_file;
  for (auto& f : findings_) {
    auto [it, inserted] = by_file.try_emplace(f.file);
    if (inserted) order.push_back(f.file);
    it->second.push_back(&f);
  }
  for (auto& file : order) {
    auto& list = by_file[file];
    std::stable_sort(list.begin(), list.end(), [](const Finding* a, const Finding* b) {
      return std::pair(a->line, a->column) < std::pair(b->line, b->column);
    });
    print_file(file, list);
  }
  if (!options_.quiet) {
    for (auto& note : summary.notes) out_ << paint("note: ", "2") << note << "\n";
    if (!summary.agent_summary.empty()) {
      out_ << paint("agent summary:", "1") << "\n";
      std::size_t start = 0;
      while (start < summary.agent_summary.size()) {
        auto nl = summary.agent_summary.find('\n', start);
        if (nl == std::string::npos) nl = summary.agent_summary.size();
        out_ << "  " << summary.agent_summary.substr(start, nl - start) << "\n";
        start = nl + 1;
      }
    }
  }
  print_verdict(summary);
  out_.flush();
}

void TerminalSink::print_file(const std::string& file, const std::vector<const Finding*>& findings) {
  if (!options_.quiet)
    out_ << paint(file.empty() ? "(no file)" : file, "1") << " (" << plural(findings.size(), "finding") << ")\n";
  for (auto* f : findings) print_finding(*f);
  if (!options_.quiet) out_ << "\n";
}

void TerminalSink::print_finding(const Finding& f) {
  std::string indent = options_.quiet ? "" : "  ";
  out_ << indent << location(f) << ": " << paint(upper(to_string(f.severity)), severity_colour(f.severity)) << " "
       << paint(f.rule_id, "1") << ": " << f.message;
  if (!f.cwe.empty()) out_ << " (" << f.cwe << ")";
  if (f.source == FindingSource::Agent) {
    int percent = static_cast<int>(f.confidence * 100 + 0.5);
    out_ << " [agent, confidence " << percent << "%]";
  }
  // History and range scans: which commit added it (the file may look clean today).
  if (!f.commit.empty()) out_ << " [commit " << f.commit.substr(0, 12) << "]";
  if (!f.decoded.empty()) out_ << " [decoded from " << f.decoded << "]";
  if (!f.advisory.empty()) out_ << " [advisory, does not block: " << f.advisory << "]";
  out_ << "\n";
  if (options_.quiet) return;
  if (!f.excerpt.empty()) out_ << "      " << paint("| ", "2") << f.excerpt << "\n";
  if (!f.fix_hint.empty()) out_ << "      fix: " << f.fix_hint << "\n";
  if (!options_.suppress.empty()) {
    std::string text = options_.suppress;
    if (auto at = text.find("{fingerprint}"); at != std::string::npos)
      text.replace(at, 13, f.fingerprint.empty() ? std::string("its fingerprint") : f.fingerprint);
    out_ << "      suppress: " << text << "\n";
    return;
  }
  out_ << "      suppress: add `hookagent:allow` to the line";
  if (!f.fingerprint.empty()) out_ << ", or add " << f.fingerprint << " to .hookagentignore";
  out_ << "\n";
}

void TerminalSink::print_verdict(const RunSummary& summary) {
  std::string scope = summary.scope.empty() ? "" : " in " + summary.scope;
  std::string scanned;
  if (summary.files_scanned > 0 || summary.files_skipped > 0) {
    scanned = " (" + plural(static_cast<std::size_t>(summary.files_scanned), "file") + " scanned";
    if (summary.files_skipped > 0) scanned += ", " + std::to_string(summary.files_skipped) + " skipped";
    scanned += ")";
  }
  auto threshold = parse_severity(summary.block_threshold);
  std::size_t at_threshold = 0;
  if (threshold)
    at_threshold = static_cast<std::size_t>(
        std::count_if(findings_.begin(), findings_.end(), [&](const Finding& f) { return blocks(f, *threshold); }));
  std::string what = findings_.empty() ? "no findings" : counted(findings_);
  if (summary.blocked) {
    std::string why = threshold ? "; " + std::to_string(at_threshold) + " at or above " + summary.block_threshold : "";
    out_ << paint("hookagent: blocked", "1;31") << ": " << what << scope << scanned << why << "\n";
    return;
  }
  std::string tail;
  if (!findings_.empty())
    tail = threshold ? "; none at or above " + summary.block_threshold : "; this hook does not block";
  out_ << paint("hookagent: passed", "32") << ": " << what << scope << scanned << tail << "\n";
}

}  // namespace hookagent
