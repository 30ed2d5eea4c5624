// Every SKILL.md under tests/skills/real_shapes (shapes taken from public
// skill repositories, rewritten for this test) loads, as Claude Code loads
// them (issue 11, item 3); a few are checked for what they load as, and
// `hookagent skills check` passes the whole folder.
#include <catch2/catch.hpp>

#include <algorithm>

#include "skills/skill.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
namespace fs = std::filesystem;

namespace {

fs::path shapes_dir() { return test::source_root() / "tests/skills/real_shapes"; }

std::vector<fs::path> shape_folders() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(shapes_dir()))
    if (fs::exists(e.path() / "SKILL.md")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

Skill load(const std::string& folder) {
  auto s = load_skill(shapes_dir() / folder);
  INFO(folder << ": " << (s ? std::string("ok") : s.error().message()));
  REQUIRE(s.has_value());
  return *s;
}

}  // namespace

TEST_CASE("every real-world SKILL.md shape loads") {
  const auto folders = shape_folders();
  REQUIRE(folders.size() >= 42);
  int loaded = 0;
  for (const auto& folder : folders) {
    auto s = load_skill(folder);
    INFO(folder.filename().string() << ": " << (s ? std::string("ok") : s.error().message()));
    CHECK(s.has_value());
    if (!s) continue;
    ++loaded;
    CHECK_FALSE(s->name.empty());
    CHECK_FALSE(s->description.empty());
    // A warning, when there is one, points at a line of this file.
    for (const auto& w : s->warnings) CHECK(w.starts_with((folder / "SKILL.md").string() + ":"));
  }
  CHECK(loaded == static_cast<int>(folders.size()));
}

TEST_CASE("real shapes load as Claude Code reads them") {
  CHECK(load("folder-named").name == "folder-named");
  CHECK(load("described-by-body").description ==
        "Flags TODO comments that were added without an issue number. Use when reviewing staged changes.");
  auto bare = load("no-frontmatter");
  CHECK(bare.name == "no-frontmatter");
  CHECK(bare.description == "Reports dependencies added without a pinned version in requirements files.");
  CHECK(bare.allowed_tools.empty());  // nothing granted: only report_finding
  CHECK(load("empty-frontmatter").description == "Flags hard-coded timeouts in HTTP clients.");
  CHECK(load("colon-in-description").description ==
        "Use when: the user asks for a migration review. Output: a list of risky statements.");
  CHECK(load("colon-continued").description ==
        "Audits Dockerfiles. Triggers: \"check my Dockerfile\", \"is this image safe\", or a change to any Dockerfile.");
  CHECK(load("block-literal").description ==
        "Reviews SQL migrations for locks on large tables.\nUse before merging a migration.");
  CHECK(load("block-header-with-text").description == "| Use when a capability like this is needed.");
  CHECK(load("backtick-description").description == "`make lint` must pass before a commit; this skill runs it.");
  CHECK(load("bracket-then-text").description == "[WIP] Checks that feature flags are removed after launch.");
  CHECK(load("emphasis-description").description == "*Important* review for payment code paths.");
  CHECK(load("windows-line-ends").allowed_tools == std::vector<std::string>{"Read", "Grep"});
  CHECK(load("tools-block-list").disallowed_tools == std::vector<std::string>{"Write"});
  CHECK(load("metadata-list").metadata_text == R"(["audited","internal"])");
  CHECK(load("metadata-scalar").metadata_text == R"("maintained by the platform team")");
  CHECK(load("metadata-flow-json").metadata_text ==
        R"({"tool":{"requires":{"anyBins":["jq","curl"]},"tip":"example"}})");
  CHECK(load("quoted-name-with-colon").name == "Review: Migrations");
  // The first of two stacked frontmatters counts; the second is body text.
  auto doubled = load("doubled-frontmatter");
  CHECK(doubled.name == "doubled-frontmatter");
  CHECK(doubled.description == "Placeholder block a generator left above the real one.");
  CHECK(doubled.body.starts_with("---\nname: doubled-frontmatter\n"));
  CHECK(load("japanese-folded").description == "スキルの構文と構造を検証する。 「スキル 検証」「lint skill」で使用。");
}

TEST_CASE("hookagent skills check passes the whole folder of real shapes") {
  test::GitRepo repo;
  auto r = repo.hookagent("skills check '" + shapes_dir().string() + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  int ok_lines = 0;
  for (std::size_t at = r.out.find(": ok: skill"); at != std::string::npos; at = r.out.find(": ok: skill", at + 1))
    ++ok_lines;
  CHECK(ok_lines == static_cast<int>(shape_folders().size()));
}
