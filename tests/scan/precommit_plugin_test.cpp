// The .pre-commit-hooks.yaml at the repo root, driven by Debian's real
// `pre-commit try-repo` (exit 77 = skipped when pre-commit is not installed).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "scan_test_support.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::scan::testing;
namespace fs = std::filesystem;

namespace {
bool have_pre_commit() { return std::system("command -v pre-commit >/dev/null 2>&1") == 0; }
}  // namespace

TEST_CASE("pre-commit try-repo runs hookagent-scan and blocks a secret", "[precommit]") {
  test::GitRepo user;
  // try-repo needs our repository as a git repository: clone the source tree's
  // committed state (with .pre-commit-hooks.yaml) into a temp dir.
  test::TempDir clone_dir;
  fs::path ours = clone_dir / "hookagent";
  auto cloned = test::sh("git clone -q '" + test::source_root().string() + "' '" + ours.string() + "'",
                         clone_dir.path(), user.env());
  REQUIRE(cloned.exit_code == 0);
  if (!fs::exists(ours / ".pre-commit-hooks.yaml"))
    test::write_file(ours / ".pre-commit-hooks.yaml", test::read_file(test::source_root() / ".pre-commit-hooks.yaml"));

  user.write(".git/hookagent.toml", "[scan]\npacks = []\n");  // trusted layer: may drop the packs
  user.write(".gitleaks.toml", kTestRules);
  user.write("clean.py", "print('hello')\n");
  user.write("leak.py", "key = '" + fake_token(21) + "'\n");
  // The hook scans what is staged (pass_filenames: false), whatever --files names.
  user.git("add clean.py .gitleaks.toml");

  auto env = user.env();
  fs::path bin_dir = fs::path(test::hookagent_bin()).parent_path();
  env["PATH"] = bin_dir.string() + ":" + std::getenv("PATH");
  env["PRE_COMMIT_HOME"] = (user.home() / ".cache/pre-commit").string();
  auto clean = test::sh("pre-commit try-repo '" + ours.string() + "' hookagent-scan --files clean.py",
                        user.root(), env);
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  user.git("add leak.py");
  auto leak = test::sh("pre-commit try-repo '" + ours.string() + "' hookagent-scan --files leak.py clean.py",
                       user.root(), env);
  INFO(leak.out << leak.err);
  CHECK(leak.exit_code != 0);
  CHECK_THAT(leak.out, Catch::Contains("test-token"));
  CHECK(leak.out.find(fake_token(21)) == std::string::npos);
}

int main_guard = [] {
  if (!have_pre_commit()) std::exit(77);
  return 0;
}();
