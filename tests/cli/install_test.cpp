// `hookagent install` / `uninstall` against real repositories.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "hooks/dir_snapshot.hpp"
#include "hookagent_build_config.hpp"
#include "support/git_fixture.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

const char* kAllClientHooks[] = {"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit",
                                 "post-merge", "post-rewrite", "pre-push"};

bool is_shim(const fs::path& p) {
  return fs::is_regular_file(fs::symlink_status(p)) && read_file(p).find("# hookagent-shim ") != std::string::npos;
}

unsigned mode_of(const fs::path& p) {
  struct stat st{};
  lstat(p.c_str(), &st);
  return st.st_mode & 07777;
}

void write_hook(const fs::path& p, const std::string& body, fs::perms mode = fs::perms(0755)) {
  write_file(p, body);
  fs::permissions(p, mode);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("install picks the hooks with work; --hooks names any", "[install]") {
  GitRepo repo;
  auto r = repo.hookagent("install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(is_shim(repo.root() / ".git/hooks/pre-commit"));
  CHECK(is_shim(repo.root() / ".git/hooks/pre-push"));
  // Nothing configured for commit-msg by default: no hook, no cost per commit, and a line says so.
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/commit-msg"));
  CHECK(r.out.find("not installed") != std::string::npos);
}

TEST_CASE("install writes a shim per hook into .git/hooks and a record", "[install]") {
  GitRepo repo;
  auto r = repo.hookagent("install --hooks pre-commit,prepare-commit-msg,commit-msg,post-commit,post-merge,post-rewrite,pre-push");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (auto name : kAllClientHooks) {
    auto p = repo.root() / ".git/hooks" / name;
    INFO(p);
    CHECK(is_shim(p));
    CHECK(mode_of(p) == 0755);
  }
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-receive"));
  CHECK(fs::exists(repo.root() / ".git/hookagent/install.json"));
  // Each hook is a copy of our hook binary (git execs it directly), naming its origin by absolute path.
  auto hook = read_file(repo.root() / ".git/hooks/pre-commit");
  CHECK(hook.starts_with("\x7f" "ELF"));
  CHECK(hook.find("\norigin=" + (fs::path(HOOKAGENT_BUILD_ROOT) / "hooks/pre-commit").lexically_normal().string() + "\n") !=
        std::string::npos);
}

TEST_CASE("install --sh-shim writes sh shims naming our hook binary, and a plain install turns them back", "[install]") {
  GitRepo repo;
  auto r = repo.hookagent("install --sh-shim");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto shim = read_file(repo.root() / ".git/hooks/pre-commit");
  CHECK(shim.starts_with("#!/bin/sh\n"));
  CHECK(shim.find("hookagent_hook_binary='/") != std::string::npos);
  CHECK(shim.find("/pre-commit'") != std::string::npos);
  // Either form blocks a secret through a real commit.
  repo.write("k.py", "k = \"AKIA" + std::string("QYLPMN5HHHFPZAM2") + "\"\n");
  repo.git("add k.py");
  CHECK(repo.git("commit -q -m k", true).exit_code != 0);
  r = repo.hookagent("install");
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(repo.root() / ".git/hooks/pre-commit").starts_with("\x7f" "ELF"));
  CHECK(repo.git("commit -q -m k", true).exit_code != 0);
  REQUIRE(repo.hookagent("uninstall").exit_code == 0);
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-commit"));
}

TEST_CASE("a second install is a no-op: bytes and record identical", "[install]") {
  GitRepo repo;
  write_hook(repo.root() / ".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
  REQUIRE(repo.hookagent("install").exit_code == 0);
  auto before = snapshot(repo.root() / ".git");
  auto config_before = read_file(repo.root() / ".git/config");
  auto r = repo.hookagent("install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("already installed") != std::string::npos);
  auto after = snapshot(repo.root() / ".git");
  after.erase("index");  // `git` may refresh stat data; the hooks dir is what matters
  before.erase("index");
  CHECK(before == after);
  CHECK(read_file(repo.root() / ".git/config") == config_before);
}

TEST_CASE("uninstall restores every foreign hook byte for byte, with mode and symlink-ness", "[install]") {
  GitRepo repo;
  auto hooks = repo.root() / ".git/hooks";
  write_hook(hooks / "pre-commit", "#!/bin/sh\n# husky-like\nexit 0\n");
  write_hook(hooks / "commit-msg", "#!/bin/sh\necho not executable\n", fs::perms(0644));
  write_hook(hooks / "real-pre-push", "#!/bin/sh\nexit 0\n", fs::perms(0700));
  fs::create_symlink("real-pre-push", hooks / "pre-push");
  fs::create_symlink("/nonexistent/hook", hooks / "post-merge");
  auto before = snapshot(hooks);

  auto r = repo.hookagent("install --hooks pre-commit,commit-msg,pre-push,post-merge");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(is_shim(hooks / "pre-commit"));
  CHECK(fs::is_symlink(hooks / "pre-push.hookagent-chained"));
  CHECK(fs::is_symlink(hooks / "post-merge.hookagent-chained"));
  CHECK(r.out.find("not executable") != std::string::npos);
  CHECK(r.out.find("dangling symlink") != std::string::npos);

  r = repo.hookagent("uninstall");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(snapshot(hooks) == before);
  CHECK_FALSE(fs::exists(repo.root() / ".git/hookagent/install.json"));
}

TEST_CASE("uninstall with nothing installed says so and changes nothing", "[install]") {
  GitRepo repo;
  auto before = snapshot(repo.root() / ".git/hooks");
  auto r = repo.hookagent("uninstall");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("nothing to uninstall") != std::string::npos);
  CHECK(snapshot(repo.root() / ".git/hooks") == before);
}

TEST_CASE("install --hooks installs only the named hooks", "[install]") {
  GitRepo repo;
  auto r = repo.hookagent("install --hooks pre-commit,post-commit");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(is_shim(repo.root() / ".git/hooks/pre-commit"));
  CHECK(is_shim(repo.root() / ".git/hooks/post-commit"));
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-push"));
  CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/commit-msg"));

  auto bad = repo.hookagent("install --hooks pre-comit");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("pre-comit") != std::string::npos);
}

TEST_CASE("core.hooksPath, relative and absolute, is where hooks go", "[install]") {
  SECTION("relative to the work tree top, created when missing") {
    GitRepo repo;
    repo.git("config core.hooksPath .githooks");
    fs::create_directories(repo.root() / "sub");
    auto r = repo.hookagent("install", repo.root() / "sub");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(is_shim(repo.root() / ".githooks/pre-commit"));
    CHECK_FALSE(fs::exists(repo.root() / ".git/hooks/pre-commit"));
    REQUIRE(repo.hookagent("uninstall").exit_code == 0);
    CHECK_FALSE(fs::exists(repo.root() / ".githooks"));  // we created it, we remove it
  }
  SECTION("absolute") {
    GitRepo repo;
    TempDir elsewhere;
    repo.git("config core.hooksPath '" + (elsewhere / "hooks").string() + "'");
    fs::create_directories(elsewhere / "hooks");
    write_hook(elsewhere / "hooks/pre-commit", "#!/bin/sh\nexit 0\n");
    auto before = snapshot(elsewhere.path());
    auto r = repo.hookagent("install");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(is_shim(elsewhere / "hooks/pre-commit"));
    CHECK(fs::exists(elsewhere / "hooks/pre-commit.hookagent-chained"));
    REQUIRE(repo.hookagent("uninstall").exit_code == 0);
    CHECK(snapshot(elsewhere.path()) == before);
  }
}

TEST_CASE("install from a linked worktree writes into the common dir", "[install][worktree]") {
  GitRepo repo;
  repo.commit_file("a.txt", "a\n");
  auto wt = repo.root().parent_path() / "wt";
  repo.git("worktree add -q '" + wt.string() + "' -b side");
  auto r = repo.hookagent("install", wt);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(is_shim(repo.root() / ".git/hooks/pre-commit"));
  CHECK(fs::exists(repo.root() / ".git/hookagent/install.json"));
  // The hook fires in the worktree: HOOKAGENT_SKIP makes it say so.
  write_file(wt / "b.txt", "b\n");
  repo.git_in(wt, "add b.txt");
  auto c = repo.git_in(wt, "-c core.quotepath=off commit -q -m b");
  CHECK(c.exit_code == 0);
  auto c2 = sh("echo c > c.txt && git add c.txt && HOOKAGENT_SKIP=1 git commit -q -m c", wt, repo.env());
  INFO(c2.err);
  CHECK(c2.exit_code == 0);
  CHECK(c2.err.find("hookagent pre-commit: skipped") != std::string::npos);
}

TEST_CASE("install sets the notes config once and uninstall removes it", "[install][notes]") {
  GitRepo repo;
  REQUIRE(repo.hookagent("install").exit_code == 0);
  REQUIRE(repo.hookagent("install --force").exit_code == 0);
  auto refs = repo.git("config --get-all notes.rewriteRef");
  CHECK(trimmed(refs.out) == "refs/notes/hookagent/*");
  auto strategy = repo.git("config --get notes.hookagent/code-review.mergeStrategy");
  CHECK(trimmed(strategy.out) == "cat_sort_uniq");

  REQUIRE(repo.hookagent("uninstall").exit_code == 0);
  CHECK(repo.git("config --get-all notes.rewriteRef", true).exit_code == 1);
  CHECK(repo.git("config --get notes.hookagent/code-review.mergeStrategy", true).exit_code == 1);
}

TEST_CASE("a user's own notes settings survive install and uninstall", "[install][notes]") {
  GitRepo repo;
  repo.git("config --add notes.rewriteRef refs/notes/commits");
  repo.git("config notes.hookagent/code-review.mergeStrategy union");
  REQUIRE(repo.hookagent("install").exit_code == 0);
  CHECK(repo.git("config --get-all notes.rewriteRef").out == "refs/notes/commits\nrefs/notes/hookagent/*\n");
  CHECK(trimmed(repo.git("config --get notes.hookagent/code-review.mergeStrategy").out) == "union");
  REQUIRE(repo.hookagent("uninstall").exit_code == 0);
  CHECK(repo.git("config --get-all notes.rewriteRef").out == "refs/notes/commits\n");
  CHECK(trimmed(repo.git("config --get notes.hookagent/code-review.mergeStrategy").out) == "union");
}

TEST_CASE("an unwritable hooks dir is a clear error, exit 2, nothing changed", "[install][bad-input]") {
  GitRepo repo;
  auto hooks = repo.root() / ".git/hooks";
  write_hook(hooks / "pre-commit", "#!/bin/sh\nexit 0\n");
  auto before = snapshot(repo.root() / ".git");
  UnwritableDir guard(hooks);
  REQUIRE(guard.ok());
  auto r = repo.hookagent("install");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(hooks.string()) != std::string::npos);
  CHECK(r.err.find("not writable") != std::string::npos);
  CHECK(r.err.find("nothing was changed") != std::string::npos);
  CHECK(snapshot(repo.root() / ".git") == before);
}

