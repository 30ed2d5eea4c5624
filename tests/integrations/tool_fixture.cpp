#include "tool_fixture.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "scan/scanner.hpp"

namespace hookagent::test {
namespace fs = std::filesystem;

namespace {

fs::path build_root() {
  const char* b = std::getenv("HOOKAGENT_TEST_BUILD_ROOT");
  return b ? fs::path(b) : fs::current_path();
}

// .ci/run installs the npm tools into build/hook-tools; other build dirs
// (build-asan) use that same install.
fs::path npm_bin_dir() {
  for (const fs::path& root : {build_root(), source_root() / "build"}) {
    fs::path dir = root / "hook-tools" / "node_modules" / ".bin";
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return dir;
  }
  return build_root() / "hook-tools" / "node_modules" / ".bin";
}

std::optional<fs::path> on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<fs::path> find_tool(const std::string& name) {
  fs::path local = npm_bin_dir() / name;
  if (access(local.c_str(), X_OK) == 0) return local;
  return on_path(name);
}

void require_tool_or_skip(const std::string& tool) {
  if (find_tool(tool)) return;
  std::fprintf(stderr,
               "skipped: `%s` not found in %s or on PATH (.ci/run installs husky and lefthook there with npm; "
               "pre-commit is Debian's package)\n",
               tool.c_str(), npm_bin_dir().c_str());
  std::exit(77);
}

ToolRepo::ToolRepo() {
  // The tools find their own config from here; hookagent's hooks from PATH.
  write("README.md", "test repository\n");
  git("add README.md");
  git("commit -q -m initial");
}

std::map<std::string, std::string> ToolRepo::env() const {
  auto e = GitRepo::env();
  std::string path = fs::path(hookagent_bin()).parent_path().string() + ":" + npm_bin_dir().string();
  if (const char* p = std::getenv("PATH")) path += std::string(":") + p;
  e["PATH"] = path;
  e["PRE_COMMIT_HOME"] = (home() / ".cache" / "pre-commit").string();
  e["LEFTHOOK_VERBOSE"] = "0";
  e["NO_COLOR"] = "1";
  return e;
}

ProcessResult ToolRepo::run(const std::string& script) const { return sh(script, root(), env()); }

ProcessResult ToolRepo::try_commit(const std::string& rel, const std::string& content, const std::string& msg) const {
  write(rel, content);
  run("git add -- '" + rel + "'");
  return run("git commit -q -m '" + msg + "'");
}

ProcessResult ToolRepo::ha(const std::string& args) const { return run("hookagent " + args); }

std::string fake_key_secret(uint64_t seed) { return scan::expand_sample("{{rand:16:A-Z2-7}}", seed); }

std::string fake_key_line(uint64_t seed) {
  return "aws_access_key_id = \"AKIA" + fake_key_secret(seed) + "\"\n";
}

bool blocked_by_hookagent(const ProcessResult& commit, const std::string& file, uint64_t seed) {
  const std::string all = commit.out + commit.err;
  return commit.exit_code != 0 && all.find(file + ":1:") != std::string::npos &&
         all.find("blocked") != std::string::npos && all.find(fake_key_secret(seed)) == std::string::npos;
}

std::string ToolRepo::team_log() const {
  return std::filesystem::exists(root() / ".git/team.log") ? read(".git/team.log") : "";
}

void require_ok(const ProcessResult& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

void check_key_blocked_and_clean_passes(const ToolRepo& repo, uint64_t seed) {
  auto blocked = repo.try_commit("settings.py", fake_key_line(seed), "key");
  INFO(blocked.out << blocked.err);
  CHECK(blocked_by_hookagent(blocked, "settings.py", seed));
  repo.run("git rm -q --cached settings.py");
  auto clean = repo.try_commit("notes.txt", "nothing secret\n", "clean");
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(repo.team_log().find("team-check") != std::string::npos);  // the team's own command still runs
}

}  // namespace hookagent::test
