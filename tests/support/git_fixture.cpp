#include "support/git_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

namespace hookagent::test {
namespace fs = std::filesystem;

std::string hookagent_bin() {
  const char* b = std::getenv("HOOKAGENT_BIN");
  return b ? b : "hookagent";
}

bool prefilter_off_in_env() {
  const char* v = std::getenv("HOOKAGENT_PREFILTER");
  return v && std::string(v) == "off";
}

fs::path source_root() {
  const char* s = std::getenv("HOOKAGENT_TEST_SOURCE_ROOT");
  return s ? fs::path(s) : fs::current_path();
}

GitRepo::GitRepo(bool bare) {
  home_ = dir_ / "home";
  root_ = dir_ / (bare ? "repo.git" : "repo");
  fs::create_directories(home_);
  fs::create_directories(root_);
  git(std::string("init -q -b main") + (bare ? " --bare" : ""));
}

std::map<std::string, std::string> GitRepo::env() const {
  return {
      {"HOME", home_.string()},
      {"XDG_CONFIG_HOME", (home_ / ".config").string()},
      {"GIT_CONFIG_NOSYSTEM", "1"},
      {"GIT_AUTHOR_NAME", "Test Author"},
      {"GIT_AUTHOR_EMAIL", "author@example.invalid"},
      {"GIT_COMMITTER_NAME", "Test Committer"},
      {"GIT_COMMITTER_EMAIL", "committer@example.invalid"},
      {"NO_COLOR", "1"},
  };
}

ProcessResult GitRepo::git(const std::string& args, bool allow_fail) const {
  return git_in(root_, args, allow_fail);
}

ProcessResult GitRepo::git_in(const fs::path& dir, const std::string& args, bool allow_fail) const {
  auto r = sh("git " + args, dir, env());
  if (!allow_fail) {
    INFO("git " << args << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
  }
  return r;
}

ProcessResult GitRepo::hookagent(const std::string& args, const fs::path& dir) const {
  return sh("'" + hookagent_bin() + "' " + args, dir.empty() ? root_ : dir, env());
}

void GitRepo::write(const std::string& rel, const std::string& content) const {
  write_file(root_ / rel, content);
}

std::string GitRepo::read(const std::string& rel) const { return read_file(root_ / rel); }

std::string GitRepo::commit_file(const std::string& rel, const std::string& content,
                                 const std::string& msg) {
  write(rel, content);
  git("add -- '" + rel + "'");
  git("commit -q -m '" + msg + "'");
  return head();
}

std::string GitRepo::head() const {
  auto r = git("rev-parse HEAD");
  auto s = r.out;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace hookagent::test
