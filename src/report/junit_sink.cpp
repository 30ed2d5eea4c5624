#include "report/junit_sink.hpp"

namespace hookagent {
namespace {

std::string location(const Finding& f) {
  std::string loc = f.file.empty() ? "(no file)" : f.file;
  if (f.line > 0) loc += ":" + std::to_string(f.line);
  return loc;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      // As character references, so a parser's attribute normalisation keeps them.
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += '?';
        else out += c;
    }
  }
  return out;
}

void JunitSink::finish(const RunSummary& summary) {
  const std::size_t failures = findings_.size();
  const std::size_t tests = failures == 0 ? 1 : failures;
  const std::string counts = " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\"";
  out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out_ << "<testsuites name=\"hookagent\"" << counts << ">\n";
  out_ << "  <testsuite name=\"hookagent\"" << counts << " errors=\"0\" skipped=\"0\">\n";
  if (findings_.empty()) {
    std::string scope = summary.scope.empty() ? "" : " in " + summary.scope;
    out_ << "    <testcase classname=\"hookagent\" name=\"" << xml_escape("no findings" + scope) << "\"/>\n";
  }
  for (const auto& f : findings_) write_failure(f);
  if (!summary.notes.empty()) {
    out_ << "    <system-out>";
    for (const auto& note : summary.notes) out_ << xml_escape(note) << "\n";
    out_ << "</system-out>\n";
  }
  out_ << "  </testsuite>\n</testsuites>\n";
  out_.flush();
}

void JunitSink::write_failure(const Finding& f) {
  const std::string where = location(f);
  const std::string headline = where + ": " + f.rule_id + ": " + f.message;
  out_ << "    <testcase classname=\"" << xml_escape(f.file.empty() ? "hookagent" : f.file) << "\" name=\""
       << xml_escape(f.rule_id + " at " + where) << "\">\n";
  out_ << "      <failure message=\"" << xml_escape(headline) << "\" type=\"" << xml_escape(std::string(to_string(f.severity)))
       << "\">" << xml_escape(headline) << "\n";
  out_ << "severity: " << xml_escape(std::string(to_string(f.severity))) << "\n";
  if (!f.commit.empty()) out_ << "commit: " << xml_escape(f.commit) << "\n";
  if (!f.excerpt.empty()) out_ << "excerpt: " << xml_escape(f.excerpt) << "\n";
  if (!f.fix_hint.empty()) out_ << "fix: " << xml_escape(f.fix_hint) << "\n";
  out_ << "</failure>\n    </testcase>\n";
}

}  // namespace hookagent
