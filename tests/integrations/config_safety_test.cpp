// Config that cannot break hooks by accident: the README's Configuration block
// copied as it is, a default that names an absent file, and `install` /
// `doctor` on a config or rule file that does not load (exit 2, file:line,
// nothing installed). Plus the README's recipes being the templates the other
// integration tests run, and a read-only hooks dir refusing before any edit.
#include <catch2/catch.hpp>

#include "hooks/dir_snapshot.hpp"
#include "tool_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

// The first ```toml block after `heading` in the README.
std::string readme_block(const std::string& heading, const std::string& fence) {
  const std::string readme = read_file(source_root() / "README.md");
  size_t at = readme.find("\n" + heading + "\n");
  REQUIRE(at != std::string::npos);
  size_t start = readme.find(fence + "\n", at);
  REQUIRE(start != std::string::npos);
  start += fence.size() + 1;
  size_t end = readme.find("```", start);
  REQUIRE(end != std::string::npos);
  return readme.substr(start, end - start);
}

std::string strip_indent(const std::string& line) {
  size_t first = line.find_first_not_of(' ');
  return first == std::string::npos ? "" : line.substr(first);
}

}  // namespace

TEST_CASE("the README's Configuration block, copied into a repo without .gitleaks.toml, breaks no hook",
          "[config][readme]") {
  ToolRepo repo;
  const std::string block = readme_block("## Configuration", "```toml");
  REQUIRE(block.find("gitleaks_config") != std::string::npos);
  repo.write(".hookagent.toml", block);
  REQUIRE_FALSE(fs::exists(repo.root() / ".gitleaks.toml"));
  require_ok(repo.ha("install"));
  auto clean = repo.try_commit("notes.txt", "nothing secret\n", "clean");
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  auto blocked = repo.try_commit("settings.py", fake_key_line(31), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", 31));
  auto doctor = repo.ha("doctor");
  INFO(doctor.out << doctor.err);
  CHECK(doctor.out.find("cannot read rule file") == std::string::npos);
}

TEST_CASE("an explicitly configured gitleaks file that is missing is an error naming the config line",
          "[config]") {
  ToolRepo repo;
  repo.write(".git/hookagent.toml", "[scan]\ngitleaks_config = \"ci/gitleaks.toml\"\n");
  auto before = snapshot(repo.root() / ".git/hooks");
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((repo.root() / ".git/hookagent.toml").string() + ":2") != std::string::npos);
  CHECK(r.err.find("ci/gitleaks.toml") != std::string::npos);
  CHECK(r.err.find("nothing was installed") != std::string::npos);
  CHECK(snapshot(repo.root() / ".git/hooks") == before);
  auto doctor = repo.ha("doctor");
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find((repo.root() / ".git/hookagent.toml").string() + ":2") != std::string::npos);
}

TEST_CASE("install and doctor refuse a rule file that does not load, naming file:line", "[config][rules]") {
  ToolRepo repo;
  repo.write(".gitleaks.toml", "[[rules]]\nid = \"team-token\"\nregex = '''team_(unclosed'''\n");
  auto before = snapshot(repo.root() / ".git");
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((repo.root() / ".gitleaks.toml").string() + ":3") != std::string::npos);
  CHECK(r.err.find("nothing was installed") != std::string::npos);
  CHECK(snapshot(repo.root() / ".git") == before);
  auto doctor = repo.ha("doctor");
  INFO(doctor.out << doctor.err);
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find((repo.root() / ".gitleaks.toml").string() + ":3") != std::string::npos);
}

TEST_CASE("install and doctor refuse a config file that does not load, naming file:line:col", "[config]") {
  ToolRepo repo;
  repo.write(".hookagent.toml", "[hooks.pre-commit]\nblock_onn = \"high\"\n");
  auto before = snapshot(repo.root() / ".git");
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((repo.root() / ".hookagent.toml").string() + ":2:1") != std::string::npos);
  CHECK(snapshot(repo.root() / ".git") == before);
  CHECK(repo.ha("doctor").exit_code == 2);
}

TEST_CASE("a read-only hooks dir: install refuses before editing lefthook.yml", "[bad-input]") {
  ToolRepo repo;
  const std::string config = "pre-commit:\n  commands:\n    team:\n      run: \"true\"\n";
  repo.write("lefthook.yml", config);
  auto before = snapshot(repo.root());
  {
    UnwritableDir guard(repo.root() / ".git/hooks");
    REQUIRE(guard.ok());
    auto r = repo.ha("install");  // pre-push needs a shim there (lefthook.yml has no pre-push section)
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not writable") != std::string::npos);
    CHECK(r.err.find("nothing was changed") != std::string::npos);
  }
  CHECK(repo.read("lefthook.yml") == config);
  CHECK(snapshot(repo.root()) == before);
}

TEST_CASE("the README's hook-manager recipes are the templates the integration tests run", "[readme][recipe]") {
  const std::string readme = read_file(source_root() / "README.md");
  for (auto name : {"lefthook.yml", "pre-commit-config.yaml", "pre-commit-local.yaml", "husky-pre-commit",
                    "husky-pre-push"}) {
    INFO(name);
    // Every non-comment line of the template, in order, at any indentation.
    size_t at = 0;
    std::string text = read_file(source_root() / "templates" / name);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = strip_indent(text.substr(start, end - start));
      start = end + 1;
      if (line.empty() || line[0] == '#') continue;
      INFO(line);
      at = readme.find(line, at);
      CHECK(at != std::string::npos);
      if (at == std::string::npos) break;
    }
  }
}
