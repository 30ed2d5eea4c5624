// The CI review templates, run for real (tests/fleet/run_ci_template.py runs a
// job's shell the way its engine would): in a fresh clone of a bare origin, the
// job fetches the notes a laptop pushed, reviews only the commit no note covers,
// and pushes the new note back, so that the next job asks the provider nothing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "hooks/agent_hook_fixture.hpp"
#include "review_fixture.hpp"

using namespace hookagent::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

struct Setup {
  fs::path origin, bin;
  std::string base, laptop_commit, new_commit;
};

// main at `base`; a feature branch of two commits on origin; the first was
// reviewed on the laptop and its note pushed, the second was not.
Setup make_setup(AgentHookRepo& fx) {
  Setup s;
  s.base = fx.repo.commit_file("README.md", "base\n", "base");
  s.origin = fx.repo.home() / "origin.git";
  fx.repo.git("init -q --bare --initial-branch=main " + quoted(s.origin));
  fx.repo.git("remote add origin " + quoted(s.origin));
  fx.repo.git("push -q origin HEAD:refs/heads/main");
  fx.repo.git("checkout -q -b feature");
  s.laptop_commit = fx.repo.commit_file("a.py", "a = 1\n", "a");
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Looks fine.")});
  auto laptop = fx.hookagent("review --range " + s.base + "..HEAD --notes");
  INFO(both(laptop));
  REQUIRE(laptop.exit_code == 0);
  REQUIRE(fx.hookagent("notes push origin").exit_code == 0);
  s.new_commit = fx.repo.commit_file("b.py", "b = 2\n", "b");
  fx.repo.git("push -q origin feature");
  REQUIRE(fx.server->requests().size() == 1);
  // What the template's install step puts on PATH.
  s.bin = fx.repo.home() / "bin";
  fs::create_directories(s.bin);
  fs::create_symlink(hookagent_bin(), s.bin / "hookagent");
  return s;
}

// The runner, from a checkout of the change's head, without the API key in its
// environment: the template has to hand the secret to hookagent itself.
ProcessResult run_job(AgentHookRepo& fx, const Setup& s, const std::string& name, const std::string& engine,
                      const std::string& file, const std::string& job, const json& context,
                      const std::string& env = {}) {
  fs::path checkout = fx.repo.home() / name;
  fx.repo.git("clone -q " + quoted(s.origin) + " " + quoted(checkout));
  fx.repo.git_in(checkout, "checkout -q " + s.new_commit);
  write_file(fx.repo.home() / (name + ".json"), context.dump());
  return fx.run("cd " + quoted(checkout) + " && env -u " + kTestKeyEnv + " " + env + " python3 " +
                quoted(source_root() / "tests/fleet/run_ci_template.py") + " " + engine + " " +
                quoted(source_root() / file) + " " + job + " " + quoted(fx.repo.home() / (name + ".json")));
}

std::string origin_note(const AgentHookRepo& fx, const Setup& s, const std::string& commit) {
  return fx.repo.git("--git-dir=" + quoted(s.origin) + " notes --ref=hookagent/code-review show " + commit, true).out;
}

}  // namespace

