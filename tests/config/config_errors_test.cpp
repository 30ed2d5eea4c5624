// Every user error in a config file names file:line:col and says what to do.
#include <catch2/catch.hpp>

#include "config/config_fixture.hpp"

using namespace hookagent;
using hookagent::test::ConfigFixture;

namespace {
Error load_error(const ConfigFixture& fx) {
  auto c = load_config(fx.sources);
  REQUIRE_FALSE(c);
  CHECK(c.error().kind == ErrorKind::Config);
  return c.error();
}
}  // namespace

TEST_CASE("malformed TOML reports toml++'s position") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\nblock_on = \"high\nskills = []\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:17");
  CHECK(e.what.rfind("invalid TOML: ", 0) == 0);
  CHECK(e.message().find(fx.repo_file().string() + ":2:17: invalid TOML") == 0);
}

TEST_CASE("a table header missing its bracket is malformed TOML at that line") {
  ConfigFixture fx;
  fx.user("[provider]\nkind = \"none\"\n\n[hooks.pre-commit\n");
  Error e = load_error(fx);
  CHECK(e.where.rfind(fx.user_file().string() + ":4:", 0) == 0);
}

TEST_CASE("an unknown key suggests the near miss") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\nskills = [\"security-scan\"]\n  blok_on = \"high\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":3:3");
  CHECK(e.what == "unknown key 'blok_on' in [hooks.pre-commit]");
  CHECK(e.hint == "did you mean 'block_on'?");
}

TEST_CASE("allowed_tools with an underscore suggests allowed-tools") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\nallowed_tools = [\"Read\"]\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:1");
  CHECK(e.hint == "did you mean 'allowed-tools'?");
}

TEST_CASE("an unknown key far from any lists the valid keys") {
  ConfigFixture fx;
  fx.repo("[scan]\ncolour = true\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:1");
  CHECK(e.hint == "valid keys in [scan]: packs, gitleaks_config, exclude_paths, max_file_size, context, context_paths, block_confidence");
}

TEST_CASE("an unknown hook name suggests the real one") {
  ConfigFixture fx;
  fx.local("[hooks.pre-comit]\nblock_on = \"high\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.local_file().string() + ":1:8");
  CHECK(e.hint == "did you mean 'pre-commit'?");
}

TEST_CASE("an unknown top-level table is an error") {
  ConfigFixture fx;
  fx.user("[hook.pre-commit]\nblock_on = \"high\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.user_file().string() + ":1:2");
  CHECK(e.hint == "did you mean 'hooks'?");
}

TEST_CASE("a wrong type names the value's position and the right type") {
  ConfigFixture fx;
  fx.repo("[hooks.post-commit]\nbackground = \"yes\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:14");
  CHECK(e.what == "background must not be a string");
  CHECK(e.hint == "background takes true or false");
}

TEST_CASE("a list with a non-string item points at the item") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\nskills = [\"security-scan\", 42]\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:28");
  CHECK(e.hint.find("list of strings") != std::string::npos);
}

TEST_CASE("a string where a list belongs says so") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\nskills = \"security-scan\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:10");
  CHECK(e.hint == "skills takes a list of strings, e.g. skills = [\"a\", \"b\"]");
}

TEST_CASE("a bad duration explains the format") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\ntimeout = \"60 secs\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":2:11");
  CHECK(e.what.find("bad duration \"60 secs\"") == 0);
  CHECK(e.hint.find("\"90s\", \"2m\"") != std::string::npos);
}

TEST_CASE("a zero or unit-less-after-unit duration is rejected") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\ntimeout = \"0s\"\n");
  CHECK(load_error(fx).where == fx.repo_file().string() + ":2:11");
  fx.repo("[hooks.pre-commit]\ntimeout = \"1m30\"\n");
  CHECK(load_error(fx).what.find("missing unit") != std::string::npos);
}

TEST_CASE("a bad severity lists the valid ones") {
  ConfigFixture fx;
  fx.user("[hooks.pre-push]\nblock_on = \"severe\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.user_file().string() + ":2:12");
  CHECK(e.what == "bad severity \"severe\" for block_on");
  CHECK(e.hint == "block_on takes one of: critical, high, medium, low, never");
}

TEST_CASE("a bad enum value lists the choices") {
  ConfigFixture fx;
  fx.user("[provider]\nkind = \"claude\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.user_file().string() + ":2:8");
  CHECK(e.hint == "kind takes one of: anthropic, openai, command, none");
}

TEST_CASE("a section that is not a table is an error") {
  ConfigFixture fx;
  fx.user("scan = \"all\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.user_file().string() + ":1:1");
  CHECK(e.what == "[scan] must be a table, not a string");
}

TEST_CASE("a negative or zero integer is rejected") {
  ConfigFixture fx;
  fx.user("[provider]\nmax_turns = 0\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.user_file().string() + ":2:13");
  CHECK(e.what == "max_turns must be more than zero");
}

TEST_CASE("a command provider without a command is an error at kind") {
  ConfigFixture fx;
  fx.user("[provider]\nkind = \"command\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.user_file().string() + ":2:1");
  CHECK(e.hint.find("command = [") != std::string::npos);
}

TEST_CASE("provider written as a string suggests the table form") {
  ConfigFixture fx;
  fx.repo("provider = \"anthropic\"\n");
  Error e = load_error(fx);
  CHECK(e.where == fx.repo_file().string() + ":1:1");
  CHECK(e.hint == "write it as a table: [provider] then kind = \"anthropic\" on the next line");
}

TEST_CASE("a duplicate key and invalid UTF-8 are malformed TOML with a position") {
  ConfigFixture fx;
  fx.repo("[hooks.pre-commit]\nblock_on = \"high\"\nblock_on = \"low\"\n");
  CHECK(load_error(fx).where.rfind(fx.repo_file().string() + ":3:", 0) == 0);
  fx.repo("[scan]\npacks = [\"\xff\"]\n");
  CHECK(load_error(fx).where.rfind(fx.repo_file().string() + ":2:", 0) == 0);
}

TEST_CASE("a config file over 1 MiB is refused before parsing") {
  ConfigFixture fx;
  fx.local(std::string((1 << 20) + 10, '#'));
  Error e = load_error(fx);
  CHECK(e.where == fx.local_file().string());
  CHECK(e.what.find("too large") != std::string::npos);
}

TEST_CASE("a config path that is a directory is an error naming it; an absent one is no error") {
  ConfigFixture fx;
  std::filesystem::create_directories(fx.local_file());
  Error e = load_error(fx);
  CHECK(e.where == fx.local_file().string());
  CHECK(e.what == "config path is a directory");
  CHECK(e.hint == "remove it or make it a TOML file");
  std::filesystem::remove(fx.local_file());
  CHECK(load_config(fx.sources));
}
