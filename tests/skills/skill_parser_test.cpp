// SKILL.md as real skill repositories write it, and each way it can be broken.
#include <catch2/catch.hpp>

#include "skills/skill.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using Rules = std::vector<std::string>;

namespace {
Skill parse_ok(const std::string& text) {
  auto s = parse_skill(text, "skills/x/SKILL.md");
  INFO((s ? std::string("ok") : s.error().message()));
  REQUIRE(s.has_value());
  return *s;
}
Error parse_bad(const std::string& text) {
  auto s = parse_skill(text, "skills/x/SKILL.md");
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().kind == ErrorKind::Config);
  CHECK_FALSE(s.error().hint.empty());
  return s.error();
}
}  // namespace

TEST_CASE("a minimal skill: name, description, body") {
  auto s = parse_ok("---\nname: review\ndescription: Reviews code.\n---\n\n# Review\nDo it.\n");
  CHECK(s.name == "review");
  CHECK(s.description == "Reviews code.");
  CHECK(s.body == "# Review\nDo it.\n");
  CHECK(s.allowed_tools.empty());
  CHECK(s.warnings.empty());
  CHECK(s.dir == "skills/x");
}

TEST_CASE("allowed-tools space-separated keeps Bash(git diff *) whole") {
  auto s = parse_ok("---\nname: a\ndescription: d\nallowed-tools: Read Grep Bash(git diff *) Bash(git log:*)\n---\n");
  CHECK(s.allowed_tools == Rules{"Read", "Grep", "Bash(git diff *)", "Bash(git log:*)"});
}

TEST_CASE("allowed-tools comma-separated") {
  auto s = parse_ok("---\nname: a\ndescription: d\nallowed-tools: Read, Grep,Glob, Bash(npm run test *)\n---\n");
  CHECK(s.allowed_tools == Rules{"Read", "Grep", "Glob", "Bash(npm run test *)"});
}

TEST_CASE("allowed-tools as a YAML list, block or flow") {
  auto block = parse_ok("---\nname: a\ndescription: d\nallowed-tools:\n  - Read\n  - \"Bash(git diff *)\"\n---\n");
  CHECK(block.allowed_tools == Rules{"Read", "Bash(git diff *)"});
  auto flow = parse_ok("---\nname: a\ndescription: d\nallowed-tools: [Read, Grep]\n---\n");
  CHECK(flow.allowed_tools == Rules{"Read", "Grep"});
}

TEST_CASE("disallowed-tools, model, license and metadata are read") {
  auto s = parse_ok(
      "---\nname: a\ndescription: d\ndisallowed-tools: Edit Write\nmodel: claude-haiku-4-5\nlicense: MIT\n"
      "metadata:\n  author: someone\n  version: 2\n---\nbody\n");
  CHECK(s.disallowed_tools == Rules{"Edit", "Write"});
  CHECK(s.model == "claude-haiku-4-5");
  CHECK(s.license == "MIT");
  CHECK(s.metadata.at("author") == "someone");
  CHECK(s.metadata.at("version") == "2");
}

TEST_CASE("block-scalar descriptions: | and >-") {
  auto literal = parse_ok("---\nname: a\ndescription: |\n  Line one.\n  Line two.\n---\n");
  CHECK(literal.description == "Line one.\nLine two.");
  auto folded = parse_ok("---\nname: a\ndescription: >-\n  Folded\n  text.\n---\n");
  CHECK(folded.description == "Folded text.");
}

TEST_CASE("CRLF line ends and a UTF-8 BOM are accepted") {
  auto s = parse_ok("\xEF\xBB\xBF---\r\nname: a\r\ndescription: d\r\nallowed-tools: Read Grep\r\n---\r\nbody\r\nline\r\n");
  CHECK(s.name == "a");
  CHECK(s.allowed_tools == Rules{"Read", "Grep"});
  CHECK(s.body == "body\nline\n");
}

TEST_CASE("unknown keys are kept, with one warning each; Claude Code's own keys without one") {
  auto s = parse_ok("---\nname: a\ndescription: d\nfavourite-colour: blue\nargument-hint: \"[file]\"\n---\n");
  CHECK(s.extra_keys.at("favourite-colour") == "blue");
  CHECK(s.extra_keys.at("argument-hint") == "[file]");
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].find("skills/x/SKILL.md:4") != std::string::npos);
  CHECK(s.warnings[0].find("favourite-colour") != std::string::npos);
}

