// prepare-commit-msg and commit-msg end to end: real `git commit`, `merge`
// and `--amend` in real repos fire the installed hooks, and the scripted
// provider on loopback plays the model. Also the message-text rules and the
// light hook's decision, as units.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "hooks/commit_message_text.hpp"
#include "hooks/hook_work.hpp"
#include "support/git_fixture.hpp"
#include "support/scripted_provider.hpp"

using namespace hookagent;
using namespace hookagent::hooks;
using hookagent::test::GitRepo;
using hookagent::test::ScriptedProvider;
namespace fs = std::filesystem;

namespace {

// Built at test time so no scanner flags this repository. AWS key ids are base32 (A-Z, 2-7).
std::string fake_aws_key() { return std::string("AK") + "IA" + "ZX4Q7MWP" + "2KRT6BNV"; }

constexpr const char* kDraftOn = "[hooks.prepare-commit-msg]\nenabled = true\ntimeout = \"20s\"\n";
constexpr const char* kCheckOn = "[hooks.commit-msg]\nenabled = true\ntimeout = \"20s\"\n";

// An editor that records what git showed it and, when TYPE_MESSAGE is set,
// types that text on top, as a user would.
constexpr const char* kEditor =
    "#!/bin/sh\n"
    "cp \"$1\" \"$HOME/seen-by-editor\"\n"
    "if [ -n \"$TYPE_MESSAGE\" ]; then\n"
    "  { printf '%s\\n' \"$TYPE_MESSAGE\"; cat \"$1\"; } > \"$1.typed\" && mv \"$1.typed\" \"$1\"\n"
    "fi\n";

struct MessageFixture {
  GitRepo repo;
  ScriptedProvider server;
  std::string base;

  explicit MessageFixture(const std::string& hooks_config) {
    test::write_file(repo.home() / ".config/hookagent/config.toml",
                     "[provider]\nkind = \"anthropic\"\nmodel = \"claude-sonnet-4-5\"\n"
                     "base_url = \"" + server.base_url() + "\"\napi_key_env = \"HOOKAGENT_TEST_KEY\"\n\n" +
                         hooks_config);
    test::write_file(repo.home() / "editor.sh", kEditor);
    fs::permissions(repo.home() / "editor.sh", fs::perms::owner_all);
    base = repo.commit_file("README.md", "base\n", "base");
    auto r = repo.hookagent("install --hooks prepare-commit-msg,commit-msg");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }

  std::map<std::string, std::string> env(const std::string& typed = "") const {
    auto e = repo.env();
    e["HOOKAGENT_TEST_KEY"] = "test-key-value";
    e["GIT_EDITOR"] = (repo.home() / "editor.sh").string();
    e["TYPE_MESSAGE"] = typed;
    return e;
  }

  test::ProcessResult git(const std::string& args, const std::string& typed = "") const {
    return test::sh("git " + args, repo.root(), env(typed));
  }

  std::string head_message() const { return repo.git("log -1 --format=%B").out; }
  std::string seen_by_editor() const { return test::read_file(repo.home() / "seen-by-editor"); }
  std::string system_prompt(size_t i) const {
    auto j = server.requests().at(i).json();
    return j["system"][0]["text"].get<std::string>();
  }

  void stage(const std::string& rel, const std::string& content) {
    repo.write(rel, content);
    repo.git("add -- '" + rel + "'");
  }
};

int count_lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("a plain git commit gets the drafted message, git's comments kept below it", "[commit-msg][draft]") {
  MessageFixture fx(kDraftOn);
  fx.stage("greet.py", "print('hello')\n");
  fx.server.push({200, ScriptedProvider::anthropic_text(
                           "```\nfeat(greet): print a greeting at start\n\nUsers asked to be greeted.\n```")});
  auto r = fx.git("commit -q");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fx.head_message() == "feat(greet): print a greeting at start\n\nUsers asked to be greeted.\n\n");
  std::string seen = fx.seen_by_editor();
  CHECK(seen.starts_with("feat(greet): print a greeting at start\n\nUsers asked to be greeted.\n\n# "));
  CHECK(seen.find("# Please enter the commit message") != std::string::npos);
  REQUIRE(fx.server.requests().size() == 1);
  CHECK(fx.system_prompt(0).find("Draft the message for this commit") != std::string::npos);
  CHECK(fx.server.requests()[0].body.find("print('hello')") != std::string::npos);  // the staged diff
  CHECK(r.err.empty());  // a successful draft says nothing
}

