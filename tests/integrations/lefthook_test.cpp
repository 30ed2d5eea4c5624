// hookagent adopted through npm's real lefthook (2.x): `lefthook install`
// before and after `hookagent install`, the key blocked in every order,
// uninstall exact, doctor naming lefthook; and the templates/lefthook.yml
// recipe's pre-push on a first push, an existing upstream and a new branch.
#include <catch2/catch.hpp>

#include "hooks/dir_snapshot.hpp"
#include "tool_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

const char* kTeamConfig =
    "# the team's hooks\n"
    "pre-commit:\n"
    "  parallel: true\n"
    "  commands:\n"
    "    team:\n"
    "      run: echo team-check >> \"$(git rev-parse --git-dir)/team.log\"\n";

struct LefthookRepo : ToolRepo {
  explicit LefthookRepo(const std::string& config = kTeamConfig) {
    write("lefthook.yml", config);
    run("git add lefthook.yml && git commit -q --no-verify -m lefthook");
  }
  ProcessResult lefthook_install() const { return run("lefthook install"); }
};

}  // namespace

TEST_CASE("lefthook then hookagent: the key is blocked and the team's command still runs", "[lefthook][order]") {
  LefthookRepo repo;
  require_ok(repo.lefthook_install());
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("pre-commit: added hookagent to lefthook.yml") != std::string::npos);
  CHECK(r.out.find("next:") == std::string::npos);
  // The team's lines are all still there, in order, with hookagent's command among them.
  auto text = repo.read("lefthook.yml");
  CHECK(text.find("# the team's hooks\npre-commit:\n  parallel: true\n  commands:\n    hookagent:") == 0);
  CHECK(text.find("run: 'hookagent run pre-commit'") != std::string::npos);
  check_key_blocked_and_clean_passes(repo, 11);
}

TEST_CASE("hookagent then lefthook: the key is blocked once lefthook is installed", "[lefthook][order]") {
  LefthookRepo repo;
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("next: pre-commit: lefthook is not installed") != std::string::npos);
  CHECK(r.out.find("`lefthook install`") != std::string::npos);
  auto doctor = repo.ha("doctor");
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find("run `lefthook install`") != std::string::npos);
  require_ok(repo.lefthook_install());
  auto fixed = repo.ha("doctor");
  INFO(fixed.out);
  CHECK(fixed.exit_code == 0);
  CHECK(fixed.out.find("pre-commit          via lefthook (lefthook.yml runs hookagent)") != std::string::npos);
  check_key_blocked_and_clean_passes(repo, 12);
}

TEST_CASE("lefthook, hookagent, lefthook again (and --force): lefthook's re-install keeps hookagent", "[lefthook][order]") {
  LefthookRepo repo;
  require_ok(repo.lefthook_install());
  require_ok(repo.ha("install"));
  require_ok(repo.lefthook_install());
  require_ok(repo.run("lefthook install --force"));
  check_key_blocked_and_clean_passes(repo, 13);
}

TEST_CASE("a shim lefthook renamed to .old: doctor names lefthook and the fix; install repairs it", "[lefthook][doctor]") {
  LefthookRepo repo;
  require_ok(repo.ha("install --shim"));
  require_ok(repo.lefthook_install());
  REQUIRE(fs::exists(repo.root() / ".git/hooks/pre-commit.old"));
  auto leak = repo.try_commit("settings.py", fake_key_line(14), "key");
  CHECK(leak.exit_code == 0);  // the bug this repairs: lefthook does not run .old hooks
  repo.run("git reset -q --soft HEAD~1 && git rm -q --cached settings.py");

  auto doctor = repo.ha("doctor");
  INFO(doctor.out << doctor.err);
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find("lefthook (`lefthook install`) moved hookagent's hook to pre-commit.old") != std::string::npos);
  CHECK(doctor.out.find("run `hookagent install`") != std::string::npos);

  auto fix = repo.ha("install");
  require_ok(fix);
  CHECK(fix.out.find("removed hookagent's old hook pre-commit.old (lefthook had moved it there)") != std::string::npos);
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-commit.old"));
  CHECK(repo.ha("doctor").exit_code == 0);
  check_key_blocked_and_clean_passes(repo, 15);

  auto uninstall = repo.ha("uninstall");
  require_ok(uninstall);
  CHECK(repo.read("lefthook.yml") == kTeamConfig);
}

