#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "report/sink_samples.hpp"
#include "report/terminal_sink.hpp"

using namespace hookagent;
using namespace hookagent::test;

namespace {
std::string render(TerminalOptions opts, const std::vector<Finding>& findings, const RunSummary& s) {
  std::ostringstream out;
  TerminalSink sink(out, opts);
  for (auto& f : findings) sink.finding(f);
  sink.finish(s);
  return out.str();
}
}  // namespace

TEST_CASE("findings print grouped by file with location, severity, rule, excerpt, fix and suppression") {
  std::string out = render({}, {key_finding(), tls_finding(), agent_finding()}, blocked_summary());
  std::string expected =
      "src/settings.py (2 findings)\n"
      "  src/settings.py:3: LOW code-review: unused import [agent, confidence 75%] [commit 0123456789ab]\n"
      "      suppress: add `hookagent:allow` to the line\n"
      "  src/settings.py:12:9: CRITICAL aws-access-key: AWS access key ID (CWE-798)\n"
      "      | aws_key = \"AKIA****************\"\n"
      "      fix: remove the key, rotate it, and read it from the environment\n"
      "      suppress: add `hookagent:allow` to the line, or add src/settings.py:aws-access-key:12 to .hookagentignore\n"
      "\n"
      "src/client.py (1 finding)\n"
      "  src/client.py:40:30: HIGH python-tls-verify-disabled: TLS certificate checks are turned off\n"
      "      | requests.get(url, verify=False)\n"
      "      fix: drop verify=False\n"
      "      suppress: add `hookagent:allow` to the line, or add src/client.py:python-tls-verify-disabled:40 to "
      ".hookagentignore\n"
      "\n"
      "note: skipped assets/logo.png: binary\n"
      "hookagent: blocked: 3 findings (1 critical, 1 high, 1 low) in staged changes (3 files scanned, 1 skipped); "
      "2 at or above high\n";
  CHECK(out == expected);
}

TEST_CASE("quiet mode prints only the findings and the verdict") {
  std::string out = render({false, true}, {tls_finding()}, blocked_summary());
  CHECK(out ==
        "src/client.py:40:30: HIGH python-tls-verify-disabled: TLS certificate checks are turned off\n"
        "hookagent: blocked: 1 finding (1 high) in staged changes (3 files scanned, 1 skipped); 1 at or above high\n");
}

TEST_CASE("a clean run passes in one line") {
  RunSummary s;
  s.scope = "staged changes";
  s.files_scanned = 1;
  s.block_threshold = "high";
  CHECK(render({}, {}, s) == "hookagent: passed: no findings in staged changes (1 file scanned)\n");
}

TEST_CASE("findings below the threshold pass and say so") {
  RunSummary s;
  s.block_threshold = "high";
  std::string out = render({false, true}, {agent_finding()}, s);
  CHECK(out.find("hookagent: passed: 1 finding (1 low); none at or above high\n") != std::string::npos);
  s.block_threshold.clear();
  out = render({false, true}, {agent_finding()}, s);
  CHECK(out.find("this hook does not block") != std::string::npos);
}

TEST_CASE("colour uses ANSI codes only when asked") {
  std::string coloured = render({true, false}, {key_finding()}, blocked_summary());
  CHECK(coloured.find("\x1b[1;31mCRITICAL\x1b[0m") != std::string::npos);
  CHECK(coloured.find("\x1b[1;31mhookagent: blocked\x1b[0m") != std::string::npos);
  std::string plain = render({false, false}, {key_finding()}, blocked_summary());
  CHECK(plain.find('\x1b') == std::string::npos);
}

TEST_CASE("NO_COLOR and --no-color turn colour off, and a pipe is never coloured") {
  setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(should_use_color(false, 1));
  setenv("NO_COLOR", "", 1);  // no-color.org: only a non-empty value counts
  CHECK(should_use_color(true, 1) == false);
  unsetenv("NO_COLOR");
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  CHECK_FALSE(should_use_color(false, fds[1]));
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("agent summary and notes are printed before the verdict, not in quiet mode") {
  RunSummary s = blocked_summary();
  s.blocked = false;
  s.agent_summary = "Looks fine.\nOne nit.";
  std::string out = render({}, {}, s);
  CHECK(out.find("agent summary:\n  Looks fine.\n  One nit.\n") != std::string::npos);
  CHECK(render({false, true}, {}, s).find("agent summary") == std::string::npos);
  CHECK(render({false, true}, {}, s).find("note:") == std::string::npos);
}
