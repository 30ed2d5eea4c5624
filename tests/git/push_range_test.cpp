// pre-push and pre-receive, through real `git push` to a local bare remote.
#include <catch2/catch.hpp>

#include "git/push_input.hpp"
#include "probe_hooks.hpp"

using namespace hookagent;
using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

struct PushFixture {
  GitRepo remote{true};
  GitRepo local;
  TempDir outputs;
  fs::path out = outputs / "pre-push.out";
  std::string base;
  PushFixture() {
    local.git("remote add origin '" + remote.root().string() + "'");
    base = local.commit_file("a.txt", "1\n", "base");
    local.git("push -q origin main");
    install_probe_hook(local, "pre-push", "push \"$1\"", out);
  }
  std::vector<std::string> pushed() {
    auto r = read_hook_run(out);
    INFO(r.out);
    CHECK(r.out.find("probe exit") == std::string::npos);
    CHECK(r.before == r.after);
    return lines_of(r.out);
  }
};

}  // namespace

TEST_CASE("pre-push of a new branch lists only commits no remote ref has") {
  PushFixture f;
  f.local.git("checkout -q -b feature");
  auto c1 = f.local.commit_file("f.txt", "f\n", "f1");
  auto c2 = f.local.commit_file("f.txt", "f\ng\n", "f2");
  f.local.git("push -q origin feature");
  CHECK(f.pushed() == std::vector<std::string>{c1, c2});
}

TEST_CASE("pre-push of a force push lists the rewritten commit only") {
  PushFixture f;
  f.local.commit_file("b.txt", "b\n", "two");
  f.local.git("push -q origin main");
  f.local.write("b.txt", "b rewritten\n");
  f.local.git("commit -q -a --amend -m two-again");
  auto amended = f.local.head();
  f.local.git("push -q -f origin main");
  CHECK(f.pushed() == std::vector<std::string>{amended});
}

TEST_CASE("pre-push of a deleted branch lists no commits") {
  PushFixture f;
  f.local.git("push -q origin main:doomed");
  f.local.git("push -q origin :doomed");
  CHECK(f.pushed().empty());
}

TEST_CASE("pre-push of several refs lists each new commit once") {
  PushFixture f;
  f.local.git("checkout -q -b one");
  auto c1 = f.local.commit_file("one.txt", "1\n", "one");
  f.local.git("checkout -q -b two");
  auto c2 = f.local.commit_file("two.txt", "2\n", "two");
  f.local.git("push -q origin one two");
  CHECK(f.pushed() == std::vector<std::string>{c1, c2});
}

TEST_CASE("pre-push ref lines are parsed, and a malformed line says where") {
  std::string zeros(40, '0');
  std::string id(40, 'a');
  auto ok = parse_pre_push_lines("refs/heads/x " + id + " refs/heads/x " + zeros + "\n(delete) " + zeros +
                                 " refs/heads/y " + id + "\n");
  REQUIRE(ok);
  REQUIRE(ok->size() == 2);
  CHECK((*ok)[0].is_new_ref());
  CHECK((*ok)[1].is_deletion());
  auto bad = parse_pre_push_lines("refs/heads/x " + id + "\nnonsense\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "stdin:1");
  auto recv = parse_pre_receive_lines(zeros + " " + id + " refs/heads/new\n");
  REQUIRE(recv);
  CHECK((*recv)[0].is_creation());
}

TEST_CASE("pre-receive in a bare repository reads pushed commits still in quarantine") {
  GitRepo server(true);
  GitRepo client;
  TempDir outputs;
  auto out = outputs / "pre-receive.out";
  install_probe_hook(server, "pre-receive", "receive", out, server.root() / "hooks");
  client.git("remote add origin '" + server.root().string() + "'");
  auto c1 = client.commit_file("a.txt", "first\n", "one");
  client.git("push -q origin main");
  auto r1 = read_hook_run(out);
  INFO(r1.out);
  CHECK(r1.out.find("commit " + c1) != std::string::npos);
  CHECK(r1.out.find("content first\\x0a") != std::string::npos);
  CHECK(read_file(out.string() + ".env") == "quarantine=yes\n");

  auto c2 = client.commit_file("a.txt", "first\nsecond\n", "two");
  client.git("checkout -q -b topic");
  auto c3 = client.commit_file("t.txt", "topic\n", "three");
  client.git("push -q origin main topic");
  auto r2 = read_hook_run(out);
  INFO(r2.out);
  auto lines = lines_of(r2.out);
  std::vector<std::string> commits;
  for (auto& l : lines)
    if (l.rfind("commit ", 0) == 0) commits.push_back(l.substr(7));
  CHECK(commits == std::vector<std::string>{c2, c3});  // c1 is on the server already
  CHECK(r2.out.find("content first\\x0asecond\\x0a") != std::string::npos);
}
