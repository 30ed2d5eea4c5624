// The installed hooks block on what git is about to record, end to end through
// the offline engine. Fake keys are assembled at run time so no scanner flags
// this file.
#include <catch2/catch.hpp>

#include "support/git_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

std::string fake_aws_key_line() {
  return std::string("aws_access_key_id = ") + "AK" + "IA" + "J2WQ7RX5" + "TKB3MNP6" + "\n";
}

void write_hook(const fs::path& p, const std::string& body) {
  write_file(p, body);
  fs::permissions(p, fs::perms(0755));
}

}  // namespace

TEST_CASE("pre-commit blocks a staged key with file:line and a fix", "[block][pre-commit]") {
  GitRepo repo;
  REQUIRE(repo.hookagent("install").exit_code == 0);
  repo.write("settings.py", fake_aws_key_line());
  repo.git("add settings.py");
  auto r = repo.git("commit -q -m key", true);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("settings.py:1:") != std::string::npos);
  CHECK(r.err.find("aws-access-token") != std::string::npos);
  CHECK(r.err.find("J2WQ7RX5") == std::string::npos);  // masked
  CHECK(repo.git("rev-parse --verify -q HEAD", true).exit_code != 0);

  SECTION("SKIP=hookagent lets it through, as pre-commit users expect") {
    auto s = sh("SKIP=hookagent git commit -q -m key", repo.root(), repo.env());
    CHECK(s.exit_code == 0);
  }
}

TEST_CASE("pre-push: the chained hook reads all stdin and hookagent still sees every ref", "[block][pre-push]") {
  GitRepo remote(true);
  GitRepo repo;
  repo.git("remote add origin '" + remote.root().string() + "'");
  auto log = repo.root().parent_path() / "pre-push.log";
  write_hook(repo.root() / ".git/hooks/pre-push", "#!/bin/sh\ncat > '" + log.string() + "'\n");
  // Commit the key while hooks are not installed yet; the push must catch it.
  repo.commit_file("a.txt", "a\n");
  repo.git("checkout -q -b feature");
  repo.commit_file("keys.py", fake_aws_key_line());
  repo.git("checkout -q main");
  REQUIRE(repo.hookagent("install").exit_code == 0);

  auto r = repo.git("push origin main feature", true);
  INFO(r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("keys.py:1:") != std::string::npos);
  auto seen = read_file(log);
  CHECK(seen.find("refs/heads/main ") != std::string::npos);
  CHECK(seen.find("refs/heads/feature ") != std::string::npos);
  CHECK(remote.git("rev-parse --verify -q refs/heads/feature", true).exit_code != 0);
}

TEST_CASE("pre-receive on a bare server rejects a pushed key", "[block][pre-receive]") {
  GitRepo server(true);
  REQUIRE(server.hookagent("install").exit_code == 0);
  GitRepo repo;
  repo.git("remote add origin '" + server.root().string() + "'");
  repo.commit_file("a.txt", "a\n");
  repo.commit_file("keys.py", fake_aws_key_line());
  auto r = repo.git("push origin main", true);
  INFO(r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("keys.py:1:") != std::string::npos);
  CHECK(server.git("rev-parse --verify -q refs/heads/main", true).exit_code != 0);
}

TEST_CASE("pre-receive: a pushed .gitleaks.toml, .hookagent.toml or ignore file cannot open the server's door",
          "[block][pre-receive]") {
  GitRepo server(true);
  REQUIRE(server.hookagent("install").exit_code == 0);
  GitRepo repo;
  repo.git("remote add origin '" + server.root().string() + "'");
  // Every switch a committer could try, committed before the key itself.
  repo.write(".gitleaks.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"aws-access-key-id\"]\n"
                               "[[allowlists]]\npaths = ['''.*''']\n[[allowlists]]\nregexes = ['''.''']\n");
  repo.write(".hookagent.toml", "[scan]\npacks = []\ncontext_paths = [\".*\"]\n"
                                "[hooks.pre-receive]\nenabled = false\nblock_on = \"never\"\n");
  repo.write(".gitleaksignore", "keys.py:aws-access-key-id:1\nkeys.py:aws-access-token:1\n");
  repo.git("add .gitleaks.toml .hookagent.toml .gitleaksignore");
  repo.git("commit -q --no-verify -m 'allow everything'");
  repo.write("keys.py", fake_aws_key_line());
  repo.git("add keys.py");
  repo.git("commit -q --no-verify -m key");
  auto r = repo.git("push origin main", true);
  INFO(r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("keys.py:1:") != std::string::npos);
  CHECK(server.git("rev-parse --verify -q refs/heads/main", true).exit_code != 0);
}
