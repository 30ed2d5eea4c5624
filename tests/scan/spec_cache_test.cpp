// The parsed-pack cache (src/scan/spec_cache.*) gives back exactly what the
// TOML parse gave, and nothing once the pack changed or the file is damaged.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <fstream>

#include "config/gitleaks_loader.hpp"
#include "scan/disk_cache.hpp"
#include "scan/match_windows.hpp"
#include "scan/rule_set.hpp"
#include "scan/spec_cache.hpp"
#include "support/git_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::scan;
namespace fs = std::filesystem;

namespace {

void require_same(const AllowlistSpec& a, const AllowlistSpec& b) {
  CHECK(a.description == b.description);
  CHECK(a.regexes == b.regexes);
  CHECK(a.regex_target == b.regex_target);
  CHECK(a.paths == b.paths);
  CHECK(a.stopwords == b.stopwords);
  CHECK(a.commits == b.commits);
  CHECK(a.condition == b.condition);
  CHECK(a.target_rules == b.target_rules);
  CHECK(a.where == b.where);
}

void require_same(const RuleSpecSet& a, const RuleSpecSet& b) {
  REQUIRE(a.rules.size() == b.rules.size());
  for (std::size_t i = 0; i < a.rules.size(); ++i) {
    const RuleSpec &x = a.rules[i], &y = b.rules[i];
    INFO(x.id);
    CHECK(x.id == y.id);
    CHECK(x.description == y.description);
    CHECK(x.regex == y.regex);
    CHECK(x.secret_group == y.secret_group);
    CHECK(x.entropy == y.entropy);
    CHECK(x.keywords == y.keywords);
    CHECK(x.prefilter == y.prefilter);
    CHECK(x.path == y.path);
    CHECK(x.tags == y.tags);
    CHECK(x.severity == y.severity);
    CHECK(x.cwe == y.cwe);
    CHECK(x.fix == y.fix);
    CHECK(x.category == y.category);
    CHECK(x.where == y.where);
    CHECK(x.regex_where == y.regex_where);
    CHECK(x.path_where == y.path_where);
    CHECK(x.origin == y.origin);
    CHECK(x.has_regex == y.has_regex);
    CHECK(x.has_entropy == y.has_entropy);
    CHECK(x.has_secret_group == y.has_secret_group);
    CHECK(x.has_path == y.has_path);
    CHECK(x.has_keywords == y.has_keywords);
    CHECK(x.has_description == y.has_description);
    REQUIRE(x.reach.has_value() == y.reach.has_value());
    if (x.reach) {
      CHECK(x.reach->key == y.reach->key);
      CHECK(x.reach->reach.contains_keyword == y.reach->reach.contains_keyword);
      CHECK(x.reach->reach.single_line == y.reach->reach.single_line);
      CHECK(x.reach->reach.max_len == y.reach->reach.max_len);
    }
    REQUIRE(x.allowlists.size() == y.allowlists.size());
    for (std::size_t k = 0; k < x.allowlists.size(); ++k) require_same(x.allowlists[k], y.allowlists[k]);
  }
  REQUIRE(a.global_allowlists.size() == b.global_allowlists.size());
  for (std::size_t k = 0; k < a.global_allowlists.size(); ++k)
    require_same(a.global_allowlists[k], b.global_allowlists[k]);
  CHECK(a.files == b.files);
  CHECK(a.disabled_rules == b.disabled_rules);
}

}  // namespace

