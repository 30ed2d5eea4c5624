// The argv splitter the Bash tool runs commands with (no shell), and the rule
// syntax helpers.
#include <catch2/catch.hpp>

#include "policy/pattern_match.hpp"
#include "policy/policy.hpp"
#include "policy/shell_words.hpp"

using namespace hookagent;
using Argv = std::vector<std::string>;

TEST_CASE("split_shell_words follows shell quoting without expanding anything") {
  CHECK(*split_shell_words("git diff --stat") == Argv{"git", "diff", "--stat"});
  CHECK(*split_shell_words("  git   log  -1 ") == Argv{"git", "log", "-1"});
  CHECK(*split_shell_words("git commit -m 'two words'") == Argv{"git", "commit", "-m", "two words"});
  CHECK(*split_shell_words("echo \"a \\\"q\\\" b\"") == Argv{"echo", "a \"q\" b"});
  CHECK(*split_shell_words("echo a\\ b") == Argv{"echo", "a b"});
  CHECK(*split_shell_words("echo '$HOME' *.cpp ~") == Argv{"echo", "$HOME", "*.cpp", "~"});
  CHECK(*split_shell_words("echo ''") == Argv{"echo", ""});
  CHECK(*split_shell_words("git log --format=%H # a comment") == Argv{"git", "log", "--format=%H"});
  CHECK(*split_shell_words("git diff \\\n --stat") == Argv{"git", "diff", "--stat"});
}

TEST_CASE("split_shell_words refuses what would need a shell, with a hint") {
  for (const char* bad : {"git diff; rm x", "a && b", "a | b", "a > f", "a 2>&1", "echo $(x)", "echo `x`",
                          "echo $HOME", "X=1 git log", "echo 'open", "echo \"open", "", "a\nb", "echo \\"}) {
    auto r = split_shell_words(bad);
    INFO(bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == ErrorKind::Usage);
    CHECK_FALSE(r.error().hint.empty());
  }
}

TEST_CASE("quote_shell_word round-trips through split_shell_words") {
  const Argv words = {"plain", "two words", "it's", "", "*", "a\"b", "$x", "new\nline", "ünï"};
  auto back = split_shell_words(join_shell_words(words));
  REQUIRE(back.has_value());
  CHECK(*back == words);
}

TEST_CASE("rule parsing and allowed-tools splitting keep parentheses whole") {
  CHECK(split_rule_list("Read, Grep Bash(git diff *),Glob") == Argv{"Read", "Grep", "Bash(git diff *)", "Glob"});
  auto r = parse_permission_rule("Bash(npm run test:*)");
  REQUIRE(r);
  CHECK(r->specifier == "npm run test *");
  CHECK(parse_permission_rule("Bash(*)")->has_specifier == false);
  CHECK_FALSE(parse_permission_rule("Bash(git diff"));
  CHECK_FALSE(parse_permission_rule(""));
  CHECK_FALSE(parse_permission_rule("B\xD0\xB0sh"));
}

TEST_CASE("gitignore matching") {
  using policy::match_gitignore;
  CHECK(match_gitignore("*.env", "a/b/x.env", false));
  CHECK(match_gitignore("src/**", "src/a/b.cpp", false));
  CHECK_FALSE(match_gitignore("src/**", "lib/src/a.cpp", false));
  CHECK(match_gitignore("**/test/*.py", "a/test/x.py", false));
  CHECK(match_gitignore("/docs/*.md", "docs/x.md", false));
  CHECK_FALSE(match_gitignore("/docs/*.md", "docs/sub/x.md", false));
  CHECK(match_gitignore("build/", "build/x.o", false));
  CHECK_FALSE(match_gitignore("build/", "build", false));
  CHECK(match_gitignore("file[0-9].txt", "file3.txt", false));
  CHECK_FALSE(match_gitignore("file[!0-9].txt", "file3.txt", false));
}

TEST_CASE("command patterns: * is any run; a trailing space-star may match nothing") {
  using policy::match_command_pattern;
  CHECK(match_command_pattern("git * main", "git push origin main"));
  CHECK(match_command_pattern("ls *", "ls"));
  CHECK_FALSE(match_command_pattern("ls *", "lsof"));
  CHECK(match_command_pattern("ls*", "lsof"));
  CHECK(match_command_pattern("npm run build", "npm run build"));
  CHECK_FALSE(match_command_pattern("npm run build", "npm run build --watch"));
  CHECK(policy::command_pattern_may_match_prefix("rm -rf *", "rm "));
  CHECK_FALSE(policy::command_pattern_may_match_prefix("rm -rf *", "git "));
}
