// Discovery order (DESIGN §5: first name wins), broken skills skipped, the
// bundled skills, and `hookagent skills list|show|check` as the real binary.
#include <catch2/catch.hpp>

#include "skills/skill.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {
std::string skill_md(const std::string& name, const std::string& tools = "Read") {
  return "---\nname: " + name + "\ndescription: the " + name + " skill\nallowed-tools: " + tools + "\n---\nbody of " +
         name + "\n";
}
}  // namespace

TEST_CASE("discovery walks the roots in order and the first name wins") {
  TempDir dir;
  write_file(dir / "a/review/SKILL.md", skill_md("review", "Read"));
  write_file(dir / "b/review/SKILL.md", skill_md("review", "Bash"));
  write_file(dir / "b/other/SKILL.md", skill_md("other"));
  auto catalog = discover_skills({{dir / "a", SkillSource::RepoHookagent}, {dir / "b", SkillSource::RepoClaude}});
  REQUIRE(catalog.skills.size() == 2);
  const Skill* review = catalog.find("review");
  REQUIRE(review);
  CHECK(review->source == SkillSource::RepoHookagent);
  CHECK(review->allowed_tools == std::vector<std::string>{"Read"});
  REQUIRE(catalog.shadowed.size() == 1);
  CHECK(catalog.shadowed[0].source == SkillSource::RepoClaude);
  CHECK(catalog.find("other")->source == SkillSource::RepoClaude);
}

TEST_CASE("a broken skill is skipped with file:line, and the others still load") {
  TempDir dir;
  write_file(dir / "good/SKILL.md", skill_md("good"));
  write_file(dir / "bad/SKILL.md", "---\nname: bad\ndescription: [unclosed\n---\n");
  write_file(dir / "empty/SKILL.md", "");
  write_file(dir / "not-a-skill/README.md", "no SKILL.md here");
  auto catalog = discover_skills({{dir.path(), SkillSource::Config}});
  REQUIRE(catalog.skills.size() == 1);
  CHECK(catalog.skills[0].name == "good");
  REQUIRE(catalog.broken.size() == 2);
  CHECK(catalog.broken[0].where.find("bad/SKILL.md:") != std::string::npos);
}

TEST_CASE("default roots follow DESIGN §5: config, .hookagent, .claude, .agents, ~/.claude, bundled") {
  auto roots = default_skill_roots({"team-skills"}, "/repo");
  REQUIRE(roots.size() >= 5);
  CHECK(roots[0].dir == "/repo/team-skills");
  CHECK(roots[0].source == SkillSource::Config);
  CHECK(roots[1].dir == "/repo/.hookagent/skills");
  CHECK(roots[2].dir == "/repo/.claude/skills");
  CHECK(roots[3].dir == "/repo/.agents/skills");
  CHECK(roots.back().source == SkillSource::Bundled);
  auto bare = default_skill_roots({}, "");
  CHECK(bare.front().source != SkillSource::RepoHookagent);
}

TEST_CASE("the five bundled skills load, are read-heavy, and report through report_finding") {
  auto catalog = discover_skills({{source_root() / "skills", SkillSource::Bundled}});
  INFO((catalog.broken.empty() ? std::string() : catalog.broken[0].message()));
  CHECK(catalog.broken.empty());
  for (const char* name : {"security-scan", "code-review", "test-coverage", "docs-audit", "commit-message"}) {
    const Skill* s = catalog.find(name);
    INFO(name);
    REQUIRE(s);
    CHECK(s->warnings.empty());
    CHECK(s->body.find("report_finding") != std::string::npos);
    for (const auto& rule : s->allowed_tools) {
      INFO(rule);
      CHECK((rule == "Read" || rule == "Grep" || rule == "Glob" || rule.starts_with("Bash(git ")));
    }
  }
}

