// The hook runner's decisions, and the full run's seam to the scanner.
#include <stdlib.h>

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "git/libgit2_init.hpp"
#include "hooks/full_run.hpp"
#include "hooks/hook_work.hpp"
#include "hooks/shim.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::hooks;
using namespace hookagent::test;

namespace {

// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (value) setenv(name.c_str(), value, 1);
    else unsetenv(name.c_str());
  }
  ~ScopedEnv() { unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("hook names round-trip and stdin/blocking hooks are the documented ones", "[hooks]") {
  for (Hook h : all_hooks()) CHECK(parse_hook_name(hook_name(h)) == h);
  CHECK(reads_stdin(Hook::PrePush));
  CHECK(reads_stdin(Hook::PreReceive));
  CHECK(reads_stdin(Hook::PostRewrite));
  CHECK_FALSE(reads_stdin(Hook::PreCommit));
  CHECK(is_blocking(Hook::PreCommit));
  CHECK_FALSE(is_blocking(Hook::PostCommit));
}

TEST_CASE("SKIP and HOOKAGENT_SKIP switch hookagent off", "[hooks][skip]") {
  ScopedEnv a("HOOKAGENT_SKIP", nullptr);
  {
    ScopedEnv s("SKIP", "flake8, hookagent");
    CHECK_FALSE(skip_reason_from_env().empty());
  }
  {
    ScopedEnv s("SKIP", "hookagentx,flake8");
    CHECK(skip_reason_from_env().empty());
  }
  ScopedEnv s("HOOKAGENT_SKIP", "1");
  CHECK_FALSE(skip_reason_from_env().empty());
}

TEST_CASE("a hook has work only when enabled with a skill that can run", "[hooks][work]") {
  Config config = default_config();
  CHECK(hook_has_work(Hook::PreCommit, config));  // security-scan runs offline
  config.hooks["pre-commit"].enabled = false;
  CHECK_FALSE(hook_has_work(Hook::PreCommit, config));
  config.hooks["pre-commit"].enabled = true;
  config.hooks["pre-commit"].skills.clear();
  CHECK_FALSE(hook_has_work(Hook::PreCommit, config));
  // code-review is agent-only: nothing to do without a provider.
  config.hooks["post-commit"].skills = {"code-review"};
  config.providers["default"].kind = "none";
  CHECK_FALSE(hook_has_work(Hook::PostCommit, config));
}

TEST_CASE("the shim names the hook binary by absolute path, quoted for sh", "[hooks][shim]") {
  auto shim = render_shim(Hook::PrePush, "/opt/it's here/libexec");
  REQUIRE(shim);
  CHECK(shim->find("hookagent_hook_binary='/opt/it'\\''s here/libexec/pre-push'") != std::string::npos);
  CHECK(shim->find(kShimMarker) != std::string::npos);
  CHECK(shim->rfind("#!/bin/sh\n", 0) == 0);
}

TEST_CASE("pre-push hands every pushed commit of every ref line to the scanner", "[hooks][push]") {
  hookagent::gitx::wait_libgit2_init();
  GitRepo remote(true);
  GitRepo repo;
  repo.git("remote add origin '" + remote.root().string() + "'");
  auto base = repo.commit_file("a.txt", "a\n");
  repo.git("push -q origin main");
  auto main_tip = repo.commit_file("b.txt", "b\n");
  repo.git("checkout -q -b feature " + base);
  auto feature_tip = repo.commit_file("c.txt", "c\n");
  repo.git("fetch -q origin");

  FullRunInput input;
  input.hook = Hook::PrePush;
  input.args = {"origin", remote.root().string()};
  const std::string zero(40, '0');
  input.stdin_data = "refs/heads/main " + main_tip + " refs/heads/main " + base + "\n" +
                     "refs/heads/feature " + feature_tip + " refs/heads/feature " + zero + "\n";
  input.cwd = repo.root();
  input.quiet = true;

  std::vector<std::string> scanned;
  OfflineScan recorder = [&](const scan::ScanRequest& req, const Config&, const RepoPaths&) -> Result<scan::ScanResult> {
    scanned = req.commits;
    return scan::ScanResult{};
  };
  ScopedEnv home("HOME", repo.home().c_str());
  CHECK(run_full_hook(input, recorder) == 0);
  std::sort(scanned.begin(), scanned.end());
  std::vector<std::string> expected{main_tip, feature_tip};
  std::sort(expected.begin(), expected.end());
  CHECK(scanned == expected);
}

TEST_CASE("a finding at block_on blocks; the chained status counts too", "[hooks][block]") {
  hookagent::gitx::wait_libgit2_init();
  GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  FullRunInput input;
  input.hook = Hook::PreCommit;
  input.cwd = repo.root();
  input.quiet = true;
  ScopedEnv home("HOME", repo.home().c_str());

  auto finding_of = [](Severity s) {
    return OfflineScan([s](const scan::ScanRequest&, const Config&, const RepoPaths&) -> Result<scan::ScanResult> {
      scan::ScanResult r;
      Finding f;
      f.rule_id = "test-rule";
      f.severity = s;
      f.file = "a.txt";
      f.line = 1;
      r.findings.push_back(f);
      return r;
    });
  };
  CHECK(run_full_hook(input, finding_of(Severity::Critical)) == 1);
  CHECK(run_full_hook(input, finding_of(Severity::Low)) == 0);
  input.chained_status = 1;
  CHECK(run_full_hook(input, finding_of(Severity::Low)) == 1);
}
