// Every path a secret could take to the provider (issue 9, item 4), through
// the real `hookagent review` in a real repo against the scripted provider:
// the diff and its file headers, Read with offset/limit inside a key, Grep on
// a key's base64 lines and on a long line (cut only after redaction), Glob
// and a token in a file name, encoded secrets, and Bash output. No piece of a
// bundled-rule secret may appear in any request body.
#include <catch2/catch.hpp>

#include "support/encodings.hpp"
#include "support/git_fixture.hpp"
#include "support/scripted_provider.hpp"

using namespace hookagent;
using hookagent::test::base64;
using hookagent::test::GitRepo;
using hookagent::test::ScriptedProvider;

namespace {

// Built at run time so no scanner flags this repository.
std::string fake_aws_key() { return std::string("AK") + "IA" + "M3XQ7ZK2" + "RWP4TBV6"; }
std::string fake_github_token() { return std::string("gh") + "p_" + "Zq8Lw3Rt6Yp1Nv5Kx9Bm2Hc7Jd4Fs0Ga" + "8Qe1"; }
std::string key_line(int i) { return std::string("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") + char('A' + i) + "k7Qp2Wm9Xz4Lb8Nc1Vd6Fh3Jg5Ts0Ry"; }

std::string private_key() {
  std::string k = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int i = 0; i < 12; ++i) k += key_line(i) + "\n";
  return k + "-----END RSA PRIVATE KEY-----\n";
}

// Any 12 consecutive characters of a secret count as a leak.
std::vector<std::string> pieces(const std::string& secret) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 12 <= secret.size(); i += 4) out.push_back(secret.substr(i, 12));
  return out;
}

}  // namespace

TEST_CASE("no piece of a secret reaches the provider by any tool or path", "[agent][redaction]") {
  GitRepo repo;
  ScriptedProvider server;
  test::write_file(repo.home() / ".config/hookagent/config.toml",
                   "[provider]\nkind = \"anthropic\"\nmodel = \"claude-sonnet-4-5\"\n"
                   "base_url = \"" + server.base_url() + "\"\napi_key_env = \"HOOKAGENT_TEST_KEY\"\n\n"
                   "[hooks.pre-commit]\ntimeout = \"30s\"\n"
                   "allowed-tools = [\"Read\", \"Grep\", \"Glob\", \"Bash(cat *)\", \"Bash(base64 *)\"]\n");
  repo.write(".claude/skills/leak-probe/SKILL.md",
             "---\nname: leak-probe\ndescription: Probes every way a secret could leave.\n"
             "allowed-tools: Read Grep Glob Bash(cat *) Bash(base64 *)\n---\nReview the change.\n");
  repo.commit_file("README.md", "base\n", "base");
  repo.write("deploy/server.pem", private_key());
  repo.write("config/app.env", "AWS_ACCESS_KEY_ID=" + fake_aws_key() + "\n");
  repo.write("src/long.js", "const pad = '" + std::string(390, 'x') + "'; const t = '" + fake_github_token() + "';\n");
  repo.write("docs/" + fake_github_token() + ".txt", "named after a token\n");
  repo.write("config/blob.b64", base64("github_token: " + fake_github_token() + "\n") + "\n");
  repo.git("add -A");

  server.push({200, ScriptedProvider::anthropic_tools({
                        {"t1", "Read", {{"file_path", "deploy/server.pem"}, {"offset", 3}, {"limit", 4}}},
                        {"t2", "Grep", {{"pattern", "^MIIE"}, {"path", "deploy"}}},
                        {"t3", "Grep", {{"pattern", "const t"}}},
                        {"t4", "Glob", {{"pattern", "**/*"}}},
                        {"t5", "Read", {{"file_path", "config/app.env"}}},
                        {"t6", "Read", {{"file_path", "config/blob.b64"}}},
                        {"t7", "Grep", {{"pattern", "[A-Za-z0-9+/]{30,}"}, {"output_mode", "content"}}},
                    })});
  server.push({200, ScriptedProvider::anthropic_tools({
                        {"t8", "Bash", {{"command", "cat deploy/server.pem config/app.env src/long.js"}}},
                        {"t9", "Bash", {{"command", "base64 -d config/blob.b64"}}},
                        {"t10", "Bash", {{"command", "base64 config/app.env"}}},
                    })});
  server.push({200, ScriptedProvider::anthropic_text("reviewed")});
  auto env = repo.env();
  env["HOOKAGENT_TEST_KEY"] = "test-key-value";
  auto r = test::sh("'" + test::hookagent_bin() + "' review --staged --skill leak-probe", repo.root(), env);
  INFO(r.out << r.err);
  REQUIRE(server.requests().size() == 3);

  std::vector<std::string> secrets = {fake_aws_key(), fake_github_token(), base64("github_token: " + fake_github_token())};
  for (int i = 0; i < 12; ++i) secrets.push_back(key_line(i));
  for (const auto& req : server.requests()) {
    for (const auto& s : secrets)
      for (const auto& piece : pieces(s)) {
        INFO("leaked piece: " << piece);
        CHECK(req.body.find(piece) == std::string::npos);
      }
  }
  // The tools did run and said what they withheld.
  std::string second = server.requests().at(1).body;
  CHECK(second.find("[REDACTED:") != std::string::npos);
  CHECK(second.find("src/long.js") != std::string::npos);
  CHECK(server.requests().at(0).body.find("[REDACTED:") != std::string::npos);  // the diff and its headers
}
