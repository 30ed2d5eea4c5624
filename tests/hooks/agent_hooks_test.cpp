// The installed hooks running skills' agents end to end: real `git commit`,
// the scripted provider on loopback, configured in the user's own config.
// pre-commit blocks on the agent's findings (through the cache and the
// verification pass) and follows on_error when the provider fails;
// post-commit writes the agent's review as a git note in the background.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "agent_hook_fixture.hpp"

using namespace hookagent::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Clean for the offline rules, so that only the scripted agent decides.
constexpr const char* kAppPy = "def total(items):\n    return sum(i.price for i in items)\n";

std::string pre_commit_config(const std::string& extra = "") {
  return "[hooks.pre-commit]\nskills = [\"code-review\"]\ntimeout = \"20s\"\n" + extra +
         // No background reviews here: they would talk to the same server.
         "\n[hooks.post-commit]\nenabled = false\n";
}

// A repo with one commit (made before install, so no hook ran) and app.py staged.
void stage_app(AgentHookRepo& fx) {
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.install();
  fx.repo.write("app.py", kAppPy);
  fx.repo.git("add app.py");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// The `hookagent usage` row of `key`, split into words: key runs cached input output cost.
std::vector<std::string> usage_row(const std::string& table, const std::string& key) {
  for (auto& line : lines_of(table)) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string w; words >> w;) row.push_back(w);
    if (row.size() == 6 && row[0] == key) return row;
  }
  return {};
}

std::string system_prompt(const RecordedRequest& r) {
  auto j = r.json();
  return j.is_object() && j.contains("system") ? j["system"].dump() : "";
}

// A commit through the installed hooks that adds `file`; its name is its content.
void commit_new_file(AgentHookRepo& fx, const std::string& file) {
  fx.repo.write(file, file + "\n");
  auto r = fx.run("git add -- " + file + " && git commit -q -m " + file);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

bool commit_exists(const AgentHookRepo& fx, const std::string& message) {
  return fx.repo.git("log --format=%s", true).out.find(message) != std::string::npos;
}

}  // namespace

TEST_CASE("pre-commit blocks on the agent's high finding with file:line; a repeat is served from the cache",
          "[agent-hooks][pre-commit]") {
  AgentHookRepo fx;
  fx.configure(pre_commit_config());
  stage_app(fx);
  push_one_finding(*fx.server, finding_input("app.py", 2, "high", "price may be None here"), "One problem.");

  auto r = fx.run("git commit -q -m app");
  INFO(r.out << r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("app.py:2") != std::string::npos);
  CHECK(r.err.find("price may be None here") != std::string::npos);
  CHECK_FALSE(commit_exists(fx, "app"));
  REQUIRE(fx.server->requests().size() == 2);  // the report_finding turn and the closing turn

  // The same staged change again: the answer comes from .git/hookagent/cache.
  auto again = fx.run("git commit -q -m app");
  INFO(again.out << again.err);
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("app.py:2") != std::string::npos);
  CHECK(again.err.find("cached review, 0 tokens") != std::string::npos);
  CHECK(fx.server->requests().size() == 2);  // no new request

  auto usage = fx.hookagent("usage --by skill");
  INFO(usage.out << usage.err);
  auto row = usage_row(usage.out, "code-review");
  REQUIRE(row.size() == 6);
  CHECK(row[1] == "2");  // runs
  CHECK(row[2] == "1");  // of which cached
  auto records = lines_of(fx.repo.read(".git/hookagent/usage.jsonl"));
  REQUIRE(records.size() == 2);
  auto cached = json::parse(records[1]);
  CHECK(cached["cached"] == true);
  CHECK(cached["input_tokens"] == 0);
  CHECK(cached["output_tokens"] == 0);
  CHECK(json::parse(records[0])["input_tokens"].get<long long>() > 0);
}

