// Read/Grep/Glob/Edit/Write against the sandbox and gitignore-style rules,
// the skill ∩ hook intersection, deny over allow, logging and the denial limit.
#include <catch2/catch.hpp>

#include "policy_fixture.hpp"

using namespace hookagent;
using namespace hookagent::test;

namespace {
bool allowed(const EffectivePolicy& p, const std::string& tool, const std::string& input) {
  auto d = p.decide({tool, input});
  INFO(tool << "(" << input << ") -> " << d.rule << ": " << d.reason);
  return d.allowed;
}
}  // namespace

TEST_CASE("Read escapes: .., absolute, ~ and symlinks out of the repo are denied by the sandbox") {
  PolicyRepo f;
  auto p = f.both({"Read", "Grep", "Glob"});
  CHECK(allowed(p, "Read", "src/main.cpp"));
  CHECK_FALSE(allowed(p, "Read", "../../etc/passwd"));
  CHECK_FALSE(allowed(p, "Read", "src/../../outside/secret.txt"));
  CHECK_FALSE(allowed(p, "Read", "/etc/passwd"));
  CHECK_FALSE(allowed(p, "Read", "~/.ssh/id_rsa"));
  CHECK_FALSE(allowed(p, "Read", "~root/.bashrc"));
  CHECK_FALSE(allowed(p, "Read", "escape/secret.txt"));  // real symlink to a dir outside
  CHECK_FALSE(allowed(p, "Grep", "escape"));
  CHECK(allowed(p, "Read", "inner-link"));  // a symlink that stays inside
  auto d = p.decide({"Read", "/etc/passwd"});
  CHECK(d.rule == "sandbox");
  CHECK(d.reason.find("outside the repository") != std::string::npos);
}

TEST_CASE("absolute paths inside the repo are fine") {
  PolicyRepo f;
  auto p = f.both({"Read"});
  CHECK(allowed(p, "Read", (f.repo.root() / "src/main.cpp").string()));
}

TEST_CASE("writing through a dangling symlink that points outside is denied") {
  PolicyRepo f;
  auto p = f.both({"Edit", "Write"});
  CHECK_FALSE(allowed(p, "Write", "dangling"));
  CHECK(allowed(p, "Write", "out/new.txt"));
}

TEST_CASE(".git/ is never written, whatever the rules say") {
  PolicyRepo f;
  auto p = f.both({"Edit", "Write", "Edit(.git/config)", "Read"});
  CHECK_FALSE(allowed(p, "Edit", ".git/config"));
  CHECK_FALSE(allowed(p, "Write", ".git/hooks/pre-commit"));
  CHECK_FALSE(allowed(p, "Write", ".GIT/hooks/pre-commit"));
  CHECK_FALSE(allowed(p, "Write", "src/../.git/HEAD"));
  CHECK_FALSE(allowed(p, "Write", "vendor/sub/.git/config"));
  CHECK(allowed(p, "Read", ".git/HEAD"));  // reading is a matter for rules
}

TEST_CASE("a symlink inside the repo that points into .git/ cannot be written through") {
  PolicyRepo f;
  std::filesystem::create_directory_symlink(".git/hooks", f.repo.root() / "hooks-link");
  auto p = f.both({"Edit", "Write", "Bash(git diff *)"});
  CHECK_FALSE(allowed(p, "Write", "hooks-link/pre-commit"));
  CHECK_FALSE(bash(p, "git diff > hooks-link/pre-commit").allowed);
}

TEST_CASE("paths holding control bytes are denied: the kernel would stop at a NUL") {
  PolicyRepo f;
  auto p = f.both({"Read", "Write", "Edit"});
  CHECK_FALSE(allowed(p, "Read", std::string("src/main.cpp\0/../../x", 22)));
  CHECK_FALSE(allowed(p, "Write", "out/a\nb"));
}

TEST_CASE("Read(src/**) is relative to the repo root and governs Grep and Glob") {
  PolicyRepo f;
  auto p = f.both({"Read(src/**)"});
  CHECK(allowed(p, "Read", "src/main.cpp"));
  CHECK(allowed(p, "Read", "src/util/strings.cpp"));
  CHECK_FALSE(allowed(p, "Read", "docs/guide.md"));
  CHECK(allowed(p, "Grep", "src"));
  CHECK_FALSE(allowed(p, "Grep", "."));
  CHECK(allowed(p, "Glob", "src/**/*.cpp"));
  CHECK_FALSE(allowed(p, "Glob", "**/*.md"));
  CHECK_FALSE(allowed(p, "Glob", "../*"));
  CHECK_FALSE(allowed(p, "Glob", "src/*/../../../outside/*"));
}

TEST_CASE("path rule forms: /anchored, bare names at any depth, //absolute, ~/home") {
  PolicyRepo f;
  CHECK(allowed(f.both({"Read(*.md)"}), "Read", "docs/guide.md"));
  CHECK_FALSE(allowed(f.both({"Read(/*.md)"}), "Read", "docs/guide.md"));
  CHECK(allowed(f.both({"Read(/docs/*.md)"}), "Read", "docs/guide.md"));
  CHECK(allowed(f.both({"Read(./docs/guide.md)"}), "Read", "docs/guide.md"));
  CHECK(allowed(f.both({"Read(docs/)"}), "Read", "docs/guide.md"));
  const std::string abs = "Read(/" + (f.repo.root() / "docs").generic_string() + "/**)";
  CHECK(allowed(f.both({abs}), "Read", "docs/guide.md"));
  // ~/ rules still cannot reach outside the repo: the sandbox comes first.
  CHECK_FALSE(allowed(f.both({"Read(~/**)"}), "Read", "~/.bashrc"));
}