TEST_CASE("git commit -m and -F keep the user's message and ask no provider", "[commit-msg][draft]") {
  MessageFixture fx(kDraftOn);
  fx.stage("a.txt", "a\n");
  auto r = fx.git("commit -q -m mine");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fx.head_message() == "mine\n\n");
  fx.stage("b.txt", "b\n");
  test::write_file(fx.repo.home() / "msg.txt", "from a file\n");
  r = fx.git("commit -q -F '" + (fx.repo.home() / "msg.txt").string() + "'");
  REQUIRE(r.exit_code == 0);
  CHECK(fx.head_message() == "from a file\n\n");
  CHECK(fx.server.requests().empty());
}

TEST_CASE("merge commits keep git's merge message, clean or after a conflict", "[commit-msg][draft]") {
  MessageFixture fx(kDraftOn);
  fx.repo.git("checkout -q -b topic");
  fx.repo.write("topic.txt", "t\n");
  fx.repo.write("shared.txt", "topic side\n");
  fx.repo.git("add topic.txt shared.txt");
  fx.git("commit -q -m topic");
  fx.repo.git("checkout -q main");
  fx.repo.write("main.txt", "m\n");
  fx.repo.git("add main.txt");
  fx.git("commit -q -m main");

  SECTION("clean merge") {
    auto r = fx.git("merge -q --no-ff --no-edit topic");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fx.head_message().starts_with("Merge branch 'topic'"));
  }
  SECTION("conflicted merge concluded with git commit") {
    fx.repo.write("shared.txt", "main side\n");
    fx.repo.git("add shared.txt");
    fx.git("commit -q -m 'main shared'");
    auto m = fx.git("merge -q topic");
    REQUIRE(m.exit_code != 0);  // the conflict
    fx.repo.write("shared.txt", "both sides\n");
    fx.repo.git("add shared.txt");
    auto r = fx.git("commit -q");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fx.head_message().starts_with("Merge branch 'topic'"));
  }
  SECTION("merge --squash concluded with git commit") {
    REQUIRE(fx.git("merge -q --squash topic").exit_code == 0);
    auto r = fx.git("commit -q");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fx.head_message().starts_with("Squashed commit of the following:"));
  }
  CHECK(fx.server.requests().empty());
}

TEST_CASE("an amend keeps the message it amends", "[commit-msg][draft]") {
  MessageFixture fx(kDraftOn);
  fx.stage("a.txt", "a\n");
  fx.git("commit -q -m original");
  fx.stage("a.txt", "a2\n");
  auto r = fx.git("commit -q --amend");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fx.head_message() == "original\n\n");
  CHECK(fx.seen_by_editor().starts_with("original\n"));
  CHECK(fx.server.requests().empty());
}

TEST_CASE("a template with text is kept; a template of comments only gets a draft", "[commit-msg][draft]") {
  MessageFixture fx(kDraftOn);
  fs::path tmpl = fx.repo.home() / "template.txt";
  fx.repo.git("config commit.template '" + tmpl.string() + "'");
  fx.stage("a.txt", "a\n");
  SECTION("template with text") {
    test::write_file(tmpl, "JIRA-0000: \n\n# describe the change\n");
    // git refuses a template left untouched, so the user types a line above it.
    auto r = fx.git("commit -q", "typed");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fx.seen_by_editor().starts_with("JIRA-0000: \n"));
    CHECK(fx.head_message().find("JIRA-0000:") != std::string::npos);
    CHECK(fx.server.requests().empty());
  }
  SECTION("template of comments only") {
    test::write_file(tmpl, "# Subject: what and why\n");
    fx.server.push({200, ScriptedProvider::anthropic_text("chore: add a.txt")});
    auto r = fx.git("commit -q");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fx.head_message() == "chore: add a.txt\n\n");
    CHECK(fx.seen_by_editor().find("# Subject: what and why") != std::string::npos);
    CHECK(fx.server.requests().size() == 1);
  }
}

TEST_CASE("a provider answering 500s never stops the commit: one line, file untouched", "[commit-msg][draft]") {
  MessageFixture fx(kDraftOn);
  fx.server.set_fallback({500, R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})"});
  fx.stage("a.txt", "a\n");
  auto r = fx.git("commit -q", "typed by the user");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fx.head_message() == "typed by the user\n\n");
  CHECK(fx.seen_by_editor().starts_with("\n# Please enter the commit message"));  // what git wrote, as it was
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.find("hookagent prepare-commit-msg:") == 0);
  CHECK(r.err.find("on_error = \"allow\"") != std::string::npos);
  CHECK(fx.server.requests().size() >= 2);  // 5xx is retried before giving up
}