TEST_CASE("the GitHub review workflow fetches the notes, reviews only new commits and pushes its notes",
          "[fleet][review-notes][template]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  Setup s = make_setup(fx);
  const fs::path summary = fx.repo.home() / "step-summary.md";
  auto context = [&](const std::string& install) {
    return json{{"inputs.install", install},
                {"inputs.skill", "code-review"},
                {"inputs.review-args", ""},
                {"inputs.provider-key-env", kTestKeyEnv},
                {"secrets.provider-key", "test-key-value"},
                {"github.event.pull_request.base.sha || github.event.before", s.base},
                {"github.event.pull_request.head.sha || github.sha", s.new_commit},
                {"github.event.repository.default_branch", "main"}};
  };
  const std::string env = "GITHUB_STEP_SUMMARY=" + quoted(summary) + " GITHUB_PATH=" +
                          quoted(fx.repo.home() / "github-path");
  const std::string install = "echo " + quoted(s.bin) + " >> \"$GITHUB_PATH\"";
  auto r = run_job(fx, s, "gh1", "github", "templates/github/hookagent-review.yml", "review", context(install), env);
  INFO(both(r));
  if (r.exit_code == 77) {
    WARN("skipped: " << r.out);  // the runner needs PyYAML
    return;
  }
  REQUIRE(r.exit_code == 0);
  CHECK(fx.server->requests().size() == 2);  // the laptop's commit was not sent again
  std::string log = read_file(summary);
  CHECK(log.find("### hookagent review") != std::string::npos);
  CHECK(log.find(s.laptop_commit.substr(0, 12) + "  noted") != std::string::npos);
  CHECK(log.find(s.new_commit.substr(0, 12) + "  reviewed") != std::string::npos);
  CHECK(origin_note(fx, s, s.new_commit).find("\"key\":") != std::string::npos);  // pushed

  // The next run (another push to the pull request) pays for nothing.
  auto again = run_job(fx, s, "gh2", "github", "templates/github/hookagent-review.yml", "review", context(install), env);
  INFO(both(again));
  CHECK(again.exit_code == 0);
  CHECK(fx.server->requests().size() == 2);

  // An install step that fails stops the job before any review.
  auto broken = run_job(fx, s, "gh3", "github", "templates/github/hookagent-review.yml", "review", context("exit 2"), env);
  CHECK(broken.exit_code != 0);
  CHECK(broken.out.find("skipped after a failure: Review each new commit") != std::string::npos);
}

TEST_CASE("the GitLab review job fetches the notes, reviews only new commits and pushes with its token",
          "[fleet][review-notes][template]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  Setup s = make_setup(fx);
  // GitLab's push URL carries the token; git is told that URL is the bare origin.
  const std::string push_url = "https://hookagent:fake-push-token@gitlab.example.invalid/group/project.git";
  json context{{"CI_MERGE_REQUEST_DIFF_BASE_SHA", s.base},
               {"CI_COMMIT_SHA", s.new_commit},
               {"CI_SERVER_HOST", "gitlab.example.invalid"},
               {"CI_PROJECT_PATH", "group/project"},
               {"HOOKAGENT_INSTALL", "export PATH=" + quoted(s.bin) + ":$PATH"},
               {"HOOKAGENT_PUSH_TOKEN", "fake-push-token"},
               {kTestKeyEnv, "test-key-value"},
               {"GIT_CONFIG_COUNT", "1"},
               {"GIT_CONFIG_KEY_0", "url." + s.origin.string() + ".insteadOf"},
               {"GIT_CONFIG_VALUE_0", push_url}};
  const std::string file = "templates/gitlab/hookagent-review.gitlab-ci.yml";
  auto r = run_job(fx, s, "gl1", "gitlab", file, "hookagent-review", context);
  INFO(both(r));
  if (r.exit_code == 77) {
    WARN("skipped: " << r.out);  // the runner needs PyYAML
    return;
  }
  REQUIRE(r.exit_code == 0);
  CHECK(fx.server->requests().size() == 2);
  CHECK(r.out.find(s.laptop_commit.substr(0, 12) + "  noted") != std::string::npos);
  CHECK(r.out.find(s.new_commit.substr(0, 12) + "  reviewed") != std::string::npos);
  CHECK(origin_note(fx, s, s.new_commit).find("\"key\":") != std::string::npos);

  auto again = run_job(fx, s, "gl2", "gitlab", file, "hookagent-review", context);
  INFO(both(again));
  CHECK(again.exit_code == 0);
  CHECK(fx.server->requests().size() == 2);
  CHECK(again.out.find("already in notes 2") != std::string::npos);

  // Without a push token the review still runs and says where the notes stayed.
  context.erase("HOOKAGENT_PUSH_TOKEN");
  auto unpushed = run_job(fx, s, "gl3", "gitlab", file, "hookagent-review", context);
  CHECK(unpushed.exit_code == 0);
  CHECK(unpushed.out.find("HOOKAGENT_PUSH_TOKEN is not set") != std::string::npos);
}