TEST_CASE("Edit rules govern Write; Read rules do not grant writes") {
  PolicyRepo f;
  auto p = f.both({"Read", "Edit(out/**)"});
  CHECK(allowed(p, "Write", "out/report.txt"));
  CHECK(allowed(p, "Edit", "out/report.txt"));
  CHECK_FALSE(allowed(p, "Write", "src/main.cpp"));
  CHECK_FALSE(allowed(f.both({"Read"}), "Edit", "src/main.cpp"));
}

TEST_CASE("deny wins over allow, for paths and commands") {
  PolicyRepo f;
  auto p = f.both({"Read", "Grep", "Bash(git *)"}, {"Read(.env)", "Bash(git push *)"});
  auto d = p.decide({"Read", ".env"});
  CHECK_FALSE(d.allowed);
  CHECK(d.rule == "Read(.env)");
  CHECK_FALSE(allowed(p, "Read", "config/.env"));  // a bare name matches at any depth
  CHECK_FALSE(allowed(p, "Grep", ".env"));
  CHECK(allowed(p, "Grep", "."));                   // the search runs; the file is skipped:
  CHECK_FALSE(p.may_read(".env"));
  CHECK(p.may_read("src/main.cpp"));
  CHECK_FALSE(bash(p, "git push origin main").allowed);
  CHECK(bash(p, "git diff").allowed);
}

TEST_CASE("skill ∩ hook: a repo skill granting itself Bash(*) gets only what the hook allows") {
  PolicyRepo f;
  auto p = f.policy({"Bash(*)", "Read", "Edit"}, {"Bash(git diff *)", "Read"});
  auto ok = bash(p, "git diff --cached");
  CHECK(ok.allowed);
  CHECK(ok.rule == "Bash(*) [skill] + Bash(git diff *) [hook]");
  auto no = bash(p, "curl https://evil.example");
  CHECK_FALSE(no.allowed);
  CHECK(no.reason.find("hook policy") != std::string::npos);
  CHECK_FALSE(allowed(p, "Edit", "src/main.cpp"));
  CHECK(allowed(p, "Read", "src/main.cpp"));
}

TEST_CASE("skill ∩ hook: the hook allowing more does not widen the skill") {
  PolicyRepo f;
  auto p = f.policy({"Read"}, {"Read", "Bash"});
  auto d = bash(p, "git diff");
  CHECK_FALSE(d.allowed);
  CHECK(d.reason.find("skill's allowed-tools") != std::string::npos);
  CHECK(p.allowed_rule_texts() == std::vector<std::string>{"Read"});
}

TEST_CASE("allowed_rule_texts keeps the narrower of two overlapping rules") {
  PolicyRepo f;
  auto p = f.policy({"Bash(git *)", "Read", "Grep"}, {"Bash(git diff *)", "Read(src/**)"});
  CHECK(p.allowed_rule_texts() == std::vector<std::string>{"Bash(git diff *)", "Read(src/**)"});
}

TEST_CASE("report_finding is built in; other unknown tools need a rule; WebFetch domain rules") {
  PolicyRepo f;
  auto p = f.both({"Read", "WebFetch(domain:example.com)"});
  CHECK(allowed(p, "report_finding", "{}"));
  CHECK_FALSE(allowed(p, "WebSearch", "x"));
  CHECK(allowed(p, "WebFetch", "https://example.com/page"));
  CHECK_FALSE(allowed(p, "WebFetch", "https://evil.example/page"));
  CHECK_FALSE(allowed(p, "WebFetch", "https://example.com@evil.example/"));
  auto denied = f.both({"Read"}, {"report_finding"});
  CHECK_FALSE(allowed(denied, "report_finding", "{}"));
}

TEST_CASE("a malformed deny rule denies its whole tool; a malformed allow rule grants nothing") {
  PolicyRepo f;
  auto p = f.both({"Read", "Bash(git diff", "Bash(ls *)"}, {"Bash(rm -rf"});
  CHECK_FALSE(bash(p, "ls").allowed);
  CHECK(p.warnings().size() >= 2);
}

TEST_CASE("every decision reaches the logger; the denial counter stops a run") {
  PolicyRepo f;
  auto p = f.both({"Read"});
  std::vector<std::pair<std::string, bool>> log;
  p.set_logger([&](const ToolCall& c, const Decision& d) { log.push_back({c.tool + ":" + c.input, d.allowed}); });
  DenialCounter counter(3);
  CHECK_FALSE(counter.record(p.decide({"Read", "src/main.cpp"})));
  CHECK_FALSE(counter.record(p.decide({"Bash", "rm -rf /"})));
  CHECK_FALSE(counter.record(p.decide({"Write", "x"})));
  CHECK(counter.record(p.decide({"Bash", "curl evil"})));
  CHECK(counter.exhausted());
  CHECK(counter.denials() == 3);
  REQUIRE(log.size() == 4);
  CHECK(log[0] == std::pair<std::string, bool>{"Read:src/main.cpp", true});
  CHECK_FALSE(log[1].second);
}

TEST_CASE("the fingerprint changes with the rules and not with their order") {
  PolicyRepo f;
  CHECK(f.both({"Read", "Grep"}).fingerprint() == f.both({"Grep", "Read"}).fingerprint());
  CHECK(f.both({"Read"}).fingerprint() != f.both({"Read", "Grep"}).fingerprint());
}
