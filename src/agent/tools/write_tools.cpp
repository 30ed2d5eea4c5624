// Edit and Write change the WORK TREE (never the index, never .git/). They
// are offered only when the skill and the hook policy grant them, and the gate
// still checks each call. Paths are resolved with symlinks followed and must
// stay inside the repository.
#include <fstream>
#include <sstream>

#include "agent/tools/tool.hpp"
#include "agent/tools/tool_input.hpp"

namespace hookagent::agent {

namespace {

namespace fs = std::filesystem;

// The absolute target inside the work tree, or an error line for the model.
Result<fs::path> writable_target(const std::string& raw, const ToolContext& ctx) {
  if (ctx.work_tree.empty()) return fail(ErrorKind::Usage, "no work tree to write to (bare repository)");
  std::string rel = normalize_snapshot_path(raw, ctx.work_tree.string());
  if (rel.empty()) return fail(ErrorKind::Usage, "path is outside the repository: " + raw);
  if (rel == ".git" || rel.starts_with(".git/")) return fail(ErrorKind::Usage, ".git/ is never written");
  std::error_code ec;
  fs::path root = fs::weakly_canonical(ctx.work_tree, ec);
  fs::path target = fs::weakly_canonical(ctx.work_tree / rel, ec);
  if (ec) return fail(ErrorKind::Usage, "cannot resolve " + raw + ": " + ec.message());
  auto [r, t] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  if (r != root.end()) return fail(ErrorKind::Usage, "path resolves outside the repository (symlink?): " + raw);
  fs::path inside = target.lexically_relative(root);
  if (!inside.empty() && *inside.begin() == ".git") return fail(ErrorKind::Usage, ".git/ is never written");
  return target;
}

Status write_whole(const fs::path& p, const std::string& content) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out || !(out << content)) return fail(ErrorKind::Io, "cannot write", p.string());
  return ok();
}

class WriteTool : public Tool {
 public:
  WriteTool() {
    spec_.name = "Write";
    spec_.description = "Write a whole file in the work tree (only where the hook policy allows).";
    spec_.input_schema = {{"type", "object"},
                          {"properties", {{"file_path", {{"type", "string"}}}, {"content", {{"type", "string"}}}}},
                          {"required", {"file_path", "content"}}};
  }
  const ToolSpec& spec() const override { return spec_; }
  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto path = string_field(input, {"file_path", "path"});
    auto content = string_field(input, {"content"});
    if (!path || !content) return {"Write needs string file_path and content", true};
    auto target = writable_target(*path, ctx);
    if (!target) return {target.error().what, true};
    if (auto s = write_whole(*target, *content); !s) return {s.error().message(), true};
    return {"wrote " + std::to_string(content->size()) + " bytes to " + *path, false};
  }

 private:
  ToolSpec spec_;
};

class EditTool : public Tool {
 public:
  EditTool() {
    spec_.name = "Edit";
    spec_.description = "Replace old_string by new_string in a work-tree file (only where the hook policy allows).";
    spec_.input_schema = {{"type", "object"},
                          {"properties",
                           {{"file_path", {{"type", "string"}}},
                            {"old_string", {{"type", "string"}}},
                            {"new_string", {{"type", "string"}}},
                            {"replace_all", {{"type", "boolean"}}}}},
                          {"required", {"file_path", "old_string", "new_string"}}};
  }
  const ToolSpec& spec() const override { return spec_; }
  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto path = string_field(input, {"file_path", "path"});
    auto from = string_field(input, {"old_string"});
    auto to = string_field(input, {"new_string"});
    if (!path || !from || !to || from->empty()) return {"Edit needs file_path, a non-empty old_string and new_string", true};
    auto target = writable_target(*path, ctx);
    if (!target) return {target.error().what, true};
    std::ifstream in(*target, std::ios::binary);
    if (!in) return {"no such file in the work tree: " + *path, true};
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    size_t first = text.find(*from);
    if (first == std::string::npos) return {"old_string not found in " + *path, true};
    bool all = bool_field(input, "replace_all");
    if (!all && text.find(*from, first + 1) != std::string::npos)
      return {"old_string occurs more than once in " + *path + "; give more context or set replace_all", true};
    int n = 0;
    for (size_t pos = first; pos != std::string::npos; pos = all ? text.find(*from, pos + to->size()) : std::string::npos) {
      text.replace(pos, from->size(), *to);
      ++n;
    }
    if (auto s = write_whole(*target, text); !s) return {s.error().message(), true};
    return {"replaced " + std::to_string(n) + " occurrence(s) in " + *path, false};
  }

 private:
  ToolSpec spec_;
};

}  // namespace

std::unique_ptr<Tool> make_write_tool() { return std::make_unique<WriteTool>(); }
std::unique_ptr<Tool> make_edit_tool() { return std::make_unique<EditTool>(); }

}  // namespace hookagent::agent