TEST_CASE("pre-commit passes an agent finding below block_on", "[agent-hooks][pre-commit]") {
  AgentHookRepo fx;
  fx.configure(pre_commit_config());
  stage_app(fx);
  push_one_finding(*fx.server, finding_input("app.py", 1, "low", "name could be clearer"), "Minor.");
  auto r = fx.run("git commit -q -m app");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(commit_exists(fx, "app"));
  CHECK(fx.server->requests().size() == 2);
}

TEST_CASE("verify_findings: the second pass drops the finding and the commit passes", "[agent-hooks][pre-commit]") {
  AgentHookRepo fx;
  fx.configure(pre_commit_config("verify_findings = true\n"));
  stage_app(fx);
  push_one_finding(*fx.server, finding_input("app.py", 2, "high", "price may be None here"), "One problem.");
  // The verification pass reports nothing: the candidate did not hold up.
  fx.server->push({200, ScriptedProvider::anthropic_text("Not confirmed: items always carry a price.")});

  auto r = fx.run("git commit -q -m app");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(commit_exists(fx, "app"));
  auto requests = fx.server->requests();
  REQUIRE(requests.size() == 3);  // review: 2 turns; verification: 1
  CHECK(system_prompt(requests[0]).find("Candidates") == std::string::npos);
  std::string verify = system_prompt(requests[2]);
  CHECK(verify.find("Verify findings") != std::string::npos);  // skills/verify-findings/SKILL.md
  CHECK(verify.find("Candidates") != std::string::npos);
  CHECK(verify.find("app.py:2") != std::string::npos);
  CHECK(verify.find("price may be None here") != std::string::npos);
}

TEST_CASE("provider failures under on_error = allow: the commit passes with one line saying what was skipped",
          "[agent-hooks][pre-commit][provider-error]") {
  auto [what, reply] = GENERATE(table<std::string, ScriptedReply>({
      {"500s", ScriptedReply{500, R"({"type":"error","error":{"type":"api_error","message":"overloaded"}})"}},
      {"html", ScriptedReply{200, "<html><body><h1>502 Bad Gateway</h1></body></html>",
                             {{"Content-Type", "text/html"}}}},
  }));
  INFO(what);
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nskills = [\"code-review\"]\ntimeout = \"3s\"\non_error = \"allow\"\n"
               "[hooks.post-commit]\nenabled = false\n");
  stage_app(fx);
  fx.server->set_fallback(reply);
  auto r = fx.run("git commit -q -m app");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(commit_exists(fx, "app"));
  auto lines = lines_of(r.err);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("code-review") != std::string::npos);
  CHECK(lines[0].find("skipped") != std::string::npos);
  CHECK(fx.server->requests().size() >= 1);
}

TEST_CASE("provider failure under on_error = block (user config): exit 3 and no commit",
          "[agent-hooks][pre-commit][provider-error]") {
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nskills = [\"code-review\"]\ntimeout = \"3s\"\non_error = \"block\"\n"
               "[hooks.post-commit]\nenabled = false\n");
  stage_app(fx);
  fx.server->set_fallback({500, R"({"type":"error","error":{"type":"api_error","message":"overloaded"}})"});

  // The hook itself, as git runs it: exit 3 (internal or provider error).
  auto hook = fx.run(".git/hooks/pre-commit");
  INFO(hook.out << hook.err);
  CHECK(hook.exit_code == 3);
  CHECK(hook.err.find("on_error = \"block\"") != std::string::npos);

  auto r = fx.run("git commit -q -m app");
  INFO(r.out << r.err);
  CHECK(r.exit_code != 0);
  CHECK_FALSE(commit_exists(fx, "app"));
}

TEST_CASE("a provider that never answers does not hold the commit past the hook's timeout",
          "[agent-hooks][pre-commit][provider-error]") {
  SilentListener silent;
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nskills = [\"code-review\"]\ntimeout = \"3s\"\non_error = \"allow\"\n"
               "[hooks.post-commit]\nenabled = false\n",
               silent.base_url());
  stage_app(fx);
  auto start = std::chrono::steady_clock::now();
  auto r = fx.run("git commit -q -m app");
  auto took = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
  INFO(r.out << r.err << "took " << took.count() << " s");
  CHECK(r.exit_code == 0);
  CHECK(commit_exists(fx, "app"));
  CHECK(r.err.find("skipped") != std::string::npos);
  CHECK(took.count() < 30);  // a bound against hanging, not a timing assertion
}

