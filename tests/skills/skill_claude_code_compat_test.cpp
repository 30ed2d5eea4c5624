// SKILL.md shapes that Claude Code loads but strict parsing refused (issue 11):
// each is written as a real file, loaded, and checked for what Claude Code
// would make of it. Broken files must still be refused with file:line.
#include <catch2/catch.hpp>

#include "skills/skill.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::test;
using Rules = std::vector<std::string>;

namespace {
Skill load_ok(const TempDir& dir, const std::string& folder, const std::string& text) {
  write_file(dir / (folder + "/SKILL.md"), text);
  auto s = load_skill(dir / folder);
  INFO((s ? std::string("ok") : s.error().message()));
  REQUIRE(s.has_value());
  return *s;
}
Error load_bad(const TempDir& dir, const std::string& folder, const std::string& text) {
  write_file(dir / (folder + "/SKILL.md"), text);
  auto s = load_skill(dir / folder);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().kind == ErrorKind::Config);
  return s.error();
}
}  // namespace

TEST_CASE("a skill without name is named after its folder") {
  TempDir dir;
  auto s = load_ok(dir, "pdf-tools", "---\ndescription: Work with PDFs.\n---\nbody\n");
  CHECK(s.name == "pdf-tools");
  CHECK(s.description == "Work with PDFs.");
  CHECK(s.warnings.empty());
  auto blank = load_ok(dir, "blank-name", "---\nname:\ndescription: d\n---\n");
  CHECK(blank.name == "blank-name");
  auto quoted_blank = load_ok(dir, "quoted-blank", "---\nname: \"\"\ndescription: d\n---\n");
  CHECK(quoted_blank.name == "quoted-blank");
  // A folder name that is not conventional loads, with the usual warning.
  auto odd = load_ok(dir, "My_Skill", "---\ndescription: d\n---\n");
  CHECK(odd.name == "My_Skill");
  REQUIRE(odd.warnings.size() == 1);
  CHECK(odd.warnings[0].find("My_Skill/SKILL.md:2") != std::string::npos);
}

TEST_CASE("discovery finds a nameless skill under its folder name, and the name still shadows") {
  TempDir dir;
  write_file(dir / "a/review/SKILL.md", "---\ndescription: from a\n---\n");
  write_file(dir / "b/review/SKILL.md", "---\nname: review\ndescription: from b\n---\n");
  auto catalog = discover_skills({{dir / "a", SkillSource::RepoHookagent}, {dir / "b", SkillSource::RepoClaude}});
  REQUIRE(catalog.skills.size() == 1);
  CHECK(catalog.skills[0].name == "review");
  CHECK(catalog.skills[0].description == "from a");
  CHECK(catalog.shadowed.size() == 1);
  CHECK(catalog.broken.empty());
}

TEST_CASE("a skill without description is described by its first paragraph; with none it is refused at file:line") {
  TempDir dir;
  CHECK(load_ok(dir, "p", "---\nname: p\n---\n\n## Usage\nRun it\non staged files.\n").description ==
        "Run it on staged files.");
  auto e = load_bad(dir, "s", "---\nname: s\n---\n\n");
  CHECK(e.what.find("description") != std::string::npos);
  CHECK(e.where == (dir / "s/SKILL.md").string() + ":2");
}

TEST_CASE("frontmatter after leading blank lines loads, and lines are counted from the file") {
  TempDir dir;
  auto s = load_ok(dir, "s", "\n\n  \n---\nname: s\ndescription: d\nfavourite-colour: blue\n---\nbody\n");
  CHECK(s.name == "s");
  CHECK(s.body == "body\n");
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].find("s/SKILL.md:7") != std::string::npos);
  // A YAML error after blank lines points at the right file line too.
  auto e = load_bad(dir, "bad", "\n\n---\nname: bad\ndescription: d\nallowed-tools: [Read\n---\n");
  INFO(e.message());
  CHECK(e.where.starts_with((dir / "bad/SKILL.md").string() + ":6"));
}

TEST_CASE("frontmatter after a BOM, a doubled BOM or a BOM on a later line loads") {
  TempDir dir;
  CHECK(load_ok(dir, "a", "\xEF\xBB\xBF\n---\nname: a\ndescription: d\n---\n").name == "a");
  CHECK(load_ok(dir, "b", "\xEF\xBB\xBF\xEF\xBB\xBF---\nname: b\ndescription: d\n---\n").name == "b");
  CHECK(load_ok(dir, "c", "\r\n\xEF\xBB\xBF---\r\nname: c\r\ndescription: d\r\n---\r\n").name == "c");
}

TEST_CASE("text before the frontmatter, or only blank lines, is still refused") {
  TempDir dir;
  auto prose = load_bad(dir, "prose", "# Title\n---\nname: prose\ndescription: d\n---\n");
  CHECK(prose.what.find("frontmatter") != std::string::npos);
  auto blank = load_bad(dir, "blank", "\n\n\n");
  CHECK(blank.where == (dir / "blank/SKILL.md").string() + ":1");
  auto unclosed = load_bad(dir, "unclosed", "\n\n---\nname: u\ndescription: d\n");
  CHECK(unclosed.what.find("opened on line 3 is never closed") != std::string::npos);
}