TEST_CASE("on_error = block: a failed draft stops the commit", "[commit-msg][draft]") {
  MessageFixture fx(std::string(kDraftOn) + "on_error = \"block\"\n");
  fx.server.set_fallback({401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"});
  fx.stage("a.txt", "a\n");
  auto r = fx.git("commit -q", "typed by the user");
  INFO(r.out << r.err);
  CHECK(r.exit_code != 0);
  CHECK(fx.repo.head() == fx.base);
  CHECK(r.err.find("on_error = \"block\"") != std::string::npos);
}

TEST_CASE("the staged diff sent for a draft has the secret redacted", "[commit-msg][draft][redaction]") {
  std::string key = fake_aws_key();
  MessageFixture fx(kDraftOn);
  fx.stage("config.py", "AWS_ACCESS_KEY_ID = \"" + key + "\"\n");
  fx.server.push({200, ScriptedProvider::anthropic_text("feat(config): add AWS settings")});
  auto r = fx.git("commit -q");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(fx.server.requests().size() == 1);
  CHECK_FALSE(fx.server.any_body_contains(key));
  CHECK(fx.server.any_body_contains("[REDACTED:aws-access-token]"));
  CHECK(fx.head_message() == "feat(config): add AWS settings\n\n");
}

TEST_CASE("commit-msg blocks a message the model flags at block_on", "[commit-msg][check]") {
  MessageFixture fx(kCheckOn);
  fx.stage("app.py", "def pay(amount):\n    return charge(amount * 2)\n");
  fx.server.push({200, ScriptedProvider::anthropic_tools(
                           {{"t1", "report_finding",
                             {{"file", "COMMIT_EDITMSG"}, {"line", 1}, {"severity", "high"},
                              {"category", "inaccurate"}, {"message", "says docs, but the change alters payment code"},
                              {"confidence", 0.9}, {"fix", "fix(pay): charge twice the amount"}}}})});
  fx.server.push({200, ScriptedProvider::anthropic_text("The message misdescribes the change.")});
  auto r = fx.git("commit -q -m 'docs: fix a typo'");
  INFO(r.out << r.err);
  CHECK(r.exit_code != 0);
  CHECK(fx.repo.head() == fx.base);  // no commit was made
  CHECK(r.err.find("COMMIT_EDITMSG") != std::string::npos);
  CHECK(r.err.find("says docs, but the change alters payment code") != std::string::npos);
  CHECK(r.err.find("your message is kept: `git commit -e -F .git/COMMIT_EDITMSG`") != std::string::npos);
  REQUIRE(fx.server.requests().size() == 2);
  // The model saw the message to check, and the staged change.
  CHECK(fx.system_prompt(0).find("docs: fix a typo") != std::string::npos);
  CHECK(fx.server.requests()[0].body.find("charge(amount * 2)") != std::string::npos);
}

TEST_CASE("commit-msg lets a message through when the model finds nothing or only low ones", "[commit-msg][check]") {
  MessageFixture fx(kCheckOn);
  fx.stage("app.py", "print('x')\n");
  fx.server.push({200, ScriptedProvider::anthropic_tools(
                           {{"t1", "report_finding",
                             {{"file", "COMMIT_EDITMSG"}, {"line", 1}, {"severity", "low"}, {"category", "format"},
                              {"message", "subject ends with a full stop"}, {"fix", "feat: print x"}}}})});
  fx.server.push({200, ScriptedProvider::anthropic_text("Fine apart from the full stop.")});
  auto r = fx.git("commit -q -m 'feat: print x.'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(fx.head_message() == "feat: print x.\n\n");
  CHECK(r.err.find("subject ends with a full stop") != std::string::npos);  // shown, not blocking
}

TEST_CASE("commit-msg: the message sent to the provider has the secret redacted", "[commit-msg][check][redaction]") {
  std::string key = fake_aws_key();
  MessageFixture fx(kCheckOn);
  fx.stage("a.txt", "a\n");
  fx.server.push({200, ScriptedProvider::anthropic_text("ok")});
  auto r = fx.git("commit -q -m 'rotate " + key + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  REQUIRE(fx.server.requests().size() == 1);
  CHECK_FALSE(fx.server.any_body_contains(key));
  CHECK(fx.server.any_body_contains("[REDACTED:"));
}

TEST_CASE("commit-msg leaves git's own messages alone: merges and fixup!", "[commit-msg][check]") {
  MessageFixture fx(kCheckOn);
  fx.server.set_fallback({200, ScriptedProvider::anthropic_text("ok")});
  fx.repo.git("checkout -q -b topic");
  fx.repo.write("t.txt", "t\n");
  fx.repo.git("add t.txt");
  REQUIRE(fx.git("commit -q -m 'feat: add t'").exit_code == 0);  // checked: one request
  fx.repo.git("checkout -q main");
  fx.stage("m.txt", "m\n");
  REQUIRE(fx.git("commit -q -m 'feat: add m'").exit_code == 0);  // checked: one more
  REQUIRE(fx.server.requests().size() == 2);

  auto r = fx.git("merge -q --no-ff --no-edit topic");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  fx.stage("m.txt", "m2\n");
  r = fx.git("commit -q --fixup HEAD~1");
  REQUIRE(r.exit_code == 0);
  CHECK(fx.head_message().starts_with("fixup! "));
  CHECK(fx.server.requests().size() == 2);
}

TEST_CASE("commit-msg provider errors follow on_error", "[commit-msg][check]") {
  for (std::string mode : {"allow", "block"}) {
    MessageFixture fx(std::string(kCheckOn) + "on_error = \"" + mode + "\"\n");
    fx.server.set_fallback({401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"});
    fx.stage("a.txt", "a\n");
    auto r = fx.git("commit -q -m 'feat: add a'");
    INFO(mode << ": " << r.out << r.err);
    CHECK((r.exit_code == 0) == (mode == "allow"));
    CHECK((fx.repo.head() == fx.base) == (mode == "block"));
    CHECK(count_lines(r.err) == 1);
  }
}

TEST_CASE("the light hook starts the full run only when enabled, with a provider, for a commit with no message",
          "[commit-msg][units]") {
  Config c = default_config();
  CHECK_FALSE(hook_has_work(Hook::PrepareCommitMsg, c));  // off by default
  CHECK_FALSE(hook_has_work(Hook::CommitMsg, c));
  c.hooks["prepare-commit-msg"].enabled = true;
  c.hooks["commit-msg"].enabled = true;
  CHECK_FALSE(hook_has_work(Hook::PrepareCommitMsg, c));  // no provider: nothing can draft
  CHECK_FALSE(hook_has_work(Hook::CommitMsg, c));
  c.providers["default"].kind = "anthropic";
  CHECK(hook_has_work(Hook::PrepareCommitMsg, c));
  CHECK(hook_has_work(Hook::CommitMsg, c));
  c.hooks["commit-msg"].agent = "never";
  CHECK_FALSE(hook_has_work(Hook::CommitMsg, c));

  CHECK(hook_args_have_work(Hook::PrepareCommitMsg, {".git/COMMIT_EDITMSG"}));
  CHECK(hook_args_have_work(Hook::PrepareCommitMsg, {".git/COMMIT_EDITMSG", "template"}));
  for (const char* source : {"message", "merge", "squash", "commit"})
    CHECK_FALSE(hook_args_have_work(Hook::PrepareCommitMsg, {".git/COMMIT_EDITMSG", source, "HEAD"}));
  CHECK(hook_args_have_work(Hook::CommitMsg, {".git/COMMIT_EDITMSG"}));
}

TEST_CASE("message text: comments and the scissors line are not the message", "[commit-msg][units]") {
  CHECK(message_body("\n# Please enter the commit message\n#\n") == "");
  CHECK(message_body("fix: x\n\nbody\n# comment\n") == "fix: x\n\nbody");
  CHECK(message_body("; own char\n", ';') == "");
  CHECK(message_body("subject\n# ------------------------ >8 ------------------------\ndiff --git a b\n+x\n") ==
        "subject");
  CHECK(message_body("  \n\nsubject  \n\n") == "subject");
  CHECK(is_autosquash_message("fixup! feat: a"));
  CHECK(is_autosquash_message("squash! feat: a"));
  CHECK_FALSE(is_autosquash_message("fix: fixup! handling"));
}

TEST_CASE("message text: a draft loses fences and quotes, and goes above git's comments", "[commit-msg][units]") {
  CHECK(clean_draft("```\nfeat: a\n\nbody\n```") == "feat: a\n\nbody");
  CHECK(clean_draft("Here is the message:\n\n```text\nfix: b\n```\nHope it helps.") == "fix: b");
  CHECK(clean_draft("\"docs: c\"") == "docs: c");
  CHECK(clean_draft("  chore: d  \r\n\r\n") == "chore: d");
  CHECK(clean_draft("```\n```") == "");
  CHECK(clean_draft("") == "");
  CHECK(with_draft("\n# Please enter\n", "feat: a") == "feat: a\n\n# Please enter\n");
  CHECK(with_draft("", "feat: a") == "feat: a\n");
}
