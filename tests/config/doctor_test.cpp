// `hookagent doctor` and `hookagent trust` as a user runs them: the real binary in a real repo.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "hookagent_build_config.hpp"
#include "support/git_fixture.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent::test;

namespace {
bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

ProcessResult run_with(const GitRepo& repo, const std::string& args, std::map<std::string, std::string> extra) {
  auto env = repo.env();
  for (auto& [k, v] : extra) env[k] = v;
  return sh("'" + hookagent_bin() + "' " + args, repo.root(), env);
}
}  // namespace

TEST_CASE("doctor prints the effective config with the origin of each value") {
  GitRepo repo;
  repo.write(".hookagent.toml", "[hooks.pre-commit]\nblock_on = \"medium\"\n");
  write_file(repo.home() / ".config/hookagent/config.toml", "[provider]\nmodel = \"user-model\"\n");
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "hooks.pre-commit.block_on = \"medium\""));
  CHECK(has(r.out, "# " + (repo.root() / ".hookagent.toml").string() + ":2:1"));
  CHECK(has(r.out, "# " + (repo.home() / ".config/hookagent/config.toml").string() + ":2:1"));
  CHECK(has(r.out, "hooks.pre-push.block_on = \"high\""));
  CHECK(has(r.out, "hooks dir: " + (repo.root() / ".git/hooks").string()));
  CHECK(has(r.out, "pre-commit          not installed"));
  CHECK(has(r.out, "no problems found"));
}

TEST_CASE("doctor with a broken config exits 2 and names file:line:col") {
  GitRepo repo;
  repo.write(".hookagent.toml", "[hooks.pre-commit]\nblok_on = \"high\"\n");
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, (repo.root() / ".hookagent.toml").string() + ":2:1: unknown key 'blok_on' in [hooks.pre-commit]"));
  CHECK(has(r.out, "did you mean 'block_on'?"));
}

TEST_CASE("doctor shows installed and chained hooks") {
  GitRepo repo;
  repo.write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
  REQUIRE(chmod((repo.root() / ".git/hooks/pre-commit").c_str(), 0755) == 0);
  auto install = repo.hookagent("install --hooks pre-commit,post-commit");
  INFO(install.out << install.err);
  REQUIRE(install.exit_code == 0);
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(has(r.out, "pre-commit          hookagent, chained: " + (repo.root() / ".git/hooks/pre-commit.hookagent-chained").string()));
  CHECK(has(r.out, "post-commit         hookagent"));
  CHECK(has(r.out, "pre-push            not installed"));
}

TEST_CASE("doctor follows core.hooksPath") {
  GitRepo repo;
  repo.git("config core.hooksPath .githooks");
  REQUIRE(repo.hookagent("install --hooks pre-commit").exit_code == 0);
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(has(r.out, "hooks dir: " + (repo.root() / ".githooks").string() + "\n"));
  CHECK(has(r.out, "pre-commit          hookagent"));
}

TEST_CASE("doctor notices hooks installed where git no longer looks") {
  GitRepo repo;
  REQUIRE(repo.hookagent("install --hooks pre-commit").exit_code == 0);
  repo.git("config core.hooksPath elsewhere");
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "but git now runs hooks from " + (repo.root() / "elsewhere").string() +
                       ": run `hookagent install` again"));
}

TEST_CASE("doctor lists untrusted keys until `hookagent trust`, and again after an edit") {
  GitRepo repo;
  repo.write(".hookagent.toml", "[provider]\nbase_url = \"https://collector.invalid\"\n");
  auto before = repo.hookagent("doctor");
  INFO(before.out << before.err);
  CHECK(before.exit_code == 0);
  CHECK(has(before.out, "untrusted: " + (repo.root() / ".hookagent.toml").string() +
                            ":2:1: provider.base_url = \"https://collector.invalid\" ignored"));
  CHECK(has(before.out, "run `hookagent trust`"));

  auto trust = repo.hookagent("trust");
  INFO(trust.out << trust.err);
  REQUIRE(trust.exit_code == 0);
  CHECK(has(trust.out, "now applies: " + (repo.root() / ".hookagent.toml").string() + ":2:1: provider.base_url"));
  CHECK(std::filesystem::exists(repo.home() / ".local/state/hookagent/trusted.toml"));
  auto after = repo.hookagent("doctor");
  CHECK_FALSE(has(after.out, "untrusted:"));
  CHECK(has(after.out, "providers.default.base_url = \"https://collector.invalid\""));

  repo.write(".hookagent.toml", "[provider]\nbase_url = \"https://other.invalid\"\n");
  CHECK(has(repo.hookagent("doctor").out, "untrusted: "));
  REQUIRE(repo.hookagent("trust").exit_code == 0);
  auto revoke = repo.hookagent("trust --revoke");
  CHECK(revoke.exit_code == 0);
  CHECK(has(revoke.out, "no longer trusting"));
  CHECK(has(repo.hookagent("doctor").out, "untrusted: "));
}