TEST_CASE("an allowed-tools entry that is not a rule is dropped with a warning") {
  auto s = parse_ok("---\nname: a\ndescription: d\nallowed-tools: Read Bash(git diff\n---\n");
  CHECK(s.allowed_tools == Rules{"Read"});
  CHECK(s.warnings.size() == 1);
}

TEST_CASE("no frontmatter loads as Claude Code loads it: folder name, first paragraph, a warning at line 1") {
  auto s = parse_ok("\n# Just markdown\n\nReview the change.\nBe brief.\n\nMore.\n");
  CHECK(s.name == "x");
  CHECK(s.description == "Review the change. Be brief.");
  CHECK(s.body == "# Just markdown\n\nReview the change.\nBe brief.\n\nMore.\n");
  CHECK(s.allowed_tools.empty());
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.warnings[0].starts_with("skills/x/SKILL.md:1: no frontmatter"));
  CHECK(parse_ok("# Only a title\n").description == "Only a title");
  auto e = parse_bad("\n\n");
  CHECK(e.where == "skills/x/SKILL.md:1");
}

TEST_CASE("an unclosed frontmatter is an error") {
  auto e = parse_bad("---\nname: a\ndescription: d\n");
  CHECK(e.what.find("never closed") != std::string::npos);
}

TEST_CASE("broken YAML is an error at its file line and column") {
  auto e = parse_bad("---\nname: a\ndescription: d\nallowed-tools: [Read, Grep\nmodel: x\n---\n");
  INFO(e.message());
  CHECK(e.where.starts_with("skills/x/SKILL.md:"));
  CHECK(e.what.find("broken YAML") != std::string::npos);
  auto tab = parse_bad("---\nname: a\ndescription: d\n  bad: indent: here\n---\n");
  CHECK(tab.where.starts_with("skills/x/SKILL.md:4"));
}

TEST_CASE("missing description is an error naming the key; missing name falls back to the folder") {
  // Claude Code's fallback: the body's first paragraph, past headings and code.
  CHECK(parse_ok("---\nname: a\n---\n# Title\n```\ncode\n```\nFirst paragraph\nof two lines.\n\nSecond.\n").description ==
        "First paragraph of two lines.");
  CHECK(parse_ok("---\n---\nOnly the body.\n").name == "x");
  auto no_desc = parse_bad("---\nname: a\n---\n");
  CHECK(no_desc.what.find("description") != std::string::npos);
  CHECK(no_desc.where == "skills/x/SKILL.md:2");
  CHECK(parse_ok("---\ndescription: d\n---\n").name == "x");
  auto no_folder = parse_skill("---\ndescription: d\n---\n", "SKILL.md");
  REQUIRE_FALSE(no_folder);
  CHECK(no_folder.error().what.find("name") != std::string::npos);
  auto empty_desc = parse_bad("---\nname: a\ndescription: \"  \"\n---\n");
  CHECK(empty_desc.where == "skills/x/SKILL.md:3");
  parse_bad("---\n---\n");
  parse_bad("---\n- a list\n---\n");
}

TEST_CASE("binary bytes are an error at their line") {
  auto nul = parse_bad(std::string("---\nname: a\ndescription: d\n---\nline\nbad\0byte\n", 45));
  CHECK(nul.where == "skills/x/SKILL.md:6");
  CHECK(nul.what.find("NUL") != std::string::npos);
  auto utf = parse_bad("---\nname: a\ndescription: d\xff\n---\n");
  CHECK(utf.where == "skills/x/SKILL.md:3");
}

TEST_CASE("a 5 MB body is refused, from text and from a file") {
  const std::string huge = "---\nname: a\ndescription: d\n---\n" + std::string(5 * 1024 * 1024, 'x');
  auto e = parse_bad(huge);
  CHECK(e.what.find("limit") != std::string::npos);
  test::TempDir dir;
  test::write_file(dir / "big/SKILL.md", huge);
  auto loaded = load_skill(dir / "big");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().where == (dir / "big/SKILL.md").string() + ":1");
}

TEST_CASE("load_skill takes a folder or the SKILL.md path, and says when neither exists") {
  test::TempDir dir;
  test::write_file(dir / "s/SKILL.md", "---\nname: s\ndescription: d\n---\n");
  CHECK(load_skill(dir / "s").has_value());
  CHECK(load_skill(dir / "s/SKILL.md")->dir == dir / "s");
  CHECK_FALSE(load_skill(dir / "missing").has_value());
}
