// report_finding: the ONLY way the agent reports a problem (DESIGN §7), so
// nothing depends on parsing prose. Each call becomes one Finding with
// source Agent and rule_id = the skill's name.
#include <algorithm>

#include "agent/tools/report_finding.hpp"
#include "agent/tools/tool.hpp"
#include "agent/tools/tool_input.hpp"

namespace hookagent::agent {

namespace {

class ReportFindingTool : public Tool {
 public:
  ReportFindingTool() {
    spec_.name = "report_finding";
    spec_.description =
        "Report one problem in the change under review. Call once per problem; the final text of your "
        "answer is only a summary and is not parsed for findings.";
    spec_.input_schema = {
        {"type", "object"},
        {"properties",
         {{"file", {{"type", "string"}, {"description", "repo-relative path"}}},
          {"line", {{"type", "integer"}, {"description", "1-based line in the new file; 0 for the whole file"}}},
          {"severity", {{"type", "string"}, {"enum", {"critical", "high", "medium", "low", "info"}}}},
          {"category", {{"type", "string"}, {"description", "e.g. injection, secret, bug, style"}}},
          {"message", {{"type", "string"}, {"description", "what is wrong and why it matters"}}},
          {"confidence", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
          {"fix", {{"type", "string"}, {"description", "how to fix it"}}}}},
        {"required", {"file", "severity", "message"}}};
  }
  const ToolSpec& spec() const override { return spec_; }

  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto finding = finding_from_report(input, ctx.skill_name, ctx.commit);
    if (!finding) return {finding.error().what, true};
    if (ctx.findings) ctx.findings->push_back(*finding);
    return {"recorded", false};
  }

 private:
  ToolSpec spec_;
};

}  // namespace

Result<Finding> finding_from_report(const nlohmann::json& input, const std::string& skill, const std::string& commit) {
  auto file = string_field(input, {"file", "file_path", "path"});
  auto message = string_field(input, {"message"});
  auto severity_text = string_field(input, {"severity"});
  if (!file || !message || !severity_text)
    return fail(ErrorKind::Usage, "report_finding needs file, severity and message (strings)");
  auto severity = parse_severity(*severity_text);
  if (!severity)
    return fail(ErrorKind::Usage, "severity must be one of critical, high, medium, low, info; got \"" + *severity_text + "\"");
  Finding f;
  f.rule_id = skill;
  f.source = FindingSource::Agent;
  f.file = *file;
  while (f.file.starts_with("./")) f.file.erase(0, 2);
  f.line = static_cast<int>(std::clamp(int_field(input, "line").value_or(0), 0LL, 1LL << 30));
  f.severity = *severity;
  f.category = string_field(input, {"category"}).value_or("");
  f.message = *message;
  f.fix_hint = string_field(input, {"fix"}).value_or("");
  f.commit = commit;
  auto conf = input.find("confidence");
  if (conf != input.end() && conf->is_number()) f.confidence = std::clamp(conf->get<double>(), 0.0, 1.0);
  // Stable across runs of the same skill on the same spot, for .hookagentignore.
  f.fingerprint = skill + ":" + f.file + ":" + std::to_string(f.line) + ":" + f.category;
  return f;
}

std::unique_ptr<Tool> make_report_finding_tool() { return std::make_unique<ReportFindingTool>(); }

}  // namespace hookagent::agent
