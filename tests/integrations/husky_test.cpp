// hookagent adopted through npm's real husky (9): `npx husky` (what npm's
// `prepare` runs on every install) before and after `hookagent install`, the
// key blocked in every order, uninstall exact, doctor naming husky.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "hooks/dir_snapshot.hpp"
#include "tool_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

// A repository set up with husky the way `husky init` leaves it, plus a hook
// command of the team's own that leaves a trace, committed.
struct HuskyRepo : ToolRepo {
  HuskyRepo() {
    write("package.json", "{\"name\":\"demo\",\"private\":true,\"scripts\":{\"prepare\":\"husky\"}}\n");
    REQUIRE(run("husky init").exit_code == 0);
    write(".husky/pre-commit", "echo team-check >> \"$(git rev-parse --git-dir)/team.log\"\n");
    run("git add package.json .husky/pre-commit && git commit -q --no-verify -m husky");
    // As a fresh clone has it: husky's own files (.husky/_, git-ignored) and
    // core.hooksPath come only with `npx husky`.
    run("git config --unset core.hooksPath && rm -rf .husky/_");
  }
  ProcessResult husky() const { return run("husky"); }  // `npx husky`, as `prepare` runs it
};

}  // namespace

TEST_CASE("husky then hookagent: the key is blocked and the team's command still runs", "[husky][order]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("added hookagent to .husky/pre-commit") != std::string::npos);
  CHECK(r.out.find("next:") == std::string::npos);  // husky is wired: nothing left to run
  CHECK(repo.read(".husky/pre-commit").find("hookagent run pre-commit") != std::string::npos);
  check_key_blocked_and_clean_passes(repo, 1);
}

TEST_CASE("hookagent then husky: the key is blocked once husky is installed", "[husky][order]") {
  HuskyRepo repo;
  auto r = repo.ha("install");
  require_ok(r);
  CHECK(r.out.find("next: pre-commit: husky is not installed") != std::string::npos);
  CHECK(r.out.find("`npx husky`") != std::string::npos);
  auto doctor = repo.ha("doctor");
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find("run `npx husky`") != std::string::npos);
  require_ok(repo.husky());
  CHECK(repo.ha("doctor").exit_code == 0);
  check_key_blocked_and_clean_passes(repo, 2);
}

TEST_CASE("husky, hookagent, husky again: husky's re-install keeps hookagent", "[husky][order]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  require_ok(repo.ha("install"));
  require_ok(repo.husky());
  check_key_blocked_and_clean_passes(repo, 3);
}

TEST_CASE("a shim that husky replaced: doctor names husky and the fix; install puts hookagent in .husky/", "[husky][doctor]") {
  HuskyRepo repo;
  // The shim that earlier releases installed in .git/hooks, then husky moved core.hooksPath.
  require_ok(repo.ha("install --shim"));
  require_ok(repo.husky());
  auto leak = repo.try_commit("settings.py", fake_key_line(4), "key");
  CHECK(leak.exit_code == 0);  // the bug this repairs: husky's re-install dropped hookagent silently
  repo.run("git reset -q --soft HEAD~1 && git rm -q --cached settings.py");

  auto doctor = repo.ha("doctor");
  INFO(doctor.out << doctor.err);
  CHECK(doctor.exit_code == 2);
  CHECK(doctor.out.find("husky set core.hooksPath") != std::string::npos);
  CHECK(doctor.out.find("run `hookagent install` again") != std::string::npos);

  auto fix = repo.ha("install");
  require_ok(fix);
  CHECK(fix.out.find("moving hookagent there") != std::string::npos);
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-commit"));  // the orphaned shim is gone
  CHECK(repo.ha("doctor").exit_code == 0);
  check_key_blocked_and_clean_passes(repo, 5);
}

TEST_CASE("uninstall removes exactly what install added to .husky/", "[husky][uninstall]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  auto before = snapshot(repo.root() / ".husky");
  auto git_before = snapshot(repo.root() / ".git/hooks");
  require_ok(repo.ha("install"));
  CHECK(fs::exists(repo.root() / ".husky/pre-push"));  // created: husky had none
  auto r = repo.ha("uninstall");
  require_ok(r);
  CHECK(snapshot(repo.root() / ".husky") == before);
  CHECK(snapshot(repo.root() / ".git/hooks") == git_before);
  CHECK_FALSE(fs::exists(repo.root() / ".git/hookagent/install.json"));
  auto key = repo.try_commit("settings.py", fake_key_line(6), "key");
  CHECK(key.exit_code == 0);  // nothing of hookagent left running
}

TEST_CASE("install twice changes nothing the second time", "[husky]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  require_ok(repo.ha("install"));
  auto first = snapshot(repo.root() / ".husky");
  auto record = repo.read(".git/hookagent/install.json");
  auto again = repo.ha("install");
  require_ok(again);
  CHECK(again.out.find("pre-commit: already in .husky/pre-commit") != std::string::npos);
  CHECK(snapshot(repo.root() / ".husky") == first);
  CHECK(repo.read(".git/hookagent/install.json") == record);
}

TEST_CASE("a husky hook git would ignore (not executable): a clear refusal, nothing written", "[husky][bad-input]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  fs::permissions(repo.root() / ".husky/_/pre-commit", fs::perms(0644));
  auto before = snapshot(repo.root());
  auto r = repo.ha("install");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("not executable") != std::string::npos);
  CHECK(r.err.find("npx husky") != std::string::npos);
  CHECK(r.err.find("nothing was changed") != std::string::npos);
  CHECK(snapshot(repo.root()) == before);
}

TEST_CASE("an unwritable .husky directory: a clear refusal, nothing written", "[husky][bad-input]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  auto before = snapshot(repo.root());
  {
    UnwritableDir guard(repo.root() / ".husky");
    REQUIRE(guard.ok());
    auto r = repo.ha("install");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not writable") != std::string::npos);
    CHECK(r.err.find("nothing was changed") != std::string::npos);
  }
  CHECK(snapshot(repo.root()) == before);
}

TEST_CASE("the husky recipes in templates/ block a key through real husky", "[husky][recipe]") {
  HuskyRepo repo;
  require_ok(repo.husky());
  write_file(repo.root() / ".husky/pre-commit", read_file(source_root() / "templates/husky-pre-commit"));
  write_file(repo.root() / ".husky/pre-push", read_file(source_root() / "templates/husky-pre-push"));
  repo.run("git add .husky && git commit -q --no-verify -m recipes");
  auto blocked = repo.try_commit("settings.py", fake_key_line(7), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", 7));

  // pre-push: the key committed with --no-verify is caught on its way out.
  GitRepo server(true);
  repo.run("git commit -q --no-verify -m key");
  repo.run("git remote add origin '" + server.root().string() + "'");
  auto push = repo.run("git push -q origin HEAD:refs/heads/main");
  INFO(push.out << push.err);
  CHECK(blocked_by_hookagent(push, "settings.py", 7));
}

int main_guard = [] {
  require_tool_or_skip("husky");
  require_tool_or_skip("node");
  return 0;
}();
