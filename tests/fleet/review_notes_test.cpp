// Fleet agent reviews in CI (issue 14, item 4): `hookagent review --range
// BASE..HEAD --notes` writes, per commit, the note post-commit's worker writes,
// and a commit whose note already holds the same review (same cache key) costs
// nothing, whether the note was written by a laptop or by an earlier CI job and
// travelled with `hookagent notes push|fetch` through a bare "origin".
// The provider is the scripted server on loopback; its request log is the bill.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "hooks/agent_hook_fixture.hpp"
#include "review_fixture.hpp"

using namespace hookagent::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The JSON objects of a commit's code-review note (the lines for people left out).
std::vector<json> note_entries(const AgentHookRepo& fx, const fs::path& dir, const std::string& commit) {
  auto r = fx.run("cd '" + dir.string() + "' && git notes --ref=hookagent/code-review show " + commit +
                  " 2>/dev/null");
  std::vector<json> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && !line.starts_with("[hookagent] ")) out.push_back(json::parse(line));
  return out;
}

std::string note_text(const AgentHookRepo& fx, const fs::path& dir, const std::string& commit) {
  return fx.run("cd '" + dir.string() + "' && git notes --ref=hookagent/code-review show " + commit + " 2>/dev/null")
      .out;
}

// A bare origin beside the work tree, holding main.
fs::path add_origin(AgentHookRepo& fx) {
  fs::path origin = fx.repo.home() / "origin.git";
  fx.repo.git("init -q --bare --initial-branch=main '" + origin.string() + "'");
  fx.repo.git("remote add origin '" + origin.string() + "'");
  fx.repo.git("push -q origin HEAD:refs/heads/main");
  return origin;
}

// A fresh clone of `origin` (no review cache, no notes yet), as a CI job starts.
fs::path fresh_clone(AgentHookRepo& fx, const fs::path& origin, const std::string& name) {
  fs::path dir = fx.repo.home() / name;
  fx.repo.git("clone -q '" + origin.string() + "' '" + dir.string() + "'");
  return dir;
}

ProcessResult hookagent_in(const AgentHookRepo& fx, const fs::path& dir, const std::string& args) {
  return fx.hookagent("-C '" + dir.string() + "' " + args);
}

// Three commits after `base`: a clean one, one the model reports a finding on,
// and a merge of a side branch (not reviewed: its changes are its parents').
struct Range {
  std::string base, first, second, side, merge;
};

Range make_range(AgentHookRepo& fx) {
  Range r;
  r.base = fx.repo.commit_file("README.md", "base\n", "base");
  r.first = fx.repo.commit_file("app.py", "def total(items):\n    return sum(items)\n", "total");
  r.second = fx.repo.commit_file("run.py", "import subprocess\nsubprocess.run(cmd, shell=True)\n", "run");
  fx.repo.git("checkout -q -b side");
  r.side = fx.repo.commit_file("side.txt", "side\n", "side");
  fx.repo.git("checkout -q -");
  fx.repo.git("merge -q --no-ff -m merge side");
  r.merge = fx.repo.head();
  return r;
}

void script_range_replies(ScriptedProvider& server) {
  // Oldest first: first, second (a finding, then the closing turn), side.
  server.push({200, ScriptedProvider::anthropic_text("total() looks right.")});
  push_one_finding(server, finding_input("run.py", 2, "high", "shell=True with a variable command"), "One problem.");
  server.push({200, ScriptedProvider::anthropic_text("A text file.")});
}

}  // namespace

