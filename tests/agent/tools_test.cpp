// The agent's tools on their own: what they read, what they refuse, and the
// sandbox around Bash and the writers.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "agent/process_runner.hpp"
#include "agent/tools/glob_match.hpp"
#include "agent/tools/tool.hpp"
#include "policy/policy.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::agent;
using nlohmann::json;

namespace {

struct Tools {
  MemorySnapshot snapshot{{{"src/main.py", "line one\nline two\nline three\nline four\n"},
                           {"src/util/helpers.py", "def helper():\n    return 42\n"},
                           {"docs/guide.md", "# Guide\nSee main.py\n"},
                           {"bin/blob.dat", std::string("\x00\x01\x02", 3)}},
                          "the staged changes"};
  test::TempDir dir;
  std::vector<Finding> findings;
  SandboxState sandbox = probe_sandbox("auto");
  LazyWorkspace workspace{snapshot};
  ToolContext ctx;
  Tools() {
    ctx.snapshot = &snapshot;
    ctx.sandbox = &sandbox;
    ctx.workspace = &workspace;
    ctx.work_tree = dir.path();
    ctx.findings = &findings;
    ctx.skill_name = "code-review";
    ctx.split_command = [](std::string_view c) {
      SplitCommand s;
      std::string word;
      for (char ch : c) {
        if (ch == ' ') {
          if (!word.empty()) s.argv.push_back(word);
          word.clear();
        } else {
          word += ch;
        }
      }
      if (!word.empty()) s.argv.push_back(word);
      return s;
    };
  }
  ToolOutput run(std::unique_ptr<Tool> tool, json input) { return tool->run(input, ctx); }
};

}  // namespace

TEST_CASE("Read numbers lines and honours offset and limit", "[agent][tools]") {
  Tools t;
  auto all = t.run(make_read_tool(), {{"file_path", "src/main.py"}});
  CHECK_FALSE(all.is_error);
  CHECK(all.text.find("     1\tline one\n") != std::string::npos);
  auto part = t.run(make_read_tool(), {{"file_path", "./src/main.py"}, {"offset", 2}, {"limit", 2}});
  CHECK(part.text == "     2\tline two\n     3\tline three\n");
  CHECK(t.run(make_read_tool(), {{"file_path", "../etc/passwd"}}).is_error);
  CHECK(t.run(make_read_tool(), {{"file_path", "missing.py"}}).is_error);
  CHECK(t.run(make_read_tool(), {{"path", 12}}).is_error);
  CHECK(t.run(make_read_tool(), {{"file_path", "bin/blob.dat"}}).text.find("binary") != std::string::npos);
}

TEST_CASE("Grep searches the snapshot with RE2 and reports path:line", "[agent][tools]") {
  Tools t;
  auto r = t.run(make_grep_tool(), {{"pattern", "line (two|four)"}});
  CHECK(r.text == "src/main.py:2:line two\nsrc/main.py:4:line four\n");
  CHECK(t.run(make_grep_tool(), {{"pattern", "main"}, {"output_mode", "files_with_matches"}}).text ==
        "docs/guide.md\n");
  CHECK(t.run(make_grep_tool(), {{"pattern", "return"}, {"path", "src/util"}}).text ==
        "src/util/helpers.py:2:    return 42\n");
  CHECK(t.run(make_grep_tool(), {{"pattern", "LINE"}, {"-i", true}, {"glob", "*.py"}, {"output_mode", "count"}}).text ==
        "src/main.py:4\n");
  auto bad = t.run(make_grep_tool(), {{"pattern", "(unclosed"}});
  CHECK(bad.is_error);
  // RE2: a pattern that backtracking engines explode on is linear here.
  CHECK_FALSE(t.run(make_grep_tool(), {{"pattern", "(a*)*b"}}).is_error);
}

TEST_CASE("Glob matches ** across directories and plain names anywhere", "[agent][tools]") {
  Tools t;
  CHECK(t.run(make_glob_tool(), {{"pattern", "**/*.py"}}).text == "src/main.py\nsrc/util/helpers.py\n");
  CHECK(t.run(make_glob_tool(), {{"pattern", "*.md"}}).text == "docs/guide.md\n");
  CHECK(t.run(make_glob_tool(), {{"pattern", "*.py"}, {"path", "src/util"}}).text == "src/util/helpers.py\n");
  CHECK(t.run(make_glob_tool(), {{"pattern", "src/*.{py,md}"}}).text == "src/main.py\n");
  CHECK(GlobMatcher("src/**/x.c").matches("src/x.c"));
  CHECK_FALSE(GlobMatcher("src/*.c").matches("src/a/b.c"));
}

TEST_CASE("Grep and Glob skip files a Read deny rule hides, even on an allowed call", "[agent][tools]") {
  Tools t;
  EffectivePolicy policy = EffectivePolicy::build(
      PolicyInputs{{"Read", "Grep", "Glob"}, {"Read", "Grep", "Glob"}, {"Read(src/util/**)"}, {}, t.dir.path(), t.dir.path() / ".git", {}});
  t.ctx.may_read = [&policy](const std::string& file) { return policy.may_read(file); };
  CHECK(t.run(make_grep_tool(), {{"pattern", "return"}}).text == "no matches for return");
  CHECK(t.run(make_glob_tool(), {{"pattern", "**/*.py"}}).text == "src/main.py\n");
}