TEST_CASE("a parsed pack comes back from the cache field for field, until the pack changes") {
  hookagent::test::TempDir home;
  ::setenv("XDG_CACHE_HOME", (home / "cache").c_str(), 1);
  for (const char* name : {"secrets.toml", "danger.toml"}) {
    const fs::path pack = home / name;
    fs::copy_file(hookagent::test::source_root() / "rules" / name, pack);
    auto parsed = load_gitleaks_file(pack);
    REQUIRE(parsed);
    work_out_reach(*parsed);
    CHECK_FALSE(read_cached_specs(pack).has_value());
    write_cached_specs(pack, *parsed);
    auto cached = read_cached_specs(pack);
    REQUIRE(cached.has_value());
    require_same(*parsed, *cached);

    // An edited pack (here: one byte more, later mtime) is parsed again.
    { std::ofstream(pack, std::ios::app) << "\n"; }
    CHECK_FALSE(read_cached_specs(pack).has_value());
    write_cached_specs(pack, *parsed);
    REQUIRE(read_cached_specs(pack).has_value());
  }
  // A damaged cache file (truncated, or garbage) is never trusted.
  for (auto& e : fs::directory_iterator(home / "cache" / "hookagent")) {
    fs::resize_file(e.path(), fs::file_size(e.path()) - 3);
  }
  CHECK_FALSE(read_cached_specs(home / "secrets.toml").has_value());
  for (auto& e : fs::directory_iterator(home / "cache" / "hookagent")) {
    std::ofstream(e.path(), std::ios::trunc) << "not a cache";
  }
  CHECK_FALSE(read_cached_specs(home / "danger.toml").has_value());
  ::unsetenv("XDG_CACHE_HOME");
}

TEST_CASE("a rule's reach kept with its pack is what the analysis gives, and only for its own pattern") {
  auto parsed = load_gitleaks_file(hookagent::test::source_root() / "rules" / "secrets.toml");
  REQUIRE(parsed);
  work_out_reach(*parsed);
  std::size_t kept = 0, windowed = 0;
  for (const RuleSpec& spec : parsed->rules) {
    INFO(spec.id);
    if (spec.regex.empty() || spec.keywords.empty()) {
      CHECK_FALSE(spec.reach.has_value());
      continue;
    }
    REQUIRE(spec.reach.has_value());
    ++kept;
    std::vector<std::string> keywords;
    for (const auto& k : spec.keywords) {
      std::string low = k;
      for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      keywords.push_back(low);
    }
    const std::string pattern = translate_go_regex(spec.regex);
    const RuleReach fresh = analyse_reach(pattern, keywords);
    CHECK(spec.reach->key == reach_key(pattern, keywords));
    CHECK(spec.reach->reach.windowed() == fresh.windowed());
    CHECK(spec.reach->reach.max_len == fresh.max_len);
    windowed += fresh.windowed() ? 1 : 0;
    // Handed to the rule as compiled, it is used as is...
    CHECK(LazyReach(pattern, keywords, spec.reach).get().windowed() == fresh.windowed());
  }
  CHECK(kept > 100);
  CHECK(windowed > 50);
  // ...but a team's config that changed the pattern or the keywords gets its own analysis.
  const KnownReach claims_windowed{reach_key("tok\\s*=\\s*\\S+", {"tok"}), RuleReach{true, true, 0}};
  CHECK(LazyReach("tok\\s*=\\s*\\S+", {"tok"}, claims_windowed).get().windowed());  // trusted: same key
  CHECK_FALSE(LazyReach("tok\\s*=\\s*\\S+", {"token"}, claims_windowed).get().windowed());
  CHECK_FALSE(LazyReach("tok\\s*=\\s*\\S+x", {"tok"}, claims_windowed).get().windowed());
}

TEST_CASE("a second process computing the same cache entry waits for the first", "[cache]") {
  hookagent::test::TempDir dir;
  const auto entry = dir.path() / "patterns-0123456789abcdef.hsdb";
  std::atomic<bool> second_has_it{false};
  std::thread second;
  {
    hookagent::scan::CacheLock first(entry);
    // flock conflicts between two open files even within one process.
    second = std::thread([&] {
      hookagent::scan::CacheLock lock(entry);
      second_has_it = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK_FALSE(second_has_it);
  }
  second.join();
  CHECK(second_has_it);
  // The lock files stay out of the entries' directory listing.
  CHECK(std::filesystem::exists(dir.path() / "locks" / "patterns-0123456789abcdef.hsdb.lock"));
}