TEST_CASE("an unquoted value holding `: ` is read as key: rest-of-line") {
  TempDir dir;
  auto s = load_ok(dir, "s",
                   "---\nname: s\ndescription: Use this when: the user asks for \"help\" \\ now\n"
                   "allowed-tools: Read Grep\n---\nbody\n");
  CHECK(s.description == "Use this when: the user asks for \"help\" \\ now");
  CHECK(s.allowed_tools == Rules{"Read", "Grep"});
  auto trailing = load_ok(dir, "t", "---\nname: t\ndescription: Triggers:\n---\n");
  CHECK(trailing.description == "Triggers:");
  auto other = load_ok(dir, "o", "---\nname: o\ndescription: d\nargument-hint: usage: <file>\n---\n");
  CHECK(other.extra_keys.at("argument-hint") == "usage: <file>");
}

TEST_CASE("an unquoted value holding `: ` keeps its indented continuation lines") {
  TempDir dir;
  auto s = load_ok(dir, "s",
                   "---\nname: s\ndescription: Use when: the user asks\n  for a review\n  of a diff.\n"
                   "model: claude-haiku-4-5\n---\n");
  CHECK(s.description == "Use when: the user asks for a review of a diff.");
  CHECK(s.model == "claude-haiku-4-5");
}

TEST_CASE("YAML broken beyond an unquoted `: ` is still refused at its file line") {
  TempDir dir;
  auto e = load_bad(dir, "s", "\n---\nname: s\ndescription: Use when: x\nallowed-tools: [Read, Grep\nmodel: m\n---\n");
  INFO(e.message());
  CHECK(e.what.find("broken YAML") != std::string::npos);
  // The fault is the unclosed list (lines 5-6), not the `: ` on line 4.
  CHECK_FALSE(e.where.starts_with((dir / "s/SKILL.md").string() + ":4"));
  CHECK(e.where.starts_with((dir / "s/SKILL.md").string() + ":"));
  CHECK_FALSE(e.hint.empty());
  auto nested = load_bad(dir, "n", "---\nname: n\ndescription: d\n  bad: indent: here\n---\n");
  CHECK(nested.where.starts_with((dir / "n/SKILL.md").string() + ":4"));
}

TEST_CASE("metadata as a string, a list or a nested map is kept as JSON text") {
  TempDir dir;
  auto str = load_ok(dir, "str", "---\nname: str\ndescription: d\nmetadata: internal tool, v2\n---\n");
  CHECK(str.metadata_text == "\"internal tool, v2\"");
  CHECK(str.metadata.empty());
  auto list = load_ok(dir, "list", "---\nname: list\ndescription: d\nmetadata:\n  - a\n  - b: c\n---\n");
  CHECK(list.metadata_text == R"(["a",{"b":"c"}])");
  CHECK(list.metadata.empty());
  auto nested = load_ok(dir, "nested",
                        "---\nname: nested\ndescription: d\nmetadata:\n  author: someone\n  tags:\n    - x\n"
                        "  origin:\n    repo: r\n    stars: 3\n---\n");
  CHECK(nested.metadata.at("author") == "someone");
  CHECK(nested.metadata.at("tags") == R"(["x"])");
  CHECK(nested.metadata.at("origin") == R"({"repo":"r","stars":"3"})");
  CHECK(nested.metadata_text == R"({"author":"someone","tags":["x"],"origin":{"repo":"r","stars":"3"}})");
  CHECK(nested.warnings.empty());
}

TEST_CASE("block-scalar description and the three allowed-tools forms load from files") {
  TempDir dir;
  auto s = load_ok(dir, "s",
                   "---\nname: s\ndescription: >-\n  Reviews code: style,\n  tests.\n"
                   "allowed-tools: Read, Bash(git diff *)\n---\n");
  CHECK(s.description == "Reviews code: style, tests.");
  CHECK(s.allowed_tools == Rules{"Read", "Bash(git diff *)"});
  auto spaced = load_ok(dir, "sp", "---\nname: sp\ndescription: |\n  a\n  b\nallowed-tools: Read Grep\n---\n");
  CHECK(spaced.description == "a\nb");
  CHECK(spaced.allowed_tools == Rules{"Read", "Grep"});
  auto listed = load_ok(dir, "l", "---\nname: l\ndescription: d\nallowed-tools:\n  - Read\n  - Bash(git log:*)\n---\n");
  CHECK(listed.allowed_tools == Rules{"Read", "Bash(git log:*)"});
}

TEST_CASE("a folder of real-world shapes loads whole, and one broken file is skipped with file:line") {
  TempDir dir;
  write_file(dir / "no-name/SKILL.md", "---\ndescription: d\n---\n");
  write_file(dir / "bom-blank/SKILL.md", "\xEF\xBB\xBF\n\n---\nname: bom-blank\ndescription: d\n---\n");
  write_file(dir / "colon/SKILL.md", "---\nname: colon\ndescription: Use when: asked\n---\n");
  write_file(dir / "meta/SKILL.md", "---\nname: meta\ndescription: d\nmetadata: [1, 2]\n---\n");
  write_file(dir / "meta-quote/SKILL.md", "---\nname: meta-quote\ndescription: d\nmetadata: \"say \\\"hi\\\"\\n\"\n---\n");
  write_file(dir / "broken/SKILL.md", "---\nname: broken\ndescription: d\nallowed-tools: {Read\n---\n");
  auto catalog = discover_skills({{dir.path(), SkillSource::Config}});
  CHECK(catalog.skills.size() == 5);
  REQUIRE(catalog.find("meta-quote"));
  CHECK(catalog.find("meta-quote")->metadata_text == R"("say \"hi\"\n")");
  REQUIRE(catalog.broken.size() == 1);
  CHECK(catalog.broken[0].where.find("broken/SKILL.md:4") != std::string::npos);
}
