// Read: one file of the snapshot, line-numbered like `cat -n`, with an
// optional 1-based offset and a line limit, as Claude Code's Read does.
#include "agent/tools/tool.hpp"
#include "agent/tools/tool_input.hpp"

namespace hookagent::agent {

namespace {

constexpr long long kDefaultLimit = 2000;

class ReadTool : public Tool {
 public:
  ReadTool() {
    spec_.name = "Read";
    spec_.description =
        "Read a file of the change under review (the content being committed, not the work tree). "
        "Returns numbered lines. Use offset (1-based first line) and limit for large files.";
    spec_.input_schema = {
        {"type", "object"},
        {"properties",
         {{"file_path", {{"type", "string"}, {"description", "repo-relative path"}}},
          {"offset", {{"type", "integer"}, {"description", "first line to read, 1-based"}}},
          {"limit", {{"type", "integer"}, {"description", "number of lines to read"}}}}},
        {"required", {"file_path"}}};
  }
  const ToolSpec& spec() const override { return spec_; }

  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto raw = string_field(input, {"file_path", "path"});
    if (!raw) return {"Read needs a string file_path", true};
    std::string path = normalize_snapshot_path(*raw, ctx.work_tree.string());
    if (path.empty()) return {"path is outside the repository: " + *raw, true};
    auto content = ctx.snapshot->read_file(path);
    if (!content) return {"no such file in " + ctx.snapshot->describe() + ": " + path, true};
    if (content->find('\0') != std::string::npos)
      return {"binary file (" + std::to_string(content->size()) + " bytes): " + path, false};
    long long offset = std::max(1LL, int_field(input, "offset").value_or(1));
    long long limit = std::max(1LL, int_field(input, "limit").value_or(kDefaultLimit));
    std::string out;
    long long line_no = 1;
    size_t pos = 0;
    const std::string& text = *content;
    while (pos < text.size() && line_no < offset + limit) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      if (line_no >= offset) {
        std::string number = std::to_string(line_no);
        out += std::string(number.size() < 6 ? 6 - number.size() : 0, ' ') + number + '\t';
        out.append(text, pos, end - pos);
        out += '\n';
      }
      pos = end + 1;
      ++line_no;
    }
    if (out.empty()) return {"(no lines at offset " + std::to_string(offset) + "; the file is shorter)", false};
    return {cap_output(std::move(out), ctx.output_cap), false};
  }

 private:
  ToolSpec spec_;
};

}  // namespace

std::unique_ptr<Tool> make_read_tool() { return std::make_unique<ReadTool>(); }

}  // namespace hookagent::agent