TEST_CASE("hookagent skills check: exit 0 when the skill loads, 2 with file:line when not") {
  GitRepo repo;
  repo.write("good/SKILL.md", skill_md("good"));
  repo.write("bad/SKILL.md", "---\nname: bad\ndescription: d\nallowed-tools: [Read\n---\n");
  auto ok = repo.hookagent("skills check good");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("ok") != std::string::npos);
  auto bad = repo.hookagent("skills check bad/SKILL.md");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad/SKILL.md:") != std::string::npos);
  CHECK(bad.err.find("broken YAML") != std::string::npos);
  auto none = repo.hookagent("skills check nowhere");
  CHECK(none.exit_code == 2);
}

TEST_CASE("hookagent skills check on a folder of skills checks each one") {
  GitRepo repo;
  repo.write(".claude/skills/good/SKILL.md", skill_md("good"));
  repo.write(".claude/skills/other/SKILL.md", skill_md("other"));
  auto ok = repo.hookagent("skills check .claude/skills");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("`good`") != std::string::npos);
  CHECK(ok.out.find("`other`") != std::string::npos);
  repo.write(".claude/skills/bad/SKILL.md", "---\nname: bad\n---\n");
  auto bad = repo.hookagent("skills check .claude/skills");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad/SKILL.md:2: frontmatter has no `description`") != std::string::npos);
  CHECK(bad.out.find("`good`") != std::string::npos);
}

TEST_CASE("an unclosed YAML flow points at the last frontmatter line, not the fence") {
  auto s = parse_skill("---\nname: a\ndescription: [oops\n---\nbody\n", "S.md");
  REQUIRE_FALSE(s);
  CHECK(s.error().where == "S.md:3");
}

TEST_CASE("hookagent skills list shows name, source and tools; a repo skill overrides a bundled one") {
  GitRepo repo;
  repo.write(".claude/skills/security-scan/SKILL.md", skill_md("security-scan", "Read Bash(git diff *)"));
  repo.write(".hookagent/skills/mine/SKILL.md", skill_md("mine", "Grep"));
  repo.write(".agents/skills/broken/SKILL.md", "---\nname: broken\ndescription: never closed\n");
  auto r = repo.hookagent("skills list");
  INFO(r.out << r.err);
  CHECK(r.out.find("security-scan") != std::string::npos);
  CHECK(r.out.find("repo:.claude/skills") != std::string::npos);
  CHECK(r.out.find("Read Bash(git diff *)") != std::string::npos);
  CHECK(r.out.find("mine") != std::string::npos);
  CHECK(r.out.find("code-review") != std::string::npos);  // bundled
  CHECK(r.out.find("bundled") != std::string::npos);
  CHECK(r.err.find("broken/SKILL.md:1") != std::string::npos);
  CHECK(r.exit_code == 2);  // something was skipped: say so in the exit code
}

TEST_CASE("hookagent skills show prints frontmatter and body; an unknown name is exit 2") {
  GitRepo repo;
  repo.write(".claude/skills/mine/SKILL.md", skill_md("mine", "Read Grep"));
  auto r = repo.hookagent("skills show mine");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("name: mine") != std::string::npos);
  CHECK(r.out.find("allowed-tools: Read Grep") != std::string::npos);
  CHECK(r.out.find("body of mine") != std::string::npos);
  // metadata in any shape is printed as the JSON it was kept as.
  repo.write(".claude/skills/meta/SKILL.md",
             "---\nname: meta\ndescription: d\nmetadata:\n  author: someone\n  tags: [a, b]\n---\nbody\n");
  auto meta = repo.hookagent("skills show meta");
  INFO(meta.out << meta.err);
  CHECK(meta.out.find(R"(metadata: {"author":"someone","tags":["a","b"]})") != std::string::npos);
  repo.write(".claude/skills/meta-list/SKILL.md", "---\nname: meta-list\ndescription: d\nmetadata: [x, y]\n---\n");
  CHECK(repo.hookagent("skills show meta-list").out.find(R"(metadata: ["x","y"])") != std::string::npos);
  auto missing = repo.hookagent("skills show nope");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("known skills") != std::string::npos);
}
