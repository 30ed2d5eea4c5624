#include <catch2/catch.hpp>

#include "config/config_fixture.hpp"

using namespace hookagent;
using hookagent::test::ConfigFixture;

namespace {
Config load(const ConfigFixture& fx) {
  auto cfg = load_config(fx.sources);
  INFO((cfg ? std::string() : cfg.error().message()));
  REQUIRE(cfg);
  return *cfg;
}
}  // namespace

TEST_CASE("with no files the built-in defaults of DESIGN §4 apply") {
  ConfigFixture fx;
  Config c = load(fx);
  REQUIRE(c.hooks.size() == 8);
  CHECK(c.hook("pre-commit").skills == std::vector<std::string>{"security-scan"});
  CHECK(c.hook("pre-commit").block_on == Severity::High);
  CHECK(c.hook("pre-commit").agent == "auto");
  CHECK(c.hook("pre-push").skills == std::vector<std::string>{"security-scan"});
  CHECK(c.hook("pre-receive").skills == std::vector<std::string>{"security-scan"});
  CHECK(c.hook("post-commit").background);
  CHECK(c.hook("post-merge").skills == std::vector<std::string>{"code-review"});
  CHECK_FALSE(c.hook("commit-msg").enabled);
  CHECK_FALSE(c.hook("prepare-commit-msg").enabled);
  CHECK(c.hook("post-rewrite").skills.empty());
  CHECK(c.providers.at("default").kind == "none");
  CHECK(c.origins.at("hooks.pre-commit.block_on").source == "default");
  CHECK(c.untrusted_keys.empty());
  REQUIRE(c.files.size() == 3);
  CHECK_FALSE(c.files[0].present);
}

TEST_CASE("later layers win and origins name file:line:col") {
  ConfigFixture fx;
  fx.user("[provider]\nkind = \"anthropic\"\nmodel = \"user-model\"\n\n[hooks.pre-commit]\ntimeout = \"2m\"\n");
  fx.repo("[hooks.pre-commit]\nblock_on = \"medium\"\nskills = [\"security-scan\", \"team-rules\"]\n");
  fx.local("[provider]\nmodel = \"local-model\"\n");
  Config c = load(fx);
  auto& p = c.providers.at("default");
  CHECK(p.kind == "anthropic");
  CHECK(p.model == "local-model");
  CHECK(p.api_key_env == "ANTHROPIC_API_KEY");
  CHECK(c.hook("pre-commit").timeout == std::chrono::seconds(120));
  CHECK(c.hook("pre-commit").block_on == Severity::Medium);
  CHECK(c.hook("pre-commit").skills.size() == 2);
  CHECK(c.origins.at("providers.default.kind").source == fx.user_file().string() + ":2:1");
  CHECK(c.origins.at("providers.default.model").source == fx.local_file().string() + ":2:1");
  CHECK(c.origins.at("hooks.pre-commit.timeout").source == fx.user_file().string() + ":6:1");
  CHECK(c.origins.at("hooks.pre-commit.block_on").source == fx.repo_file().string() + ":2:1");
  CHECK(c.origins.at("providers.default.api_key_env").source == "default for kind \"anthropic\"");
  CHECK(c.provider_for("pre-commit").model == "local-model");
}

TEST_CASE("XDG_CONFIG_HOME decides where the user config is") {
  // default_user_config_path reads the process environment.
  setenv("XDG_CONFIG_HOME", "/tmp/xdg-test-home", 1);
  CHECK(default_user_config_path() == "/tmp/xdg-test-home/hookagent/config.toml");
  unsetenv("XDG_CONFIG_HOME");
  setenv("HOME", "/tmp/home-test", 1);
  CHECK(default_user_config_path() == "/tmp/home-test/.config/hookagent/config.toml");
}

TEST_CASE("named providers and a hook that picks one") {
  ConfigFixture fx;
  fx.user(
      "[providers.fast]\nkind = \"openai\"\nmodel = \"small\"\nbase_url = \"http://127.0.0.1:11434/v1\"\n"
      "[hooks.post-commit]\nprovider = \"fast\"\n");
  Config c = load(fx);
  CHECK(c.provider_for("post-commit").name == "fast");
  CHECK(c.provider_for("post-commit").api_key_env == "OPENAI_API_KEY");
  CHECK(c.provider_for("pre-commit").name == "default");
}

TEST_CASE("a hook naming an undefined provider is an error at that key") {
  ConfigFixture fx;
  fx.repo("[hooks.post-commit]\nprovider = \"fats\"\n");
  auto c = load_config(fx.sources);
  REQUIRE_FALSE(c);
  CHECK(c.error().where == fx.repo_file().string() + ":2:1");
  CHECK(c.error().hint.find("default") != std::string::npos);
}