TEST_CASE("post-commit writes the agent's review as a note: show, git log and usage agree",
          "[agent-hooks][background]") {
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nagent = \"never\"\n[hooks.post-commit]\nskills = [\"code-review\"]\n");
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.install();
  REQUIRE(fs::exists(fx.repo / ".git/hooks/post-commit"));
  push_one_finding(*fx.server, finding_input("app.py", 2, "medium", "price may be None here"),
                   "Reviewed total(): one problem.");
  fx.repo.write("app.py", kAppPy);
  fx.repo.git("add app.py");
  auto c = fx.run("git commit -q -m app");
  INFO(c.out << c.err);
  REQUIRE(c.exit_code == 0);
  auto head = fx.repo.head();
  REQUIRE(fx.wait_for_jobs() == 0);

  auto lines = lines_of(fx.note("HEAD"));
  REQUIRE(lines.size() == 1);
  auto note = json::parse(lines[0]);
  CHECK(note["skill"] == "code-review");
  CHECK(note["hook"] == "post-commit");
  CHECK(note["commit"] == head);
  CHECK(note["model"] == "claude-sonnet-4-5");
  CHECK(note["status"] == "findings");
  CHECK(note["summary"] == "Reviewed total(): one problem.");
  REQUIRE(note["findings"].size() == 1);
  CHECK(note["findings"][0]["file"] == "app.py");
  CHECK(note["findings"][0]["line"] == 2);
  CHECK(note["findings"][0]["source"] == "agent");
  long long in = note["usage"]["input_tokens"], out = note["usage"]["output_tokens"];
  CHECK(in > 0);
  CHECK(out > 0);
  CHECK(note["usage"]["cached"] == false);

  auto show = fx.hookagent("show");
  INFO(show.out << show.err);
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("code-review (post-commit") != std::string::npos);
  CHECK(show.out.find("claude-sonnet-4-5") != std::string::npos);
  CHECK(show.out.find("app.py:2") != std::string::npos);
  CHECK(show.out.find("price may be None here") != std::string::npos);
  CHECK(show.out.find(std::to_string(in + out) + " tokens") != std::string::npos);

  auto log = fx.repo.git("log -1 --notes=hookagent/code-review");
  CHECK(log.out.find("Notes (hookagent/code-review)") != std::string::npos);
  CHECK(log.out.find("price may be None here") != std::string::npos);

  // The usage log and the note count the same tokens.
  auto usage = fx.hookagent("usage --by skill");
  INFO(usage.out);
  auto row = usage_row(usage.out, "code-review");
  REQUIRE(row.size() == 6);
  CHECK(row[1] == "1");
  CHECK(row[2] == "0");
  CHECK(row[3] == std::to_string(in));
  CHECK(row[4] == std::to_string(out));
  auto by_hook = fx.hookagent("usage --by hook");
  CHECK(usage_row(by_hook.out, "post-commit").size() == 6);

  auto jobs = fx.hookagent("jobs");
  CHECK(jobs.out.find("done") != std::string::npos);
  CHECK(jobs.out.find("1 finding(s)") != std::string::npos);
}

