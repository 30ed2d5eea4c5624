// hookagent adopted through Debian's real pre-commit: `pre-commit install`
// before and after `hookagent install`, the key blocked in every order,
// uninstall exact, doctor naming pre-commit; and the recipes: this project's
// own repo entry (`rev:` for a repository without tags, via `pre-commit
// autoupdate`), `pass_filenames: false` with staged-only scanning, try-repo.
#include <catch2/catch.hpp>

#include "hooks/dir_snapshot.hpp"
#include "tool_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

const char* kTeamConfig =
    "# the team's hooks\n"
    "repos:\n"
    "  - repo: local\n"
    "    hooks:\n"
    "      - id: team\n"
    "        name: team check\n"
    "        entry: sh -c 'echo team-check >> \"$(git rev-parse --git-dir)/team.log\"'\n"
    "        language: system\n"
    "        pass_filenames: false\n"
    "        always_run: true\n";

struct PreCommitRepo : ToolRepo {
  explicit PreCommitRepo(const std::string& config = kTeamConfig) {
    write(".pre-commit-config.yaml", config);
    run("git add .pre-commit-config.yaml && git commit -q --no-verify -m pre-commit");
  }
  ProcessResult pre_commit_install(const std::string& flags = "") const { return run("pre-commit install " + flags); }
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

void check_key_blocked_and_clean_passes(PreCommitRepo& repo, uint64_t seed) {
  repo.run("git add .pre-commit-config.yaml");  // pre-commit refuses to run while its config is unstaged
  auto blocked = repo.try_commit("settings.py", fake_key_line(seed), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", seed));
  CHECK(count(blocked.out + blocked.err, "hookagent: blocked") == 1);  // hookagent ran once, not twice
  repo.run("git rm -q --cached settings.py");
  auto clean = repo.try_commit("notes.txt", "nothing secret\n", "clean");
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(repo.team_log().find("team-check") != std::string::npos);
}

// A git repository holding this tree's .pre-commit-hooks.yaml, committed: what
// pre-commit clones when a config names hookagent's own repository.
struct PluginRepo {
  GitRepo git;
  std::string head;
  PluginRepo() {
    git.write(".pre-commit-hooks.yaml", read_file(source_root() / ".pre-commit-hooks.yaml"));
    git.git("add .pre-commit-hooks.yaml");
    head = git.commit_file("README.md", "hookagent hooks for pre-commit\n", "hooks");
  }
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("pre-commit then hookagent: the key is blocked and the team's hook still runs", "[pre-commit][order]") {
  PreCommitRepo repo;
  require_ok(repo.pre_commit_install());
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("pre-commit: added hookagent to .pre-commit-config.yaml") != std::string::npos);
  CHECK(r.out.find("next: `git add .pre-commit-config.yaml`") != std::string::npos);
  auto text = repo.read(".pre-commit-config.yaml");
  CHECK(text.find("      entry: hookagent run pre-commit\n") != std::string::npos);
  CHECK(text.find("      pass_filenames: false\n") != std::string::npos);
  CHECK(text.find("stages: [commit]") != std::string::npos);  // Debian 12's pre-commit 3.0.4 knows only the old name
  check_key_blocked_and_clean_passes(repo, 21);
}

TEST_CASE("hookagent then pre-commit: the key is blocked once pre-commit is installed", "[pre-commit][order]") {
  PreCommitRepo repo;
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("next: pre-commit: pre-commit is not installed") != std::string::npos);
  CHECK(repo.ha("doctor").exit_code == 2);
  require_ok(repo.pre_commit_install());
  CHECK(repo.ha("doctor").exit_code == 0);
  check_key_blocked_and_clean_passes(repo, 22);
}

TEST_CASE("pre-commit, hookagent, pre-commit again (and -f): pre-commit's re-install keeps hookagent",
          "[pre-commit][order]") {
  PreCommitRepo repo;
  require_ok(repo.pre_commit_install());
  require_ok(repo.ha("install"));
  require_ok(repo.pre_commit_install());
  require_ok(repo.pre_commit_install("-f"));
  check_key_blocked_and_clean_passes(repo, 23);
}

TEST_CASE("a shim pre-commit renamed to .legacy: doctor names pre-commit and the fix; install repairs it",
          "[pre-commit][doctor]") {
  PreCommitRepo repo;
  require_ok(repo.ha("install --shim"));
  require_ok(repo.pre_commit_install());
  REQUIRE(fs::exists(repo.root() / ".git/hooks/pre-commit.legacy"));
  auto doctor = repo.ha("doctor");
  INFO(doctor.out << doctor.err);
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find("pre-commit (`pre-commit install`) moved hookagent's hook to pre-commit.legacy") !=
        std::string::npos);
  CHECK(doctor.out.find(": run `hookagent install`") != std::string::npos);
  CHECK(doctor.out.find("foreign hook") == std::string::npos);

