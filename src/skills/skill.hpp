#pragma once
// A Claude Code SKILL.md: YAML frontmatter plus a Markdown body (DESIGN §5).
// yaml-cpp is used only inside src/skills/; this header does not expose it.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace hookagent {

// Where a skill was found, in discovery order (DESIGN §5: first name wins).
enum class SkillSource { Config, RepoHookagent, RepoClaude, RepoAgents, UserClaude, Bundled };
std::string_view to_string(SkillSource s);  // "config", "repo:.hookagent", ..., "bundled"

struct Skill {
  std::string name;
  std::string description;
  std::vector<std::string> allowed_tools;     // permission rule strings, e.g. "Bash(git diff *)"
  std::vector<std::string> disallowed_tools;  // deny rules the skill puts on itself
  std::string model;                          // empty = the provider's default
  std::string license;
  std::map<std::string, std::string> metadata;    // `metadata:` mapping: scalars as text, others as JSON
  std::string metadata_text;                      // `metadata:` in any shape, as JSON (scalars as strings)
  std::string body;                               // Markdown after the frontmatter, LF line ends
  std::filesystem::path dir;                      // folder holding SKILL.md and supporting files
  std::filesystem::path file;                     // the SKILL.md itself
  SkillSource source = SkillSource::Bundled;
  std::map<std::string, std::string> extra_keys;  // unknown frontmatter keys, kept (YAML text)
  std::vector<std::string> warnings;              // "file:line: what" lines; never fatal
};

// Parses SKILL.md text. `file` is only used for error and warning locations
// ("file:line: reason") and to fill Skill::file/dir.
Result<Skill> parse_skill(std::string_view text, const std::filesystem::path& file);
// Reads and parses one SKILL.md (or the SKILL.md inside a folder).
Result<Skill> load_skill(const std::filesystem::path& path);

// One place skills are looked for, and which source it counts as.
struct SkillRoot {
  std::filesystem::path dir;  // holds <name>/SKILL.md folders (or is itself a skill folder)
  SkillSource source;
};

// The roots of DESIGN §5 in order: config paths (relative ones against the
// work tree), <repo>/.hookagent/skills, <repo>/.claude/skills,
// <repo>/.agents/skills, ~/.claude/skills ($HOME), data_dir()/skills.
// `work_tree` may be empty (bare repo): the repo roots are left out.
std::vector<SkillRoot> default_skill_roots(const std::vector<std::string>& config_paths,
                                           const std::filesystem::path& work_tree);

struct SkillCatalog {
  std::vector<Skill> skills;          // sorted by name; the first found of each name
  std::vector<Error> broken;          // skills that failed to load, skipped (never fatal)
  std::vector<Skill> shadowed;        // later skills with a name already taken

  const Skill* find(std::string_view name) const;
};

// Walks the roots in order; the first skill of a name wins. Never fails: a
// broken SKILL.md lands in `broken` with file:line and the reason.
SkillCatalog discover_skills(const std::vector<SkillRoot>& roots);

}  // namespace hookagent
