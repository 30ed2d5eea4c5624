// The gate must answer every input, quickly, without crashing: the model
// writing the commands may be hostile (prompt injection in a staged file).
#include <catch2/catch.hpp>
#include <chrono>
#include <random>

#include "policy_fixture.hpp"
#include "policy/shell_words.hpp"

using namespace hookagent;
using namespace hookagent::test;

TEST_CASE("random command lines never crash the gate, and the same line gets the same answer") {
  PolicyRepo f;
  auto p = f.both({"Read", "Bash(git diff *)", "Bash(ls *)", "Edit(out/**)"});
  const std::string alphabet = "gitdfls -*/.~$(){}[]<>|&;'\"`\\\n\t=#!0123456789\xD0\xB0\xE2\x80\x8B";
  std::mt19937 rng(1234);
  int allowed = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string cmd;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) cmd += alphabet[rng() % alphabet.size()];
    const Decision a = bash(p, cmd);
    const Decision b = bash(p, cmd);
    REQUIRE(a.allowed == b.allowed);
    REQUIRE_FALSE(a.reason.empty());
    allowed += a.allowed;
    (void)split_shell_words(cmd);
  }
  CHECK(allowed < 5000);
}

TEST_CASE("deep nesting and very long lines are denied quickly") {
  PolicyRepo f;
  auto p = f.both({"Bash"});
  std::string nested = "git diff";
  for (int i = 0; i < 2000; ++i) nested = "echo $(" + nested + ")";
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(bash(p, nested).allowed);
  CHECK_FALSE(bash(p, std::string(40 * 1024, 'a')).allowed);
  CHECK(bash(p, "echo " + std::string(30 * 1024, '{')).allowed);  // literal braces: allowed, in linear time
  std::string backticks = "echo ";
  for (int i = 0; i < 500; ++i) backticks += "`echo ";
  CHECK_FALSE(bash(p, backticks).allowed);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a typical decision costs well under a millisecond") {
  PolicyRepo f;
  auto p = f.both({"Read", "Grep", "Glob", "Bash(git diff *)", "Bash(git log *)"}, {"Read(.env)"});
  const int n = 2000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    (void)bash(p, "git diff --cached -- src/main.cpp && git log -1 --format=%H");
    (void)p.decide({"Read", "src/util/strings.cpp"});
  }
  const auto per_call = (std::chrono::steady_clock::now() - start) / (2 * n);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(per_call).count();
  WARN("policy decision: " << us << " us per call");
  CHECK(us < 1000);
}