  SECTION("install moves hookagent into the config; it then runs once") {
    require_ok(repo.ha("install"));
    CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-commit.legacy"));
    check_key_blocked_and_clean_passes(repo, 24);
    CHECK(repo.ha("doctor").exit_code == 0);
  }
  SECTION("uninstall removes the moved shim too: nothing of hookagent runs after it") {
    auto un = repo.ha("uninstall");
    require_ok(un);
    CHECK(un.out.find("removed hookagent's old hook pre-commit.legacy") != std::string::npos);
    CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-commit.legacy"));
    auto key = repo.try_commit("settings.py", fake_key_line(25), "key");
    INFO(key.out << key.err);
    CHECK(key.exit_code == 0);
    CHECK(repo.team_log().find("team-check") != std::string::npos);
  }
}

TEST_CASE("uninstall removes exactly what install added to .pre-commit-config.yaml", "[pre-commit][uninstall]") {
  PreCommitRepo repo;
  require_ok(repo.pre_commit_install());
  auto hooks_before = snapshot(repo.root() / ".git/hooks");
  require_ok(repo.ha("install"));
  require_ok(repo.ha("uninstall"));
  CHECK(repo.read(".pre-commit-config.yaml") == kTeamConfig);
  CHECK(snapshot(repo.root() / ".git/hooks") == hooks_before);
}

TEST_CASE("a malformed .pre-commit-config.yaml: install refuses, names file:line, changes nothing",
          "[pre-commit][bad-input]") {
  PreCommitRepo repo("repos:\n  - repo: local\n    hooks: [\n");
  auto before = snapshot(repo.root());
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((repo.root() / ".pre-commit-config.yaml").string() + ":") != std::string::npos);
  CHECK(r.err.find("not valid YAML") != std::string::npos);
  CHECK(snapshot(repo.root()) == before);
}

TEST_CASE("the own-repo recipe: `rev:` pinned by `pre-commit autoupdate` in a repository without tags",
          "[pre-commit][recipe]") {
  PluginRepo plugin;
  REQUIRE(plugin.git.git("tag -l").out.empty());
  std::string config = replace_all(read_file(source_root() / "templates/pre-commit-config.yaml"),
                                   "https://github.com/hookagent/hookagent", plugin.git.root().string());
  PreCommitRepo repo(config);
  auto update = repo.run("pre-commit autoupdate");
  INFO(update.out << update.err);
  REQUIRE(update.exit_code == 0);
  CHECK(repo.read(".pre-commit-config.yaml").find("rev: " + plugin.head) != std::string::npos);
  require_ok(repo.pre_commit_install());
  repo.run("git add .pre-commit-config.yaml && git commit -q --no-verify -m pinned");

  auto blocked = repo.try_commit("settings.py", fake_key_line(26), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", 26));

  // pass_filenames: false and staged-only: an unrelated edit to a file that
  // holds an old key does not block, exactly as `hookagent scan --staged` says.
  repo.run("git commit -q --no-verify -m old-key");
  repo.write("settings.py", fake_key_line(26) + "DEBUG = False\n");
  repo.run("git add settings.py");
  CHECK(repo.ha("scan --staged").exit_code == 0);
  auto edit = repo.run("git commit -q -m 'unrelated edit'");
  INFO(edit.out << edit.err);
  CHECK(edit.exit_code == 0);
}

TEST_CASE("pre-commit try-repo runs this tree's hook on the staged changes", "[pre-commit][recipe]") {
  PluginRepo plugin;
  ToolRepo repo;
  repo.write("clean.py", "print('hello')\n");
  repo.run("git add clean.py");
  auto clean = repo.run("pre-commit try-repo '" + plugin.git.root().string() + "' hookagent-scan");
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  repo.write("leak.py", fake_key_line(27));
  repo.run("git add leak.py");
  auto leak = repo.run("pre-commit try-repo '" + plugin.git.root().string() + "' hookagent-scan --files clean.py");
  INFO(leak.out << leak.err);
  CHECK(blocked_by_hookagent(leak, "leak.py", 27));  // staged, so scanned, whatever --files names
}

TEST_CASE("the local-hook recipe in templates/ blocks a key through real pre-commit", "[pre-commit][recipe]") {
  PreCommitRepo repo(read_file(source_root() / "templates/pre-commit-local.yaml"));
  require_ok(repo.pre_commit_install());
  auto blocked = repo.try_commit("settings.py", fake_key_line(28), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", 28));
  // install sees hookagent already there and adds nothing.
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("already runs hookagent") != std::string::npos);
  CHECK(repo.read(".pre-commit-config.yaml") == read_file(source_root() / "templates/pre-commit-local.yaml"));
}

int main_guard = [] {
  require_tool_or_skip("pre-commit");
  return 0;
}();
