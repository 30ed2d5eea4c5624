// SARIF output against the SARIF 2.1.0 JSON schema, in every configuration a
// user can produce: findings and none, bundled rules extended by a team file
// (useDefault), history with commits, whole files with skipped ones. The
// schema comes from npm (@microsoft/jest-sarif, installed by .ci/run) and the
// validator from Debian's python3-jsonschema; without either this exits 77.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "scan_test_support.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
namespace fs = std::filesystem;

namespace {

fs::path schema_path() {
  if (const char* env = std::getenv("HOOKAGENT_SARIF_SCHEMA"); env && *env) return env;
  const char* build = std::getenv("HOOKAGENT_TEST_BUILD_ROOT");
  return fs::path(build ? build : ".") /
         "sarif-schema/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
}

// Built at run time so no scanner flags this repository.
std::string fake_github_token() { return std::string("gh") + "p_" + "Zq8Lw3Rt6Yp1Nv5Kx9Bm2Hc7Jd4Fs0Ga8Qe1"; }

}  // namespace

TEST_CASE("SARIF validates against the 2.1.0 schema in every configuration", "[sarif]") {
  const fs::path schema = schema_path();
  if (!fs::exists(schema)) {
    std::printf("skipped: no SARIF schema at %s (npm install --prefix build/sarif-schema @microsoft/jest-sarif)\n",
                schema.c_str());
    std::exit(77);
  }
  test::GitRepo repo;
  test::TempDir out;
  repo.write("a.py", "t = '" + fake_github_token() + "'\nimport subprocess\nsubprocess.call(x, shell=True)\n");
  repo.git("add -A");
  std::vector<std::string> files;
  auto save = [&](const std::string& name, const std::string& args) {
    auto r = repo.hookagent("scan " + args + " --format sarif");
    INFO(name << ": " << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    test::write_file(out / name, r.out);
    files.push_back((out / name).string());
  };
  save("staged.sarif", "--staged");
  repo.git("commit -q -m first");
  save("clean.sarif", "--staged");
  save("history.sarif", "--history");
  repo.write(".gitleaks.toml", "[extend]\nuseDefault = true\n[[rules]]\nid = \"github-pat\"\ntags = [\"github\", \"team\"]\n");
  repo.write("bin/blob.dat", std::string("\0\1\2", 3));
  save("extended.sarif", ".");
  // Debian's interpreter, where apt put python3-jsonschema (PATH may hold another python3).
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd = python + " '" + (test::source_root() / "tests/scan/validate_sarif.py").string() + "' '" +
                    schema.string() + "'";
  for (const auto& f : files) cmd += " '" + f + "'";
  auto v = test::sh(cmd, out.path(), repo.env());
  INFO(v.out << v.err);
  if (v.exit_code == 77) {
    std::printf("skipped: %s\n", v.out.c_str());
    std::exit(77);
  }
  CHECK(v.exit_code == 0);
}