TEST_CASE("install outside a repository is a clear error", "[install][bad-input]") {
  TempDir dir;
  GitRepo repo;  // for the environment only
  auto r = repo.hookagent("install", dir.path());
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.err.empty());
  CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
}

TEST_CASE("a bare repository gets pre-receive by default", "[install][bare]") {
  GitRepo bare(true);
  auto r = bare.hookagent("install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(is_shim(bare.root() / "hooks/pre-receive"));
  CHECK_FALSE(fs::exists(bare.root() / "hooks/pre-commit"));
}

TEST_CASE("a foreign hook replacing our shim after install is never dropped", "[install]") {
  GitRepo repo;
  auto hooks = repo.root() / ".git/hooks";
  write_hook(hooks / "pre-commit", "#!/bin/sh\necho first\n");
  REQUIRE(repo.hookagent("install --hooks pre-commit").exit_code == 0);
  write_hook(hooks / "pre-commit", "#!/bin/sh\necho second\n");  // another tool overwrote us
  auto r = repo.hookagent("install --hooks pre-commit");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(read_file(hooks / "pre-commit") == "#!/bin/sh\necho second\n");
  r = repo.hookagent("install --hooks pre-commit --force");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(hooks / "pre-commit.hookagent-chained") == "#!/bin/sh\necho second\n");
  CHECK(read_file(hooks / "pre-commit.hookagent-chained.old") == "#!/bin/sh\necho first\n");
}