TEST_CASE("scan and skills keys, with paths resolved against the file's directory") {
  ConfigFixture fx;
  // Dropping a pack needs trust from a repo file (trust_test.cpp): set it from the user's own file.
  fx.user("[scan]\npacks = [\"secrets\"]\n");
  fx.repo(
      "[scan]\ngitleaks_config = \"ci/gitleaks.toml\"\nexclude_paths = [\"vendor/**\"]\n"
      "max_file_size = \"2MB\"\n[skills]\npaths = [\"tools/skills\", \"/opt/skills\"]\n");
  Config c = load(fx);
  CHECK(c.scan.packs == std::vector<std::string>{"secrets"});
  CHECK(c.scan.gitleaks_config == (fx.dir / "repo/ci/gitleaks.toml").string());
  CHECK(c.scan.exclude_paths == std::vector<std::string>{"vendor/**"});
  CHECK(c.scan.max_file_size == 2u * 1024 * 1024);
  CHECK(c.skill_paths == std::vector<std::string>{(fx.dir / "repo/tools/skills").string(), "/opt/skills"});
}

TEST_CASE("HOOKAGENT_* environment variables override files") {
  ConfigFixture fx;
  fx.local("[provider]\nkind = \"anthropic\"\nmodel = \"file-model\"\n");
  fx.sources.env = std::map<std::string, std::string>{
      {"HOOKAGENT_PROVIDER", "openai"}, {"HOOKAGENT_MODEL", "env-model"},
      {"HOOKAGENT_BLOCK_ON", "critical"}, {"HOOKAGENT_TIMEOUT", "90s"},
      {"HOOKAGENT_AGENT", "never"},     {"HOOKAGENT_SKILL_PATHS", "/a:/b"},
      {"HOOKAGENT_BIN", "/not/config"}, {"HOOKAGENT_ON_ERROR", ""}};
  Config c = load(fx);
  CHECK(c.providers.at("default").kind == "openai");
  CHECK(c.providers.at("default").model == "env-model");
  CHECK(c.origins.at("providers.default.model").source == "HOOKAGENT_MODEL");
  for (auto& [name, h] : c.hooks) {
    CHECK(h.block_on == Severity::Critical);
    CHECK(h.timeout == std::chrono::seconds(90));
    CHECK(h.agent == "never");
  }
  CHECK(c.origins.at("hooks.pre-push.block_on").source == "HOOKAGENT_BLOCK_ON");
  CHECK(c.skill_paths == std::vector<std::string>{"/a", "/b"});
  CHECK(c.hook("pre-commit").on_error == OnError::Allow);  // empty = unset
}

TEST_CASE("a bad HOOKAGENT_BLOCK_ON names the variable and the valid values") {
  ConfigFixture fx;
  fx.sources.env = std::map<std::string, std::string>{{"HOOKAGENT_BLOCK_ON", "hgih"}};
  auto c = load_config(fx.sources);
  REQUIRE_FALSE(c);
  CHECK(c.error().where == "HOOKAGENT_BLOCK_ON");
  CHECK(c.error().hint.find("critical, high, medium, low, never") != std::string::npos);
}

TEST_CASE("flags override the environment and name their key") {
  ConfigFixture fx;
  fx.sources.env = std::map<std::string, std::string>{{"HOOKAGENT_BLOCK_ON", "critical"}};
  fx.sources.flag_overrides = {{"hooks.pre-commit.block_on", "low"}, {"provider.model", "flag-model"},
                               {"hooks.*.denied-tools", "Bash,Write"}};
  Config c = load(fx);
  CHECK(c.hook("pre-commit").block_on == Severity::Low);
  CHECK(c.hook("pre-push").block_on == Severity::Critical);
  CHECK(c.origins.at("hooks.pre-commit.block_on").source == "flag hooks.pre-commit.block_on");
  CHECK(c.providers.at("default").model == "flag-model");
  CHECK(c.hook("post-commit").denied_tools == std::vector<std::string>{"Bash", "Write"});
}

TEST_CASE("an unknown flag key is a usage error with a suggestion") {
  ConfigFixture fx;
  fx.sources.flag_overrides = {{"hooks.pre-commit.blockon", "low"}};
  auto c = load_config(fx.sources);
  REQUIRE_FALSE(c);
  CHECK(c.error().kind == ErrorKind::Usage);
  CHECK(c.error().hint == "did you mean 'block_on'?");
}

TEST_CASE("block_on = never, durations and on_error parse") {
  ConfigFixture fx;
  fx.user("[hooks.pre-push]\nblock_on = \"never\"\ntimeout = 45\non_error = \"block\"\n[hooks.pre-commit]\ntimeout = \"1h30m\"\n");
  Config c = load(fx);
  CHECK_FALSE(c.hook("pre-push").block_on.has_value());
  CHECK(c.hook("pre-push").timeout == std::chrono::seconds(45));
  CHECK(c.hook("pre-push").on_error == OnError::Block);
  CHECK(c.hook("pre-commit").timeout == std::chrono::seconds(5400));
}

TEST_CASE("a bare repository reads the local config from the git dir") {
  ConfigFixture fx;
  fx.sources.repo.work_tree.clear();
  fx.sources.repo.bare = true;
  fx.repo("[provider]\nmodel = \"never-read\"\n");
  fx.local("[provider]\nmodel = \"server\"\n");
  Config c = load(fx);
  CHECK(c.providers.at("default").model == "server");
}