TEST_CASE("review --range --notes writes post-commit's note on each commit and prints one line per commit",
          "[fleet][review-notes]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  Range range = make_range(fx);
  script_range_replies(*fx.server);

  auto r = fx.hookagent("review --range " + range.base + "..HEAD --notes");
  INFO(both(r));
  REQUIRE(r.exit_code == 0);  // post-commit never blocks
  CHECK(fx.server->requests().size() == 4);
  CHECK(r.out.find("4 commit(s) of " + range.base + "..HEAD") != std::string::npos);
  CHECK(r.out.find(range.merge.substr(0, 12) + "  merge") != std::string::npos);
  CHECK(r.out.find(range.second.substr(0, 12) + "  reviewed") != std::string::npos);
  CHECK(r.out.find("findings: 1 (1 high)") != std::string::npos);
  CHECK(r.out.find("run.py:2 [high] shell=True with a variable command") != std::string::npos);
  CHECK(r.out.find("reviewed 3 (") != std::string::npos);
  CHECK(r.out.find("hookagent notes push") != std::string::npos);

  for (const auto& commit : {range.first, range.second, range.side}) {
    auto entries = note_entries(fx, fx.repo.root(), commit);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["commit"] == commit);
    CHECK(entries[0]["hook"] == "post-commit");
    CHECK(entries[0]["skill"] == "code-review");
    CHECK(entries[0]["key"].get<std::string>().size() == 64);
    CHECK(entries[0]["usage"]["input_tokens"].get<long long>() > 0);
    CHECK(entries[0]["status"] == (commit == range.second ? "findings" : "pass"));
  }
  CHECK(note_entries(fx, fx.repo.root(), range.merge).empty());
  // The line for people, as post-commit writes it, beside the JSON.
  CHECK(note_text(fx, fx.repo.root(), range.second).starts_with("[hookagent] code-review: 1 finding (1 high) - run.py:2:"));
  // `hookagent show` reads what CI wrote.
  auto shown = fx.hookagent("show " + range.second);
  CHECK(shown.out.find("shell=True with a variable command") != std::string::npos);

  // The same run again: every commit is in its note already; nothing is asked or written.
  const std::string before = note_text(fx, fx.repo.root(), range.second);
  auto again = fx.hookagent("review --range " + range.base + "..HEAD --notes --format json");
  INFO(both(again));
  CHECK(again.exit_code == 0);
  CHECK(fx.server->requests().size() == 4);
  auto doc = json::parse(again.out);
  REQUIRE(doc["commits"].size() == 4);
  CHECK(doc["commits"][0]["outcome"] == "noted");
  CHECK(doc["commits"][1]["outcome"] == "noted");
  CHECK(doc["commits"][1]["findings"].size() == 1);
  CHECK(doc["commits"][3]["outcome"] == "merge");
  CHECK(note_text(fx, fx.repo.root(), range.second) == before);
}

TEST_CASE("notes pushed from a laptop's post-commit reviews cost nothing again in a fresh CI clone",
          "[fleet][review-notes]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  const std::string base = fx.repo.commit_file("README.md", "base\n", "base");
  fs::path origin = add_origin(fx);
  fx.install();
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Looks fine.")});
  for (const std::string name : {"a", "b"}) {
    fx.repo.write(name + ".py", name + " = 1\n");
    REQUIRE(fx.run("git add . && git commit -q -m " + name).exit_code == 0);  // with the API key: post-commit reviews
    int waited = fx.wait_for_jobs();
    INFO(both(fx.hookagent("jobs")) << fx.run("cat .git/hookagent/jobs/*.log").out);
    REQUIRE(waited == 0);
  }
  const auto laptop_calls = fx.server->requests().size();
  REQUIRE(laptop_calls == 2);
  REQUIRE(note_entries(fx, fx.repo.root(), "HEAD").size() == 1);
  fx.repo.git("push -q origin HEAD:refs/heads/main");
  auto pushed = fx.hookagent("notes push origin");
  INFO(both(pushed));
  REQUIRE(pushed.exit_code == 0);

  // The CI job: a clone that has never seen a review, the notes fetched.
  fs::path ci = fresh_clone(fx, origin, "ci");
  CHECK(!fs::exists(ci / ".git/hookagent/cache"));
  auto fetched = hookagent_in(fx, ci, "notes fetch origin");
  INFO(both(fetched));
  REQUIRE(fetched.exit_code == 0);
  auto r = hookagent_in(fx, ci, "review --range " + base + "..HEAD --notes");
  INFO(both(r));
  CHECK(r.exit_code == 0);
  CHECK(fx.server->requests().size() == laptop_calls);  // zero provider calls in CI
  CHECK(r.out.find("already in notes 2") != std::string::npos);
  CHECK(r.out.find("post-commit)") != std::string::npos);  // which review answered

  // Without the notes a clone pays again: the note is what travels, not the cache.
  fs::path bare_ci = fresh_clone(fx, origin, "ci-without-notes");
  auto paid = hookagent_in(fx, bare_ci, "review --range " + base + "..HEAD --notes");
  INFO(both(paid));
  CHECK(paid.exit_code == 0);
  CHECK(fx.server->requests().size() == laptop_calls + 2);
}

