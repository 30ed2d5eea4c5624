#include "report/csv_sink.hpp"

#include "report/gitleaks_fields.hpp"

namespace hookagent {
namespace {

// gitleaks' column order (report/csv.go).
constexpr std::string_view kHeader =
    "RuleID,Commit,File,SymlinkFile,Secret,Match,StartLine,EndLine,StartColumn,EndColumn,"
    "Author,Message,Date,Email,Fingerprint,Tags";

void write_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
  // LF, as gitleaks' Go csv.Writer writes by default; RFC 4180 readers accept it.
  out << "\n";
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CsvSink::finish(const RunSummary&) {
  out_ << kHeader << "\n";
  for (const auto& f : findings_) {
    write_row(out_, {f.rule_id, f.commit, f.file, "", masked_secret(f), f.excerpt, std::to_string(f.line),
                     std::to_string(f.line), std::to_string(f.column), "0", "", "", "", "",
                     gitleaks_fingerprint(f), ""});
  }
  out_.flush();
}

}  // namespace hookagent
