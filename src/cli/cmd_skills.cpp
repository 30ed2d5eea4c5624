// `hookagent skills list|show NAME|check PATH`: what skills this repository
// sees, in discovery order (DESIGN §5), and whether one SKILL.md loads.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "skills/skill.hpp"

namespace hookagent::cli {
namespace fs = std::filesystem;

namespace {

// Skills are listed outside a repository too (user and bundled skills), and
// with a broken config: the config's skill paths are then left out, loudly.
SkillCatalog catalog_for(const CliState& state) {
  std::vector<std::string> config_paths;
  fs::path work_tree;
  if (auto paths = discover_repo_paths(start_dir(state)); paths) {
    work_tree = paths->work_tree;
    if (auto config = load_config(default_config_sources(*paths)); config) {
      config_paths = config->skill_paths;
    } else {
      std::cerr << "hookagent: warning: " << config.error().message() << "; listing without its skill paths\n";
    }
  }
  return discover_skills(default_skill_roots(config_paths, work_tree));
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

void print_problems(const SkillCatalog& catalog) {
  for (const auto& e : catalog.broken) std::cerr << "hookagent: skipped broken skill: " << e.message() << "\n";
  for (const auto& s : catalog.shadowed)
    std::cerr << "hookagent: note: " << s.file.string() << " (" << to_string(s.source) << ") is shadowed by an earlier skill named `"
              << s.name << "`\n";
}

int list_skills(const CliState& state) {
  const SkillCatalog catalog = catalog_for(state);
  if (catalog.skills.empty()) {
    std::cout << "no skills found (looked in .hookagent/skills, .claude/skills, .agents/skills, ~/.claude/skills and the bundled skills)\n";
  } else {
    std::size_t width = 4;
    for (const auto& s : catalog.skills) width = std::max(width, s.name.size());
    std::printf("%-*s  %-24s  %s\n", static_cast<int>(width), "NAME", "SOURCE", "TOOLS");
    for (const auto& s : catalog.skills) {
      std::string tools = s.allowed_tools.empty() ? "(none: only report_finding)" : join(s.allowed_tools, " ");
      if (!s.disallowed_tools.empty()) tools += "  deny: " + join(s.disallowed_tools, " ");
      std::printf("%-*s  %-24s  %s\n", static_cast<int>(width), s.name.c_str(),
                  std::string(to_string(s.source)).c_str(), tools.c_str());
    }
  }
  print_problems(catalog);
  return catalog.broken.empty() ? kExitPass : kExitUsage;
}

void print_skill(const Skill& s) {
  std::cout << "name: " << s.name << "\n"
            << "description: " << s.description << "\n"
            << "source: " << to_string(s.source) << " (" << s.file.string() << ")\n"
            << "allowed-tools: " << (s.allowed_tools.empty() ? "(none)" : join(s.allowed_tools, " ")) << "\n";
  if (!s.disallowed_tools.empty()) std::cout << "disallowed-tools: " << join(s.disallowed_tools, " ") << "\n";
  if (!s.model.empty()) std::cout << "model: " << s.model << "\n";
  if (!s.license.empty()) std::cout << "license: " << s.license << "\n";
  // Any shape (a mapping, a list, a string), as the JSON it was kept as.
  if (!s.metadata_text.empty()) std::cout << "metadata: " << s.metadata_text << "\n";
  for (const auto& [k, v] : s.extra_keys) std::cout << k << ": " << v << "\n";
  std::cout << "---\n" << s.body;
  if (!s.body.empty() && s.body.back() != '\n') std::cout << "\n";
}

int show_skill(const CliState& state, const std::string& name) {
  const SkillCatalog catalog = catalog_for(state);
  const Skill* s = catalog.find(name);
  if (!s) {
    for (const auto& e : catalog.broken)
      if (e.where.find("/" + name + "/") != std::string::npos) return report_error(e);
    std::string known;
    for (const auto& k : catalog.skills) known += (known.empty() ? "" : ", ") + k.name;
    return report_error(Error{ErrorKind::Usage, "no skill named `" + name + "`", "skills show",
                              known.empty() ? "no skills found" : "known skills: " + known});
  }
  print_skill(*s);
  for (const auto& w : s->warnings) std::cerr << "hookagent: warning: " << w << "\n";
  return kExitPass;
}

int check_one(const fs::path& p, const std::string& path) {
  auto skill = load_skill(p);
  if (!skill) {
    // `file:line: reason` first, so editors and CI can jump to it.
    const Error& e = skill.error();
    std::cerr << (e.where.empty() ? path : e.where) << ": " << e.what << "\n";
    if (!e.hint.empty()) std::cerr << "  hint: " << e.hint << "\n";
    return kExitUsage;
  }
  for (const auto& w : skill->warnings) std::cerr << "warning: " << w << "\n";
  std::cout << skill->file.string() << ": ok: skill `" << skill->name << "`, "
            << skill->allowed_tools.size() << " allowed tool rule(s), " << skill->body.size() << " bytes of instructions\n";
  return kExitPass;
}

// PATH may be one skill (its folder or SKILL.md) or a folder of skills, such
// as .claude/skills, so that CI can check them all in one call.
int check_skill(const CliState& state, const std::string& path) {
  fs::path p = path;
  if (p.is_relative()) p = start_dir(state) / p;
  std::error_code ec;
  if (!fs::is_directory(p, ec) || fs::exists(p / "SKILL.md", ec)) return check_one(p, path);
  std::vector<fs::path> folders;
  for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
    if (fs::exists(it->path() / "SKILL.md")) folders.push_back(it->path());
  if (folders.empty()) return check_one(p, path);  // reports "no SKILL.md here"
  std::sort(folders.begin(), folders.end());
  int worst = kExitPass;
  for (const auto& f : folders) worst = std::max(worst, check_one(f, f.string()));
  return worst;
}

}  // namespace

void register_skills(CLI::App& app, CliState& state) {
  auto* skills = app.add_subcommand("skills", "List, show and check SKILL.md skills");
  skills->require_subcommand(1);
  skills->add_subcommand("list", "List the skills this repository sees, first name wins")
      ->callback([&state] { state.exit_code = list_skills(state); });
  auto* show = skills->add_subcommand("show", "Print one skill's frontmatter and instructions");
  auto name = std::make_shared<std::string>();  // CLI11 keeps a pointer; the callback keeps it alive
  show->add_option("name", *name, "Skill name")->required();
  show->callback([&state, name] { state.exit_code = show_skill(state, *name); });
  auto* check = skills->add_subcommand("check", "Check that a SKILL.md (or a skill folder) loads; exit 2 if not");
  auto path = std::make_shared<std::string>();
  check->add_option("path", *path, "SKILL.md or its folder")->required();
  check->callback([&state, path] { state.exit_code = check_skill(state, *path); });
}

}  // namespace hookagent::cli