TEST_CASE("CI notes pushed by one job save the next job its requests; a changed skill or model asks again",
          "[fleet][review-notes]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  Range range = make_range(fx);
  fs::path origin = add_origin(fx);
  fx.repo.git("push -q origin HEAD:refs/heads/main");
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Looks fine.")});

  fs::path first_job = fresh_clone(fx, origin, "job1");
  auto r1 = hookagent_in(fx, first_job, "review --range " + range.base + "..HEAD --notes");
  INFO(both(r1));
  REQUIRE(r1.exit_code == 0);
  REQUIRE(fx.server->requests().size() == 3);
  REQUIRE(hookagent_in(fx, first_job, "notes push origin").exit_code == 0);

  fs::path second_job = fresh_clone(fx, origin, "job2");
  REQUIRE(hookagent_in(fx, second_job, "notes fetch origin").exit_code == 0);
  auto r2 = hookagent_in(fx, second_job, "review --range " + range.base + "..HEAD --notes");
  INFO(both(r2));
  CHECK(r2.exit_code == 0);
  CHECK(fx.server->requests().size() == 3);
  CHECK(r2.out.find("already in notes 3") != std::string::npos);

  SECTION("an edited skill is another review") {
    const std::string skill = "---\nname: code-review\ndescription: Review the change, stricter.\n"
                              "allowed-tools: Read Grep Glob\n---\nReview the change. Report every problem.\n";
    write_file(second_job / ".claude/skills/code-review/SKILL.md", skill);
    auto r3 = hookagent_in(fx, second_job, "review --range " + range.base + "..HEAD --notes");
    INFO(both(r3));
    CHECK(r3.exit_code == 0);
    CHECK(fx.server->requests().size() == 6);
    CHECK(r3.out.find("reviewed 3 (") != std::string::npos);
    // The note keeps the first review and adds the second, under its own key.
    auto entries = note_entries(fx, second_job, range.first);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0]["key"] != entries[1]["key"]);
  }
  SECTION("another model is another review") {
    auto r3 = hookagent_in(fx, second_job, "review --range " + range.base + "..HEAD --notes --model claude-opus-4-1");
    INFO(both(r3));
    CHECK(r3.exit_code == 0);
    CHECK(fx.server->requests().size() == 6);
  }
  SECTION("a narrower tool policy is another review") {
    write_file(second_job / ".hookagent.toml", "[hooks.post-commit]\nallowed-tools = [\"Read\"]\n");
    auto r3 = hookagent_in(fx, second_job, "review --range " + range.base + "..HEAD --notes");
    INFO(both(r3));
    CHECK(r3.exit_code == 0);
    CHECK(fx.server->requests().size() == 6);
  }
}

TEST_CASE("a provider that times out leaves the notes as they were and exits as on_error says",
          "[fleet][review-notes][provider-error]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  const std::string base = fx.repo.commit_file("README.md", "base\n", "base");
  const std::string reviewed = fx.repo.commit_file("a.py", "a = 1\n", "a");
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Looks fine.")});
  REQUIRE(fx.hookagent("review --range " + base + "..HEAD --notes").exit_code == 0);
  const std::string kept = note_text(fx, fx.repo.root(), reviewed);
  REQUIRE(!kept.empty());
  const std::string next = fx.repo.commit_file("b.py", "b = 2\n", "b");
  const std::string last = fx.repo.commit_file("c.py", "c = 3\n", "c");

  SilentListener silent;  // accepts connections, never answers
  for (const std::string on_error : {"allow", "block"}) {
    fx.configure(std::string(kReviewConfig) + "timeout = \"2s\"\non_error = \"" + on_error + "\"\n", silent.base_url());
    auto r = fx.hookagent("review --range " + base + "..HEAD --notes");
    INFO(on_error << ": " << both(r));
    CHECK(r.exit_code == (on_error == "allow" ? 0 : 3));
    CHECK(r.err.find("on_error = \"" + on_error + "\"") != std::string::npos);
    CHECK(r.err.find("a rerun reviews the commits left") != std::string::npos);
    CHECK(r.out.find(reviewed.substr(0, 12) + "  noted") != std::string::npos);  // no request for it
    CHECK(r.out.find(next.substr(0, 12) + "  failed") != std::string::npos);
    CHECK(r.out.find(last.substr(0, 12) + "  not reached") != std::string::npos);  // one timeout, not one each
    CHECK(note_text(fx, fx.repo.root(), reviewed) == kept);
    CHECK(note_text(fx, fx.repo.root(), next).empty());
    CHECK(note_text(fx, fx.repo.root(), last).empty());
  }

  // The provider is back: the rerun reviews only what is left.
  fx.configure(kReviewConfig);
  const auto calls = fx.server->requests().size();
  auto rerun = fx.hookagent("review --range " + base + "..HEAD --notes");
  INFO(both(rerun));
  CHECK(rerun.exit_code == 0);
  CHECK(fx.server->requests().size() == calls + 2);
  CHECK(note_entries(fx, fx.repo.root(), last).size() == 1);
}

TEST_CASE("review --notes names what to write for a range it cannot take", "[fleet][review-notes][bad-input]") {
  AgentHookRepo fx;
  fx.configure(kReviewConfig);
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.repo.commit_file("a.py", "a = 1\n", "a");
  struct Case {
    std::string args, says;
  };
  for (const Case& c : std::vector<Case>{
           {"--notes", "add --range BASE..HEAD"},
           {"--staged --notes", "add --range BASE..HEAD"},
           {"--range HEAD~1...HEAD --notes", "merge-base"},
           {"--range 0000000000000000000000000000000000000000..HEAD --notes", "null commit id"},
           {"--range no-such-branch..HEAD --notes", "fetch-depth: 0"},
       }) {
    auto r = fx.hookagent("review " + c.args);
    INFO(c.args << ": " << both(r));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.says) != std::string::npos);
  }
  CHECK(fx.server->requests().empty());
}