TEST_CASE("doctor says whether the API key is set and never prints it") {
  GitRepo repo;
  write_file(repo.home() / ".config/hookagent/config.toml", "[provider]\nkind = \"anthropic\"\n");
  auto unset = run_with(repo, "doctor", {{"ANTHROPIC_API_KEY", ""}});
  CHECK(has(unset.out, "API key from $ANTHROPIC_API_KEY (NOT set)"));
  CHECK(has(unset.out, "$ANTHROPIC_API_KEY is not set"));
  const std::string fake_key = std::string("test-") + "not-a-real-key-" + std::to_string(getpid());
  auto set = run_with(repo, "doctor", {{"ANTHROPIC_API_KEY", fake_key}});
  CHECK(has(set.out, "API key from $ANTHROPIC_API_KEY (set)"));
  CHECK_FALSE(has(set.out + set.err, fake_key));
}

TEST_CASE("HOOKAGENT_* environment overrides show their variable as origin") {
  GitRepo repo;
  auto r = run_with(repo, "doctor", {{"HOOKAGENT_BLOCK_ON", "critical"}, {"HOOKAGENT_MODEL", "env-model"}});
  CHECK(has(r.out, "hooks.pre-commit.block_on = \"critical\""));
  CHECK(has(r.out, "# HOOKAGENT_BLOCK_ON"));
  CHECK(has(r.out, "providers.default.model = \"env-model\""));
}

TEST_CASE("doctor in a repo owned by another user gives the exact safe.directory fix") {
  if (geteuid() != 0) {
    WARN("not root: cannot hand the repo to another user; skipped");
    return;
  }
  GitRepo repo;
  REQUIRE(sh("chown -R 65534:65534 .", repo.root()).exit_code == 0);
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "repository is owned by another user"));
  CHECK(has(r.out, "git config --global --add safe.directory '" + repo.root().string() + "'"));
  REQUIRE(sh("chown -R 0:0 .", repo.root()).exit_code == 0);
}

TEST_CASE("doctor outside a repository shows the user config and passes") {
  TempDir dir;
  GitRepo env_source;
  auto r = sh("'" + hookagent_bin() + "' doctor", dir.path(), env_source.env());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "repository: none here"));
  CHECK(has(r.out, "effective config"));
}

TEST_CASE("trust in a repo without .hookagent.toml is a usage error") {
  GitRepo repo;
  auto r = repo.hookagent("trust");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "there is no .hookagent.toml to trust"));
}

TEST_CASE("doctor --quiet prints only problems") {
  GitRepo repo;
  repo.write(".hookagent.toml", "[hooks.pre-commit]\nblock_on = \"never\"\n");
  auto r = repo.hookagent("-q doctor");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("problems:\n", 0) == 0);
  CHECK_FALSE(has(r.out, "effective config"));
}

TEST_CASE("doctor says whether the scan prefilter is compiled for this repository's rules") {
  GitRepo repo;
  TempDir cache;
  auto doctor = [&] {
    return sh("XDG_CACHE_HOME='" + cache.path().string() + "' '" + hookagent_bin() + "' doctor", repo.root(),
              repo.env());
  };
  auto before = doctor();
  INFO(before.out << before.err);
  CHECK(before.exit_code == 0);
  CHECK(has(before.out, "offline rules: "));
#if HOOKAGENT_HAVE_HYPERSCAN
  if (prefilter_off_in_env()) {
    CHECK(has(before.out, "scan prefilter: off (HOOKAGENT_PREFILTER=off)"));
  } else {
    CHECK(has(before.out, "scan prefilter: not compiled"));
    REQUIRE(sh("XDG_CACHE_HOME='" + cache.path().string() + "' '" + hookagent_bin() + "' install", repo.root(),
               repo.env()).exit_code == 0);
    auto after = doctor();
    INFO(after.out << after.err);
    CHECK(has(after.out, "scan prefilter: compiled for these rules"));
  }
#endif
  // A team rule file that does not load is broken, with its file:line.
  repo.write(".gitleaks.toml", "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n");
  auto broken = doctor();
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 2);
  CHECK(has(broken.out, "offline rules: "));
  CHECK(has(broken.out, ".gitleaks.toml:"));
}

TEST_CASE("doctor shows the agent sandbox, and without one says Bash and the command provider are off") {
  GitRepo repo;
  auto r = repo.hookagent("doctor");
  INFO(r.out << r.err);
  CHECK(has(r.out, "agent sandbox: "));
  write_file(repo.home() / ".config/hookagent/config.toml",
             "[provider]\nkind = \"command\"\ncommand = [\"claude\", \"-p\", \"--output-format\", \"json\"]\n");
  auto off = run_with(repo, "doctor", {{"HOOKAGENT_SANDBOX", "off"}});
  INFO(off.out << off.err);
  CHECK(has(off.out, "agent sandbox: none: HOOKAGENT_SANDBOX=off"));
  CHECK(has(off.out, "no kernel sandbox (HOOKAGENT_SANDBOX=off; unset it to use Landlock or bubblewrap): agent Bash "
                     "calls are denied and the command provider does not run"));
  auto bwrap = run_with(repo, "doctor", {{"HOOKAGENT_SANDBOX", "bubblewrap"}});
  CHECK((has(bwrap.out, "agent sandbox: bubblewrap (") || has(bwrap.out, "bwrap is not installed")));
}