TEST_CASE("a repository owned by another user: the safe.directory fix, exit 2, nothing written", "[install][bad-input]") {
  GitRepo repo;
  if (geteuid() != 0) return;  // only root can hand a directory to another user here
  auto before = snapshot(repo.root() / ".git");
  REQUIRE(run_process({"chown", "-R", "65534:65534", repo.root().string()}).exit_code == 0);
  auto r = repo.hookagent("install");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("safe.directory") != std::string::npos);
  auto after = snapshot(repo.root() / ".git");
  CHECK(after == before);
  run_process({"chown", "-R", "0:0", repo.root().string()});
}

TEST_CASE("install compiles the scan's prefilter once; later installs and hooks reuse it", "[install][prefilter]") {
  TempDir cache;
  GitRepo first, second;
  auto with_cache = [&](GitRepo& repo, const std::string& args) {
    return sh("XDG_CACHE_HOME='" + cache.path().string() + "' '" + hookagent_bin() + "' " + args, repo.root(),
              repo.env());
  };
  auto r = with_cache(first, "install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  if (prefilter_off_in_env()) {
    CHECK(r.out.find("not compiling the offline scan's prefilter: HOOKAGENT_PREFILTER=off") != std::string::npos);
    if (fs::exists(cache.path() / "hookagent"))
      for (auto& e : fs::directory_iterator(cache.path() / "hookagent"))
        CHECK(e.path().filename().string().rfind("patterns-", 0) != 0);
    return;
  }
#if HOOKAGENT_HAVE_HYPERSCAN
  // Said before the wait, then how long it took.
  CHECK(r.out.find("compiling the offline scan's prefilter") < r.out.find("compiled the offline scan's prefilter"));
  CHECK(r.out.find("compiled the offline scan's prefilter") != std::string::npos);
  int databases = 0;
  for (auto& e : fs::directory_iterator(cache.path() / "hookagent"))
    databases += e.path().filename().string().rfind("patterns-", 0) == 0;
  CHECK(databases == 1);
  auto again = with_cache(second, "install");
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("compiled") == std::string::npos);  // same rules: the cached one
#endif
}
