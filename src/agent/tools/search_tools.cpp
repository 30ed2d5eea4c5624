// Glob and Grep over the snapshot (never the work tree). Grep uses RE2, so a
// pattern from the model runs in linear time whatever it is.
#include <re2/re2.h>

#include "agent/tools/glob_match.hpp"
#include "agent/tools/tool.hpp"
#include "agent/tools/tool_input.hpp"

namespace hookagent::agent {

namespace {

constexpr size_t kMaxGlobResults = 500;
constexpr size_t kMaxGrepLines = 300;

// The part of the snapshot a `path` input selects: a file, or a directory prefix.
bool under(const std::string& file, const std::string& dir) {
  return dir.empty() || file == dir || (file.size() > dir.size() && file.starts_with(dir) && file[dir.size()] == '/');
}

Result<std::string> scope_of(const nlohmann::json& input, const ToolContext& ctx) {
  auto raw = string_field(input, {"path"});
  if (!raw || raw->empty() || *raw == ".") return std::string{};
  std::string p = normalize_snapshot_path(*raw, ctx.work_tree.string());
  if (p.empty()) return fail(ErrorKind::Usage, "path is outside the repository: " + *raw);
  return p;
}

class GlobTool : public Tool {
 public:
  GlobTool() {
    spec_.name = "Glob";
    spec_.description = "List files of the change's snapshot matching a glob pattern (\"**/*.py\", \"src/*.{c,h}\").";
    spec_.input_schema = {{"type", "object"},
                          {"properties",
                           {{"pattern", {{"type", "string"}}},
                            {"path", {{"type", "string"}, {"description", "directory to search in"}}}}},
                          {"required", {"pattern"}}};
  }
  const ToolSpec& spec() const override { return spec_; }

  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto pattern = string_field(input, {"pattern"});
    if (!pattern) return {"Glob needs a string pattern", true};
    auto scope = scope_of(input, ctx);
    if (!scope) return {scope.error().what, true};
    GlobMatcher matcher(*pattern);
    if (!matcher.ok()) return {"invalid glob pattern: " + *pattern, true};
    std::string out;
    size_t n = 0;
    for (const auto& file : ctx.snapshot->list_files()) {
      if (!under(file, *scope) || (ctx.may_read && !ctx.may_read(file))) continue;
      std::string rel = scope->empty() ? file : file.substr(std::min(file.size(), scope->size() + 1));
      if (!matcher.matches(rel) && !matcher.matches(file)) continue;
      if (++n > kMaxGlobResults) {
        out += "[more files not shown]\n";
        break;
      }
      out += file + '\n';
    }
    if (out.empty()) return {"no files match " + *pattern, false};
    return {cap_output(std::move(out), ctx.output_cap), false};
  }

 private:
  ToolSpec spec_;
};

class GrepTool : public Tool {
 public:
  GrepTool() {
    spec_.name = "Grep";
    spec_.description =
        "Search file contents of the change's snapshot with a regular expression (RE2 syntax). "
        "Returns path:line:text, or only paths with output_mode \"files_with_matches\".";
    spec_.input_schema = {
        {"type", "object"},
        {"properties",
         {{"pattern", {{"type", "string"}}},
          {"path", {{"type", "string"}, {"description", "file or directory to search"}}},
          {"glob", {{"type", "string"}, {"description", "only files matching this glob"}}},
          {"-i", {{"type", "boolean"}, {"description", "case insensitive"}}},
          {"output_mode", {{"type", "string"}, {"enum", {"content", "files_with_matches", "count"}}}}}},
        {"required", {"pattern"}}};
  }
  const ToolSpec& spec() const override { return spec_; }

  ToolOutput run(const nlohmann::json& input, ToolContext& ctx) override {
    auto pattern = string_field(input, {"pattern"});
    if (!pattern) return {"Grep needs a string pattern", true};
    auto scope = scope_of(input, ctx);
    if (!scope) return {scope.error().what, true};
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(!bool_field(input, "-i") && !bool_field(input, "case_insensitive"));
    RE2 re(*pattern, options);
    if (!re.ok()) return {"invalid regular expression (RE2 syntax): " + re.error(), true};
    std::optional<GlobMatcher> glob;
    if (auto g = string_field(input, {"glob"})) glob.emplace(*g);
    std::string mode = string_field(input, {"output_mode"}).value_or("content");

    std::string out;
    size_t lines_out = 0;
    for (const auto& file : ctx.snapshot->list_files()) {
      if (!under(file, *scope) || (glob && !glob->matches(file))) continue;
      if (ctx.may_read && !ctx.may_read(file)) continue;
      auto content = ctx.snapshot->read_file(file);
      if (!content || content->find('\0') != std::string::npos) continue;
      size_t count = 0, pos = 0, line_no = 0;
      const std::string& text = *content;
      while (pos <= text.size() && lines_out < kMaxGrepLines) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        ++line_no;
        std::string_view line(text.data() + pos, end - pos);
        if (RE2::PartialMatch(line, re)) {
          ++count;
          if (mode == "content") {
            out += file + ":" + std::to_string(line_no) + ":" + std::string(line.substr(0, 400)) + "\n";
            ++lines_out;
          }
          if (mode == "files_with_matches") break;
        }
        if (end == text.size()) break;
        pos = end + 1;
      }
      if (count > 0 && mode == "files_with_matches") out += file + "\n", ++lines_out;
      if (count > 0 && mode == "count") out += file + ":" + std::to_string(count) + "\n", ++lines_out;
      if (lines_out >= kMaxGrepLines) {
        out += "[more matches not shown; narrow the pattern or path]\n";
        break;
      }
    }
    if (out.empty()) return {"no matches for " + *pattern, false};
    return {cap_output(std::move(out), ctx.output_cap), false};
  }

 private:
  ToolSpec spec_;
};

}  // namespace

std::unique_ptr<Tool> make_glob_tool() { return std::make_unique<GlobTool>(); }
std::unique_ptr<Tool> make_grep_tool() { return std::make_unique<GrepTool>(); }

}  // namespace hookagent::agent
