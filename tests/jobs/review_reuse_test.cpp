// `hookagent review` and the hooks share one review cache and one usage log
// (issue 11, item 5): a repeated review of the same change asks the provider
// once, every run is counted by `hookagent usage`, and the notes the
// post-commit worker writes read as text in `git log --notes` while
// `hookagent show` and `show --raw` still read their JSON.
// The provider is the scripted server (tests/agent/support) on loopback,
// answering in the Anthropic wire format; its request log is the count.
#include <catch2/catch.hpp>

#include <sstream>

#include "hooks/agent_hook_fixture.hpp"

using namespace hookagent::test;
using nlohmann::json;

namespace {

constexpr const char* kAppPy = "def total(items):\n    return sum(i.price for i in items)\n";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// `hookagent usage --by skill`: the row of `skill` as words (name runs cached input output cost).
std::vector<std::string> usage_row(const AgentHookRepo& fx, const std::string& skill) {
  auto usage = fx.hookagent("usage --by skill");
  for (auto& line : lines_of(usage.out)) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string w; words >> w;) row.push_back(w);
    if (row.size() == 6 && row[0] == skill) return row;
  }
  return {};
}

std::string both(const ProcessResult& r) { return r.out + r.err; }

}  // namespace

TEST_CASE("the same commit reviewed three times asks the provider once; usage counts all three", "[review][cache]") {
  AgentHookRepo fx;
  fx.configure("[hooks.post-commit]\nskills = [\"code-review\"]\n");
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.repo.commit_file("app.py", kAppPy, "app");  // no hooks installed: nothing ran yet
  push_one_finding(*fx.server, finding_input("app.py", 2, "medium", "price may be None here"), "One problem.");

  for (int run = 1; run <= 3; ++run) {
    auto r = fx.hookagent("review --commit HEAD");
    INFO("run " << run << ": " << both(r));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("app.py:2") != std::string::npos);  // a cached answer still shows the finding
    CHECK(r.out.find("price may be None here") != std::string::npos);
    CHECK((both(r).find("cached") != std::string::npos) == (run > 1));
  }
  // One review: the report_finding turn and the closing turn, both in the first run.
  CHECK(fx.server->requests().size() == 2);

  auto row = usage_row(fx, "code-review");
  REQUIRE(row.size() == 6);
  CHECK(row[1] == "3");  // runs
  CHECK(row[2] == "2");  // of which cached
  CHECK(std::stoll(row[3]) > 0);

  // Another change is another review: the cache is keyed by what is sent.
  fx.repo.commit_file("app.py", std::string(kAppPy) + "# more\n", "app 2");
  fx.server->push({200, ScriptedProvider::anthropic_text("Fine.")});
  auto other = fx.hookagent("review --commit HEAD");
  INFO(both(other));
  CHECK(other.exit_code == 0);
  CHECK(fx.server->requests().size() == 3);
}

TEST_CASE("review --staged twice asks once, and shares the pre-commit hook's cache", "[review][cache]") {
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nskills = [\"code-review\"]\ntimeout = \"20s\"\n"
               "[hooks.post-commit]\nenabled = false\n");
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.install();
  fx.repo.write("app.py", kAppPy);
  fx.repo.git("add app.py");
  push_one_finding(*fx.server, finding_input("app.py", 2, "high", "price may be None here"), "One problem.");

  auto first = fx.hookagent("review --staged");
  INFO(both(first));
  CHECK(first.exit_code == 1);  // high is at pre-commit's default block_on
  REQUIRE(fx.server->requests().size() == 2);
  auto again = fx.hookagent("review --staged");
  INFO(both(again));
  CHECK(again.exit_code == 1);
  CHECK(both(again).find("cached") != std::string::npos);
  // The hook itself: the same staged change, the same answer, no request.
  auto commit = fx.run("git commit -q -m app");
  INFO(both(commit));
  CHECK(commit.exit_code != 0);
  CHECK(commit.err.find("price may be None here") != std::string::npos);
  CHECK(fx.server->requests().size() == 2);

  auto row = usage_row(fx, "code-review");
  REQUIRE(row.size() == 6);
  CHECK(row[1] == "3");
  CHECK(row[2] == "2");
}

TEST_CASE("a commit the post-commit worker reviewed: review reuses it, git log reads it, show parses it",
          "[review][cache][notes]") {
  AgentHookRepo fx;
  fx.configure("[hooks.pre-commit]\nagent = \"never\"\n[hooks.post-commit]\nskills = [\"code-review\"]\n");
  fx.repo.commit_file("README.md", "base\n", "base");
  fx.install();
  push_one_finding(*fx.server, finding_input("app.py", 2, "medium", "price may be None here"),
                   "Reviewed total(): one problem.");
  fx.repo.write("app.py", kAppPy);
  auto c = fx.run("git add app.py && git commit -q -m app");
  INFO(both(c));
  REQUIRE(c.exit_code == 0);
  REQUIRE(fx.wait_for_jobs() == 0);
  REQUIRE(fx.server->requests().size() == 2);
  const std::string head = fx.repo.head();

  // git log shows one readable line per review, then the JSON line.
  auto log = fx.repo.git("log -1 --notes=hookagent/code-review");
  INFO(log.out);
  const std::string headline = "[hookagent] code-review: 1 finding (1 medium) - app.py:2: price may be None here "
                               "(post-commit, claude-sonnet-4-5, ";
  CHECK(log.out.find(headline) != std::string::npos);
  auto raw = lines_of(fx.repo.git("notes --ref=hookagent/code-review show HEAD").out);
  REQUIRE(raw.size() == 2);
  CHECK(raw[0].starts_with(headline));
  CHECK(raw[0].find(" tokens)") != std::string::npos);
  auto entry = json::parse(raw[1], nullptr, false);
  REQUIRE(entry.is_object());
  CHECK(entry["commit"] == head);
  CHECK(entry["status"] == "findings");

  // `show` renders the JSON line and does not call the headline unreadable.
  auto show = fx.hookagent("show");
  INFO(both(show));
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("code-review (post-commit") != std::string::npos);
  CHECK(show.out.find("price may be None here") != std::string::npos);
  CHECK(show.out.find("cannot read") == std::string::npos);
  // `show --raw` gives programs the JSON lines only.
  auto shown_raw = lines_of(fx.hookagent("show --raw").out);
  REQUIRE(shown_raw.size() == 1);
  CHECK(shown_raw[0] == raw[1]);

  // The worker filled the cache the hooks share: reviewing HEAD again costs nothing.
  auto r = fx.hookagent("review --commit HEAD");
  INFO(both(r));
  CHECK(r.exit_code == 0);
  CHECK(both(r).find("cached") != std::string::npos);
  CHECK(r.out.find("price may be None here") != std::string::npos);
  CHECK(fx.server->requests().size() == 2);
  auto row = usage_row(fx, "code-review");
  REQUIRE(row.size() == 6);
  CHECK(row[1] == "2");
  CHECK(row[2] == "1");
}
