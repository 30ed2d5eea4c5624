// A 200 MB staged file: read once, streamed, never loaded twice.
#include <sys/resource.h>

#include <catch2/catch.hpp>

#include "probe_hooks.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

TEST_CASE("a 200 MB text file is streamed: all lines added when new, one line when one is edited") {
  GitRepo repo;
  TempDir outputs;
  auto out = outputs / "pre-commit.out";
  repo.commit_file("README", "r\n", "base");
  install_probe_hook(repo, "pre-commit", "staged", out);
  // 200 000 000 bytes of 20-byte lines, generated here and removed with the temp dir.
  auto gen = sh("yes 'generated line 1234' | head -c 200000000 > big.txt", repo.root());
  REQUIRE(gen.exit_code == 0);
  REQUIRE(fs::file_size(repo / "big.txt") == 200000000u);
  repo.git("add big.txt");
  repo.git("commit -q -m big");
  auto r = read_hook_run(out);
  CHECK(r.before == r.after);
  INFO(r.out);
  auto row = row_for(rows_of(r.out), "big.txt");
  CHECK(row.kind == "txt");
  CHECK(row.size == "200000000");
  CHECK(row.ranges == "1-10000000");

  // One line changed in the middle: exactly that line is added.
  REQUIRE(sh("sed -i '5000000s/.*/changed line/' big.txt", repo.root()).exit_code == 0);
  repo.git("commit -q -a -m edit");
  fs::remove(repo / "big.txt");  // do not keep 200 MB around longer than needed
  auto r2 = read_hook_run(out);
  CHECK(r2.before == r2.after);
  INFO(r2.out);
  auto edited = row_for(rows_of(r2.out), "big.txt");
  CHECK(edited.status == "M");
  CHECK(edited.ranges == "5000000-5000000");
}