TEST_CASE("Bash runs argv without a shell, in the materialised snapshot, with API keys scrubbed", "[agent][tools]") {
  Tools t;
  if (t.sandbox.kind == SandboxKind::Off) {
    WARN("no kernel sandbox here: " << t.sandbox.why_off);
    return;
  }
  setenv("HOOKAGENT_FAKE_API_KEY", "must-not-leak", 1);
  setenv("SOME_TOKEN", "must-not-leak", 1);
  auto env = t.run(make_bash_tool(), {{"command", "env"}});
  CHECK_FALSE(env.is_error);
  CHECK(env.text.find("must-not-leak") == std::string::npos);
  CHECK(env.text.find("PATH=") != std::string::npos);
  auto pwd = t.run(make_bash_tool(), {{"command", "pwd"}});
  CHECK(pwd.text.find("hookagent-snap-") != std::string::npos);
  CHECK(pwd.text.find("/tree") != std::string::npos);
  CHECK(t.run(make_bash_tool(), {{"command", "cat src/main.py"}}).text == "line one\nline two\nline three\nline four\n");
  // No shell: ';' is just an argument to echo.
  CHECK(t.run(make_bash_tool(), {{"command", "echo a ; touch x"}}).text == "a ; touch x\n");
  CHECK_FALSE(std::filesystem::exists(t.dir / "x"));
  auto missing = t.run(make_bash_tool(), {{"command", "no-such-program-xyz"}});
  CHECK(missing.is_error);
  auto failed = t.run(make_bash_tool(), {{"command", "false"}});
  CHECK(failed.is_error);
  CHECK(failed.text.find("exit code 1") != std::string::npos);
}

TEST_CASE("Bash kills a command at its timeout and caps its output", "[agent][tools]") {
  Tools t;
  if (t.sandbox.kind == SandboxKind::Off) return;
  t.ctx.bash_timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto slow = t.run(make_bash_tool(), {{"command", "sleep 5"}});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(slow.is_error);
  CHECK(slow.text.find("killed") != std::string::npos);
  t.ctx.output_cap = 1000;
  t.ctx.bash_timeout = std::chrono::milliseconds(5000);
  auto big = t.run(make_bash_tool(), {{"command", "seq 1 100000"}});
  // The loop cuts to the cap after redacting; the tool keeps whole lines up to twice it.
  CHECK(big.text.size() < 2100);
  CHECK(big.text.find("truncated") != std::string::npos);
}

TEST_CASE("Bash fails closed: with no kernel sandbox nothing runs and the reason is named", "[agent][tools]") {
  Tools t;
  t.sandbox = probe_sandbox("off");
  auto r = t.run(make_bash_tool(), {{"command", "touch made-by-bash"}});
  CHECK(r.is_error);
  CHECK(r.text.find("no kernel sandbox") != std::string::npos);
  CHECK(r.text.find("HOOKAGENT_SANDBOX=off") != std::string::npos);
  CHECK_FALSE(t.workspace.made());  // not even the snapshot was written
  SandboxState unknown = probe_sandbox("seatbelt");
  CHECK(unknown.kind == SandboxKind::Off);
  CHECK(unknown.why_off.find("not one of auto, landlock, bubblewrap, off") != std::string::npos);
}

TEST_CASE("Write and Edit stay in the work tree and never touch .git/", "[agent][tools]") {
  Tools t;
  std::filesystem::create_directories(t.dir / ".git");
  CHECK_FALSE(t.run(make_write_tool(), {{"file_path", "notes/a.txt"}, {"content", "hello world\n"}}).is_error);
  CHECK(test::read_file(t.dir / "notes/a.txt") == "hello world\n");
  CHECK_FALSE(t.run(make_edit_tool(), {{"file_path", "notes/a.txt"}, {"old_string", "world"}, {"new_string", "git"}}).is_error);
  CHECK(test::read_file(t.dir / "notes/a.txt") == "hello git\n");
  CHECK(t.run(make_write_tool(), {{"file_path", ".git/hooks/pre-commit"}, {"content", "x"}}).is_error);
  CHECK(t.run(make_write_tool(), {{"file_path", "a/../.git/config"}, {"content", "x"}}).is_error);
  CHECK(t.run(make_write_tool(), {{"file_path", "../outside.txt"}, {"content", "x"}}).is_error);
  std::filesystem::create_directory_symlink("/tmp", t.dir / "link");
  CHECK(t.run(make_write_tool(), {{"file_path", "link/escape.txt"}, {"content", "x"}}).is_error);
  CHECK_FALSE(std::filesystem::exists("/tmp/escape.txt"));
}

TEST_CASE("the toolbox offers the named tools plus report_finding", "[agent][tools]") {
  auto box = make_toolbox({"Read", "Bash(git diff *)", "Grep"});
  CHECK(box.find("Read"));
  CHECK(box.find("Bash"));
  CHECK(box.find("report_finding"));
  CHECK_FALSE(box.find("Write"));
  CHECK(tool_name_of_rule("Bash(git diff *)") == "Bash");
  CHECK(scrubbed_environment().size() > 0);
}