TEST_CASE("uninstall removes exactly what install added to lefthook.yml and the hooks dir", "[lefthook][uninstall]") {
  LefthookRepo repo;
  require_ok(repo.lefthook_install());
  auto hooks_before = snapshot(repo.root() / ".git/hooks");
  require_ok(repo.ha("install"));
  CHECK(fs::exists(repo.root() / ".git/hooks/pre-push"));  // no pre-push section: a shim, which lefthook leaves alone
  require_ok(repo.ha("uninstall"));
  CHECK(repo.read("lefthook.yml") == kTeamConfig);
  CHECK(snapshot(repo.root() / ".git/hooks") == hooks_before);
}

TEST_CASE("a lefthook.yml with a pre-push section and jobs: both hooks go through lefthook", "[lefthook][edit]") {
  const std::string config =
      "pre-commit:\n"
      "  jobs:\n"
      "    - name: team\n"
      "      run: echo team-check >> \"$(git rev-parse --git-dir)/team.log\"\n"
      "pre-push:\n"
      "  commands:\n"
      "    audit:\n"
      "      run: \"true\"\n";
  LefthookRepo repo(config);
  require_ok(repo.lefthook_install());
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("pre-push: added hookagent to lefthook.yml") != std::string::npos);
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-push.hookagent-chained"));
  auto text = repo.read("lefthook.yml");
  CHECK(text.find("  jobs:\n    - name: hookagent") != std::string::npos);
  CHECK(text.find("use_stdin: true") != std::string::npos);
  auto validate = repo.run("lefthook validate");
  INFO(validate.out << validate.err);
  CHECK(validate.exit_code == 0);
  check_key_blocked_and_clean_passes(repo, 16);
  require_ok(repo.ha("uninstall"));
  CHECK(repo.read("lefthook.yml") == config);
}

TEST_CASE("the templates/lefthook.yml recipe: pre-commit, and pre-push on a first push, an upstream and a new branch",
          "[lefthook][recipe]") {
  LefthookRepo repo(read_file(source_root() / "templates/lefthook.yml"));
  require_ok(repo.lefthook_install());
  auto blocked = repo.try_commit("settings.py", fake_key_line(17), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", 17));
  repo.run("git rm -q --cached settings.py");

  GitRepo server(true);
  repo.run("git remote add origin '" + server.root().string() + "'");
  SECTION("no upstream: the first push to an empty remote") {
    repo.run("git add settings.py && git commit -q --no-verify -m key");
    auto push = repo.run("git push origin HEAD:refs/heads/main");
    INFO(push.out << push.err);
    CHECK(blocked_by_hookagent(push, "settings.py", 17));
    repo.run("git reset -q --hard HEAD~1");
    auto clean = repo.run("git push origin HEAD:refs/heads/main");
    INFO(clean.out << clean.err);
    CHECK(clean.exit_code == 0);
  }
  SECTION("an existing upstream") {
    require_ok(repo.run("git push -q -u origin main"));
    repo.run("git add settings.py && git commit -q --no-verify -m key");
    auto push = repo.run("git push");
    INFO(push.out << push.err);
    CHECK(blocked_by_hookagent(push, "settings.py", 17));
    repo.run("git reset -q --hard HEAD~1");
    auto clean = repo.try_commit("more.txt", "more\n", "more");
    REQUIRE(clean.exit_code == 0);
    auto ok = repo.run("git push");
    INFO(ok.out << ok.err);
    CHECK(ok.exit_code == 0);
  }
  SECTION("a new branch next to an existing one") {
    require_ok(repo.run("git push -q -u origin main"));
    repo.run("git checkout -q -b feature && git add settings.py && git commit -q --no-verify -m key");
    auto push = repo.run("git push origin feature");
    INFO(push.out << push.err);
    CHECK(blocked_by_hookagent(push, "settings.py", 17));
  }
}

TEST_CASE("a malformed lefthook.yml: install refuses, names file:line, changes nothing", "[lefthook][bad-input]") {
  const std::string broken = "pre-commit:\n  commands:\n    team: [run: x\n";
  LefthookRepo repo(broken);
  auto before = snapshot(repo.root());
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((repo.root() / "lefthook.yml").string() + ":") != std::string::npos);
  CHECK(r.err.find("not valid YAML") != std::string::npos);
  CHECK(r.err.find("changed nothing") != std::string::npos);
  CHECK(snapshot(repo.root()) == before);
}

TEST_CASE("a lefthook.toml: install says it edits only YAML and changes nothing", "[lefthook][bad-input]") {
  ToolRepo repo;
  repo.write("lefthook.toml", "[pre-commit.commands.team]\nrun = \"true\"\n");
  auto before = snapshot(repo.root());
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("edits only YAML") != std::string::npos);
  CHECK(r.err.find("--shim") != std::string::npos);
  CHECK(snapshot(repo.root()) == before);
}

int main_guard = [] {
  require_tool_or_skip("lefthook");
  return 0;
}();