TEST_CASE("cherry-pick, rebase and merge: every new commit gets one agent review, carried and cached ones cost nothing",
          "[agent-hooks][background]") {
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nagent = \"never\"\n[hooks.post-commit]\nskills = [\"code-review\"]\n"
               "[hooks.post-merge]\nskills = [\"code-review\"]\n");
  fx.server->set_fallback({200, ScriptedProvider::anthropic_text("Fine.")});
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.install();
  auto requests = [&] { return fx.server->requests().size(); };
  auto one_line_by = [&](const std::string& rev, const std::string& hook) {
    auto lines = lines_of(fx.note(rev));
    return lines.size() == 1 && json::parse(lines[0]).value("hook", "") == hook;
  };

  // Three commits on a branch, cherry-picked onto main: three reviews, one each.
  fx.repo.git("checkout -q -b topic");
  for (int i = 1; i <= 3; ++i) commit_new_file(fx, "t" + std::to_string(i) + ".txt");
  fx.repo.git("checkout -q main");
  commit_new_file(fx, "m0.txt");  // main moves on, so the picks are new commits
  REQUIRE(fx.wait_for_jobs() == 0);
  REQUIRE(requests() == 4);
  auto picked = fx.run("git cherry-pick main..topic");
  INFO(picked.out << picked.err);
  REQUIRE(picked.exit_code == 0);
  REQUIRE(fx.wait_for_jobs() == 0);
  // The picks are the same changes: their reviews come from the cache, for no request.
  CHECK(requests() == 4);
  for (auto rev : {"HEAD", "HEAD~1", "HEAD~2"}) CHECK(one_line_by(rev, "post-commit"));

  // A rebase rewrites two reviewed commits: their reviews are carried, none is rerun.
  fx.repo.git("checkout -q -b side HEAD~3");
  for (int i = 1; i <= 2; ++i) commit_new_file(fx, "s" + std::to_string(i) + ".txt");
  REQUIRE(fx.wait_for_jobs() == 0);
  REQUIRE(requests() == 6);
  auto rebased = fx.run("git rebase -q main");
  INFO(rebased.out << rebased.err);
  REQUIRE(rebased.exit_code == 0);
  REQUIRE(fx.wait_for_jobs() == 0);
  CHECK(requests() == 6);
  CHECK(lines_of(fx.note("HEAD")).size() == 1);
  CHECK(lines_of(fx.note("HEAD~1")).size() == 1);

  // A merge commit is reviewed by post-merge; a fast-forward adds no line and costs nothing.
  fx.repo.git("checkout -q main");
  commit_new_file(fx, "m.txt");
  REQUIRE(fx.wait_for_jobs() == 0);
  REQUIRE(requests() == 7);
  auto merged = fx.run("git merge -q --no-ff side -m merge-side");
  INFO(merged.out << merged.err);
  REQUIRE(merged.exit_code == 0);
  REQUIRE(fx.wait_for_jobs() == 0);
  CHECK(requests() == 8);
  CHECK(one_line_by("HEAD", "post-merge"));
  fx.repo.git("checkout -q -b ff");
  commit_new_file(fx, "f.txt");
  REQUIRE(fx.wait_for_jobs() == 0);
  REQUIRE(requests() == 9);
  fx.repo.git("checkout -q main");
  auto ff = fx.run("git merge -q --ff-only ff");
  REQUIRE(ff.exit_code == 0);
  REQUIRE(fx.wait_for_jobs() == 0);
  CHECK(requests() == 9);
  CHECK(one_line_by("HEAD", "post-commit"));
}

TEST_CASE("two skills in one pre-commit share one materialised snapshot, removed when the hook ends",
          "[agent-hooks][pre-commit][containment]") {
  AgentHookRepo fx;
  for (const char* name : {"first-look", "second-look"})
    fx.repo.write(std::string(".claude/skills/") + name + "/SKILL.md",
                  std::string("---\nname: ") + name + "\ndescription: Looks at the tree from Bash.\n"
                  "allowed-tools: Read Bash(pwd) Bash(ls *)\n---\nLook around.\n");
  fx.configure("[hooks.pre-commit]\nskills = [\"first-look\", \"second-look\"]\ntimeout = \"20s\"\n"
               "allowed-tools = [\"Read\", \"Bash(pwd)\", \"Bash(ls *)\"]\n\n[hooks.post-commit]\nenabled = false\n");
  stage_app(fx);
  for (int skill = 0; skill < 2; ++skill) {
    fx.server->push({200, ScriptedProvider::anthropic_tools({{"b" + std::to_string(skill), "Bash", {{"command", "pwd"}}}})});
    fx.server->push({200, ScriptedProvider::anthropic_text("looked")});
  }
  TempDir temp;
  auto r = fx.run("TMPDIR='" + temp.path().string() + "' git commit -q -m app");
  INFO(r.out << r.err);
  REQUIRE(fx.server->requests().size() == 4);
  auto first = last_tool_results(fx.server->requests()[1].json());
  auto second = last_tool_results(fx.server->requests()[3].json());
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  std::string where = first[0]["content"].is_string() ? first[0]["content"].get<std::string>() : first[0]["content"].dump();
  INFO(where);
  if (where.find("no kernel sandbox") != std::string::npos || where.find("unknown tool") != std::string::npos) {
    WARN("no kernel sandbox here: Bash did not run");
    return;
  }
  CHECK(where.find(temp.path().string() + "/hookagent-snap-") != std::string::npos);
  CHECK(second[0]["content"] == first[0]["content"]);  // the same directory: made once
  CHECK(fs::is_empty(temp.path()));                      // and gone when the hook ended
  CHECK(r.exit_code == 0);
}

