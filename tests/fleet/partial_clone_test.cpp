// History scans of partial clones (`--filter=blob:none`, as CI checkouts make
// them) and of repositories with missing objects: scanned as far as the objects
// go, the missing blobs counted with how to fetch them, nothing fetched, and
// exit 2 only when nothing could be scanned.
#include <catch2/catch.hpp>

#include <algorithm>

#include "fleet_fixture.hpp"

using namespace hookagent;
namespace fs = std::filesystem;

namespace {

int missing_objects(const test::GitRepo& fixture, const fs::path& dir) {
  auto r = fixture.git_in(dir, "rev-list --objects --missing=print --all");
  int n = 0;
  for (std::size_t at = 0; (at = r.out.find('?', at)) != std::string::npos; ++at)
    if (at == 0 || r.out[at - 1] == '\n') ++n;
  return n;
}

// A source whose old secret lives in a blob a blob:none clone lacks, and whose
// newest commit adds another secret that the checkout fetches.
struct Served {
  test::GitRepo source;
  std::string old_token = fleet_test::fake_pat(11);
  std::string new_token = fleet_test::fake_pat(12);
  Served() {
    source.commit_file("config.py", "KEY = \"" + old_token + "\"\n");
    source.commit_file("config.py", "KEY = None\n");
    source.commit_file("notes.txt", "plain\n");
    source.commit_file("deploy.py", "TOKEN = \"" + new_token + "\"\n");
    source.git("config uploadpack.allowFilter true");
    source.git("config uploadpack.allowAnySHA1InWant true");
  }
  std::string url() const { return "file://" + source.root().string(); }
};

}  // namespace

TEST_CASE("a blob:none partial clone is scanned as far as its blobs go, and nothing is fetched", "[fleet][partial]") {
  Served served;
  test::TempDir dir;
  served.source.git_in(dir.path(), "clone -q --filter=blob:none '" + served.url() + "' clone");
  const fs::path clone = dir / "clone";
  const int missing_before = missing_objects(served.source, clone);
  REQUIRE(missing_before > 0);

  auto r = served.source.hookagent("scan --history --format json", clone);
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // the checked-out secret is found
  auto keys = fleet_test::finding_keys(r.out);
  bool new_found = false;
  for (const auto& k : keys) new_found = new_found || k.find("deploy.py:1 github-pat") != std::string::npos;
  CHECK(new_found);
  const std::string notes = nlohmann::json::parse(r.out).at("summary").at("notes").dump();
  CHECK(notes.find("blob(s) missing from a partial clone") != std::string::npos);
  CHECK(notes.find("git fetch --refetch") != std::string::npos);
  // libgit2 reads no promisor remote: the clone is exactly as incomplete as before.
  CHECK(missing_objects(served.source, clone) == missing_before);

  // The hint works: after it, the old secret is found too.
  served.source.git_in(clone, "config --unset remote.origin.partialclonefilter");
  served.source.git_in(clone, "fetch -q --refetch origin");
  CHECK(missing_objects(served.source, clone) == 0);
  auto full = served.source.hookagent("scan --history --format json", clone);
  CHECK(full.exit_code == 1);
  auto all = fleet_test::finding_keys(full.out);
  CHECK(std::includes(all.begin(), all.end(), keys.begin(), keys.end()));
  bool old_found = false;
  for (const auto& k : all) old_found = old_found || k.find("config.py:1 github-pat") != std::string::npos;
  CHECK(old_found);
  for (const auto& k : keys) CHECK(k.find("config.py") == std::string::npos);  // it was not scanned before
}

TEST_CASE("a partial clone holding no blob at all is exit 2 with the fetch hint", "[fleet][partial]") {
  Served served;
  test::TempDir dir;
  served.source.git_in(dir.path(), "clone -q --bare --filter=blob:none '" + served.url() + "' bare.git");
  auto r = served.source.hookagent("scan --history", dir / "bare.git");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("none of the") != std::string::npos);
  CHECK(r.err.find("--refetch") != std::string::npos);
  // Incremental: nothing scanned, so no state either.
  auto inc = served.source.hookagent("scan --history --since-last-scan", dir / "bare.git");
  CHECK(inc.exit_code == 2);
  CHECK(served.source.git_in(dir / "bare.git", "for-each-ref refs/hookagent/").out.empty());
}

TEST_CASE("a loose blob deleted from the object store is counted, the rest scanned", "[fleet][partial]") {
  test::GitRepo repo;
  repo.commit_file("a.py", "A = \"" + fleet_test::fake_pat(21) + "\"\n");
  repo.commit_file("b.txt", "lost\n");
  const std::string lost = repo.git("rev-parse HEAD:b.txt").out.substr(0, 40);
  fs::remove(repo / (".git/objects/" + lost.substr(0, 2) + "/" + lost.substr(2)));
  auto r = repo.hookagent("scan --history --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(fleet_test::finding_keys(r.out).size() == 1);
  CHECK(r.out.find("1 blob(s) missing") != std::string::npos);
}
