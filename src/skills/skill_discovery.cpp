// Finding skills in the places DESIGN §5 names, first name wins.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/paths.hpp"
#include "skills/skill.hpp"

namespace hookagent {
namespace fs = std::filesystem;

std::string_view to_string(SkillSource s) {
  switch (s) {
    case SkillSource::Config: return "config";
    case SkillSource::RepoHookagent: return "repo:.hookagent/skills";
    case SkillSource::RepoClaude: return "repo:.claude/skills";
    case SkillSource::RepoAgents: return "repo:.agents/skills";
    case SkillSource::UserClaude: return "user:~/.claude/skills";
    case SkillSource::Bundled: return "bundled";
  }
  return "unknown";
}

const Skill* SkillCatalog::find(std::string_view name) const {
  for (const auto& s : skills)
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<SkillRoot> default_skill_roots(const std::vector<std::string>& config_paths,
                                           const fs::path& work_tree) {
  std::vector<SkillRoot> roots;
  for (const auto& p : config_paths) {
    fs::path path = p;
    if (p.starts_with("~/")) {
      if (const char* home = std::getenv("HOME"); home && *home) path = fs::path(home) / p.substr(2);
    } else if (path.is_relative() && !work_tree.empty()) {
      path = work_tree / path;
    }
    roots.push_back({path, SkillSource::Config});
  }
  if (!work_tree.empty()) {
    roots.push_back({work_tree / ".hookagent" / "skills", SkillSource::RepoHookagent});
    roots.push_back({work_tree / ".claude" / "skills", SkillSource::RepoClaude});
    roots.push_back({work_tree / ".agents" / "skills", SkillSource::RepoAgents});
  }
  if (const char* home = std::getenv("HOME"); home && *home)
    roots.push_back({fs::path(home) / ".claude" / "skills", SkillSource::UserClaude});
  roots.push_back({data_dir() / "skills", SkillSource::Bundled});
  return roots;
}

namespace {

// The SKILL.md files under one root, in a stable (sorted) order. A root may be
// a folder of skill folders, one skill folder, or a SKILL.md itself.
std::vector<fs::path> skill_files_under(const fs::path& root) {
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) return {root};
  if (fs::is_regular_file(root / "SKILL.md", ec)) return {root / "SKILL.md"};
  std::vector<fs::path> files;
  if (!fs::is_directory(root, ec)) return files;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (it->is_directory(e2) && fs::is_regular_file(it->path() / "SKILL.md", e2))
      files.push_back(it->path() / "SKILL.md");
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

SkillCatalog discover_skills(const std::vector<SkillRoot>& roots) {
  SkillCatalog catalog;
  std::set<std::string> taken;
  std::set<fs::path> seen_files;  // the same folder named twice (config + default) loads once
  for (const auto& root : roots) {
    for (const auto& file : skill_files_under(root.dir)) {
      std::error_code ec;
      const fs::path canonical = fs::weakly_canonical(file, ec);
      if (!seen_files.insert(ec ? file : canonical).second) continue;
      auto skill = load_skill(file);
      if (!skill) {
        catalog.broken.push_back(skill.error());
        continue;
      }
      skill->source = root.source;
      if (taken.insert(skill->name).second) {
        catalog.skills.push_back(std::move(*skill));
      } else {
        catalog.shadowed.push_back(std::move(*skill));
      }
    }
  }
  std::sort(catalog.skills.begin(), catalog.skills.end(),
            [](const Skill& a, const Skill& b) { return a.name < b.name; });
  return catalog;
}

}  // namespace hookagent