TEST_CASE("verify_findings on rule findings: a stated reason dismisses one; silence leaves it blocking",
          "[agent-hooks][pre-commit][verify]") {
  // A rule finding in shipped code (the danger pack's subprocess rule is not needed: a team rule is enough).
  auto setup = [](AgentHookRepo& fx) {
    // security-scan is the offline scan; with a provider its skill's agent runs after the verification
    // and answers from the fallback below.
    fx.server->set_fallback({200, ScriptedProvider::anthropic_text("No further problems.")});
    fx.configure("[hooks.pre-commit]\nskills = [\"security-scan\"]\ntimeout = \"20s\"\nverify_findings = true\n"
                 "[hooks.post-commit]\nenabled = false\n[scan]\npacks = []\n");
    fx.repo.write(".gitleaks.toml", "[[rules]]\nid = \"team-shell\"\ncategory = \"injection\"\nseverity = \"high\"\n"
                                    "regex = '''os\\.system\\('''\nkeywords = [\"os.system\"]\n");
    fx.repo.commit_file(".gitleaks.toml", fx.repo.read(".gitleaks.toml"), "rules");
    fx.install();
    fx.repo.write("tool.py", "import os\nos.system('make clean')\n");
    fx.repo.git("add tool.py");
  };
  SECTION("the verifier dismisses it with a reason: the commit passes and the reason is printed") {
    AgentHookRepo fx;
    setup(fx);
    json dismissal = finding_input("tool.py", 2, "info", "a constant command: no input reaches it");
    dismissal["category"] = "dismissed";
    push_one_finding(*fx.server, dismissal, "Dismissed one.");
    auto r = fx.run("git commit -q -m tool");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto requests = fx.server->requests();
    REQUIRE(requests.size() >= 2);
    std::string prompt = system_prompt(requests[0]);
    CHECK(prompt.find("offline rule engine") != std::string::npos);
    CHECK(prompt.find("tool.py:2 team-shell") != std::string::npos);
    CHECK(r.err.find("dismissed by verify-findings: tool.py:2 team-shell: a constant command") != std::string::npos);
  }
  SECTION("the verifier says nothing (or reports it again): the finding still blocks") {
    AgentHookRepo fx;
    setup(fx);
    fx.server->push({200, ScriptedProvider::anthropic_text("Looks real to me.")});
    auto r = fx.run("git commit -q -m tool");
    INFO(r.out << r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("team-shell") != std::string::npos);
  }
  SECTION("a dismissal without a reason, or of a line that is not a candidate, removes nothing") {
    AgentHookRepo fx;
    setup(fx);
    json wrong_line = finding_input("tool.py", 1, "info", "the import is fine");
    wrong_line["category"] = "dismissed";
    push_one_finding(*fx.server, wrong_line, "Dismissed.");
    auto r = fx.run("git commit -q -m tool");
    INFO(r.out << r.err);
    CHECK(r.exit_code != 0);
  }
}
