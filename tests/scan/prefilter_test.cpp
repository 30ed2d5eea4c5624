// The pattern prefilter (src/scan/pattern_prefilter.*) may only skip rules that
// cannot match: every check compares a scan that uses it with one that does not.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/gitleaks_loader.hpp"
#include "hookagent_build_config.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/pattern_prefilter.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "scan_test_support.hpp"
#include "source_filler.hpp"
#include "support/git_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::scan;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> keys(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    out.push_back(f.rule_id + "@" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                  f.fingerprint + " " + f.excerpt);
  std::sort(out.begin(), out.end());
  return out;
}

// The prefilter only takes ASCII text.
std::string ascii_filler(uint64_t seed, std::size_t bytes) {
  return testing::source_filler(seed, bytes, testing::Bytes::AsciiOnly);
}

// A private cache directory for the test: compiled databases land there.
struct CacheHome {
  hookagent::test::TempDir dir;
  std::string old;
  bool had = false;
  CacheHome() {
    if (const char* v = std::getenv("XDG_CACHE_HOME")) { old = v; had = true; }
    ::setenv("XDG_CACHE_HOME", dir.path().c_str(), 1);
  }
  ~CacheHome() {
    if (had) ::setenv("XDG_CACHE_HOME", old.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
  }
  std::vector<fs::path> databases() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto& e : fs::directory_iterator(dir.path() / "hookagent", ec))
      if (e.path().filename().string().rfind("patterns-", 0) == 0) out.push_back(e.path());
    return out;
  }
};

ScanOptions always_prefilter() {
  ScanOptions o;
  o.prefilter = PrefilterUse::Build;
  o.compile_after = 0;
  return o;
}

ScanOptions never_prefilter() {
  ScanOptions o;
  o.prefilter = PrefilterUse::Off;
  return o;
}

}  // namespace

TEST_CASE("is_ascii looks at every byte", "[prefilter]") {
  CHECK(is_ascii(""));
  CHECK(is_ascii(std::string(1000, 'a')));
  for (std::size_t at : {0u, 7u, 31u, 32u, 63u, 999u}) {
    std::string s(1000, 'a');
    s[at] = static_cast<char>(0xC3);
    INFO(at);
    CHECK_FALSE(is_ascii(s));
  }
}

#if HOOKAGENT_HAVE_HYPERSCAN
TEST_CASE("the pattern prefilter changes no finding of any pack sample", "[prefilter]") {
  CacheHome cache;
  for (const char* name : {"secrets", "danger"}) {
    auto specs = load_gitleaks_file(hookagent::test::source_root() / "rules" / (std::string(name) + ".toml"));
    REQUIRE(specs);
    auto rules = compile_rules(*specs);
    REQUIRE(rules);
    Scanner with(*rules, always_prefilter());
    Scanner without(*rules, never_prefilter());
    int compared = 0, found = 0;
    for (const RuleSpec& rule : specs->rules) {
      std::vector<std::string> samples = rule.positives;
      samples.insert(samples.end(), rule.negatives.begin(), rule.negatives.end());
      for (std::size_t i = 0; i < samples.size(); ++i) {
        std::string sample = expand_sample(samples[i], 11 + i);
        std::string pre = ascii_filler(i, 6000), post = ascii_filler(i + 50, 2000);
        // ... and in text that is not ASCII: an accent far away, one on the
        // sample's line, and a letter that folds onto an ASCII one.
        for (const std::string& text : {sample, pre + sample + "\n" + post, sample + "\n" + post + sample,
                                        "# caf\xc3\xa9\n" + pre + sample + "\n" + post,
                                        pre + "\xc2\xa9 " + sample + " \xe2\x80\x94\n" + post,
                                        pre + sample + "\n# \xe2\x84\xaa\n" + post}) {
          TextContext ctx;
          ctx.path = rule.sample_path.empty() ? "sample.txt" : rule.sample_path;
          INFO(name << "/" << rule.id << ": " << sample.substr(0, 120));
          auto a = keys(with.scan_text(text, ctx));
          CHECK(a == keys(without.scan_text(text, ctx)));
          found += a.empty() ? 0 : 1;
          ++compared;
        }
      }
    }
    CHECK(compared > 300);
    CHECK(found > 100);
    // It really ran: compiled, cached, and every bundled rule taken by Vectorscan.
    const PatternPrefilter* p = (*rules)->pattern_prefilter(PrefilterUse::CachedOnly);
    REQUIRE(p != nullptr);
    for (std::size_t r = 0; r < (*rules)->rules.size(); ++r) {
      INFO((*rules)->rules[r].id);
      CHECK(p->covers(r) == ((*rules)->rules[r].regex != nullptr));
    }
  }
  CHECK(cache.databases().size() == 2);
}

TEST_CASE("a rule Vectorscan refuses still runs, on its keywords", "[prefilter]") {
  CacheHome cache;
  // An anchor inside the pattern: RE2 takes it, Vectorscan does not.
  auto rules = testing::compile_text(R"(
[[rules]]
id = "odd-anchor"
regex = '''zeta(?:^|=)[0-9]{6}'''
keywords = ["zeta"]
[[rules]]
id = "plain"
regex = '''omega=[0-9]{6}'''
keywords = ["omega"]
)");
  Scanner with(rules, always_prefilter());
  TextContext ctx{"a.txt", "", nullptr};
  auto found = with.scan_text(ascii_filler(3, 5000) + "zeta=123456 omega=654321\n", ctx);
  REQUIRE(found.size() == 2);
  const PatternPrefilter* p = rules->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(p != nullptr);
  CHECK_FALSE(p->covers(0));
  CHECK(p->covers(1));
}

TEST_CASE("a rule taken by its keywords finds what its regex finds, wherever the keyword is", "[prefilter]") {
  CacheHome cache;
  // The same rule twice: by its keywords, and by its regex (a bare hex run,
  // which holds no literal: what prefilter = "keywords" is for).
  const std::string rule = R"(
regex = '''\b([a-f0-9]{40})\b'''
keywords = ["acme", "acm_"]
)";
  const std::string text = "[[rules]]\nid = \"by-keywords\"\nprefilter = \"keywords\"" + rule +
                           "[[rules]]\nid = \"by-regex\"" + rule +
                           // Python's: in a database of its own, and combined with the first two for large files.
                           "[[rules]]\nid = \"py-by-keywords\"\nprefilter = \"keywords\"\npath = '''\\.py$'''" + rule;
  auto rules = testing::compile_text(text);
  Scanner with(rules, always_prefilter());
  Scanner without(rules, never_prefilter());
  const std::string hex = expand_sample("{{rand:40:a-f0-9}}", 7);
  const std::string far = ascii_filler(5, 9000);
  struct Case {
    const char* what;
    std::string text;
    int expected;  // findings of each rule
  };
  const std::vector<Case> cases = {
      {"keyword before the match, far", "acme_host = 1\n" + far + "id = " + hex + "\n", 1},
      {"keyword after the match, far", "id = " + hex + "\n" + far + "# ACME settings\n", 1},
      {"the other keyword, in upper case", "ACM_TOKEN=" + hex + "\n" + far, 1},
      {"two matches, one keyword", hex + "\n" + far + "acme\n" + hex + "\n", 2},
      {"no keyword", far + "id = " + hex + "\n", 0},
      {"not ASCII", "# caf\xc3\xa9 acme\n" + far + hex + "\n", 1},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    TextContext ctx{"a.txt", "", nullptr};
    auto found = with.scan_text(c.text, ctx);
    CHECK(keys(found) == keys(without.scan_text(c.text, ctx)));
    int by_keywords = 0, by_regex = 0;
    for (const Finding& f : found) (f.rule_id == "by-keywords" ? by_keywords : by_regex) += 1;
    CHECK(by_keywords == c.expected);
    CHECK(by_regex == c.expected);
  }
  const PatternPrefilter* p = rules->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(p != nullptr);
  CHECK(p->covers(0));
  CHECK(p->by_keywords(0));
  CHECK(p->covers(1));
  CHECK_FALSE(p->by_keywords(1));
  CHECK(p->by_keywords(2));

  // The same from the cached databases, and from the combined one a large
  // Python file is scanned with (past kCombineAfter).
  auto again = testing::compile_text(text);
  const PatternPrefilter* cached = again->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(cached != nullptr);
  CHECK(cached->loaded_from_cache());
  CHECK(cached->by_keywords(0));
  CHECK(cached->by_keywords(2));
  Scanner from_cache(again, always_prefilter());
  const std::string large = "id = " + hex + "\n" + ascii_filler(8, 400000) + "# acme\n" + hex + "\n";
  for (const char* path : {"a.txt", "app/main.py"}) {
    INFO(path);
    TextContext ctx{path, "", nullptr};
    auto found = from_cache.scan_text(large, ctx);
    CHECK(keys(found) == keys(without.scan_text(large, ctx)));
    CHECK(found.size() == (std::string_view(path).ends_with(".py") ? 6u : 4u));
  }
}

TEST_CASE("the compiled databases are cached, and a damaged cache is compiled again", "[prefilter]") {
  CacheHome cache;
  auto specs = load_gitleaks_file(hookagent::test::source_root() / "rules" / "secrets.toml");
  REQUIRE(specs);
  auto first = compile_rules(*specs);
  REQUIRE(first);
  // A hook never compiles: nothing cached yet, so nothing to use.
  CHECK((*first)->pattern_prefilter(PrefilterUse::CachedOnly) == nullptr);
  const PatternPrefilter* built = (*first)->pattern_prefilter(PrefilterUse::Build);
  REQUIRE(built != nullptr);
  CHECK_FALSE(built->loaded_from_cache());
  REQUIRE(cache.databases().size() == 1);

  auto second = compile_rules(*specs);
  REQUIRE(second);
  const PatternPrefilter* reused = (*second)->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(reused != nullptr);
  CHECK(reused->loaded_from_cache());
  second = std::unexpected(Error{});  // its mapping of the file goes before the file is cut short

  // Truncated on disk (a crash mid-write elsewhere, a full disk): refused, not trusted.
  const fs::path db = cache.databases().front();
  fs::resize_file(db, fs::file_size(db) / 2);
  auto third = compile_rules(*specs);
  REQUIRE(third);
  CHECK((*third)->pattern_prefilter(PrefilterUse::CachedOnly) == nullptr);
  const PatternPrefilter* rebuilt = (*third)->pattern_prefilter(PrefilterUse::Build);
  REQUIRE(rebuilt != nullptr);
  CHECK_FALSE(rebuilt->loaded_from_cache());
  auto fourth = compile_rules(*specs);
  REQUIRE(fourth);
  CHECK((*fourth)->pattern_prefilter(PrefilterUse::CachedOnly) != nullptr);
}

TEST_CASE("text with non-ASCII bytes takes the keyword path and finds the same", "[prefilter]") {
  CacheHome cache;
  auto specs = load_gitleaks_file(hookagent::test::source_root() / "rules" / "secrets.toml");
  REQUIRE(specs);
  auto rules = compile_rules(*specs);
  REQUIRE(rules);
  Scanner with(*rules, always_prefilter());
  Scanner without(*rules, never_prefilter());
  const std::string key = expand_sample("password = \"{{rand:24:A-Za-z0-9}}\"", 5);
  const std::string text = "# caf\xc3\xa9\n" + ascii_filler(9, 5000) + key + "\n";
  TextContext ctx{"settings.py", "", nullptr};
  auto a = keys(with.scan_text(text, ctx));
  CHECK_FALSE(a.empty());
  CHECK(a == keys(without.scan_text(text, ctx)));
}
#endif

#if HOOKAGENT_HAVE_HYPERSCAN
TEST_CASE("a damaged database of one language is skipped, and its files still scanned in full", "[prefilter]") {
  CacheHome cache;
  const std::string rules_text = R"(
[[rules]]
id = "any-path"
regex = '''alpha=[0-9]{6}'''
keywords = ["alpha"]
[[rules]]
id = "python-only"
regex = '''beta=[0-9]{6}'''
keywords = ["beta"]
path = '''\.py$'''
[[rules]]
id = "ruby-only"
regex = '''gamma=[0-9]{6}'''
keywords = ["gamma"]
path = '''\.rb$'''
)";
  auto specs = load_gitleaks_text(rules_text, "t.toml");
  REQUIRE(specs);
  {
    auto rules = compile_rules(*specs);
    REQUIRE(rules);
    REQUIRE((*rules)->pattern_prefilter(PrefilterUse::Build) != nullptr);
  }
  // Damage the middle of the Ruby group's database.
  // (Layout: magic, 13 bytes of match bounds per rule, rule and group counts,
  // then per group its path pattern, rule ids, member groups and database
  // size, each list with a length in front; then the databases in that order.)
  REQUIRE(cache.databases().size() == 1);
  const fs::path db = cache.databases().front();
  std::string bytes = hookagent::test::read_file(db);
  auto u32_at = [&](std::size_t at) { uint32_t v; std::memcpy(&v, bytes.data() + at, 4); return std::size_t(v); };
  std::size_t at = 8 + 3 * 13, groups = u32_at(at + 4);
  at += 8;
  std::vector<uint64_t> sizes;
  for (std::size_t g = 0; g < groups; ++g) {
    REQUIRE(at + 4 <= bytes.size());
    at += 4 + u32_at(at);
    at += 4 + 4 * u32_at(at);
    at += 4 + 4 * u32_at(at);
    REQUIRE(at + 8 <= bytes.size());
    uint64_t size;
    std::memcpy(&size, bytes.data() + at, 8);
    at += 8;
    sizes.push_back(size);
  }
  REQUIRE(groups == 5);
  std::size_t last_blob = 0, last_size = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    if (g == 2) {  // the Ruby rules' own group (3 and 4 combine the every-path rules with Python's and Ruby's)
      last_blob = at;
      last_size = sizes[g];
    }
    at += sizes[g];
  }
  REQUIRE(at == bytes.size());
  for (std::size_t i = last_blob + last_size / 4; i < last_blob + last_size / 2; ++i)
    bytes[i] = static_cast<char>(~bytes[i]);
  hookagent::test::write_file(db, bytes);

  auto rules = compile_rules(*specs);
  REQUIRE(rules);
  const PatternPrefilter* p = (*rules)->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(p != nullptr);  // the groups before it are intact
  std::vector<uint32_t> may(3, 0), last(3, 0);
  CHECK(p->find("alpha=123456 beta=123456", "a.py", may, last));
  // 1 + the first end offset seen, never past a real match's end (12 and 24);
  // 1 + the last one, never before it.
  CHECK(may[0] >= 1);
  CHECK(may[0] <= 13);
  CHECK(last[0] >= 13);
  CHECK(may[1] >= 1);
  CHECK(may[1] <= 25);
  CHECK(last[1] >= 25);
  may.assign(3, 0);
  last.assign(3, 0);
  CHECK_FALSE(p->find("gamma=123456", "a.rb", may, last));  // knows nothing: the caller falls back

  Scanner with(*rules, always_prefilter());
  TextContext ctx{"lib/a.rb", "", nullptr};
  auto found = with.scan_text("alpha=111111\ngamma=222222\n", ctx);
  std::vector<std::string> ids;
  for (auto& f : found) ids.push_back(f.rule_id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"any-path", "ruby-only"});
}
#endif

#if HOOKAGENT_HAVE_HYPERSCAN
TEST_CASE("RE2 searches only between the first and the last report, with the whole text as context", "[prefilter]") {
  CacheHome cache;
  auto rules = testing::compile_text(R"(
[[rules]]
id = "bounded-id"
regex = '''\bid=([0-9]{3})\b'''
keywords = ["id="]

[[rules]]
id = "longest-alternative"
regex = '''tok=(abc|ab)'''
keywords = ["tok="]

[[rules]]
id = "at-end"
regex = '''end=([a-z]{4})$'''
keywords = ["end="]
)");
  Scanner with(rules, always_prefilter());
  Scanner without(rules, never_prefilter());
  TextContext ctx{"a.txt", "", nullptr};
  const std::string filler = ascii_filler(3, 20000);
  const std::string three = "id=111\n" + filler + "id=222\n" + filler + "id=333\n";
  const std::string digit_after = filler + "id=1234\n" + filler;
  const std::string tail = filler + "end=abcd\n" + filler + "end=wxyz";
  for (const std::string& text : {
           digit_after,  // \b fails before the 4th digit, wherever a relaxed prefilter ends its report
           three,        // the last match lies past the first report
           filler + "tok=abc\n" + filler + "tok=abd\n",  // leftmost-first: "abc", not "ab"
           tail,         // `$` is the end of the text, not of a window
       }) {
    CHECK(keys(with.scan_text(text, ctx)) == keys(without.scan_text(text, ctx)));
  }
  CHECK(with.scan_text(three, ctx).size() == 3);
  CHECK(with.scan_text(digit_after, ctx).empty());
  CHECK(with.scan_text(tail, ctx).size() == 1);
  const PatternPrefilter* p = rules->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(p != nullptr);
  CHECK(p->covers(0));
  CHECK(p->covers(2));
}

TEST_CASE("rules Vectorscan reads differently from RE2 are left to the keyword path", "[prefilter]") {
  CacheHome cache;
  CHECK_FALSE(prefilter_can_take(R"((?i)\p{Lu}{3}=[0-9]{4})"));
  CHECK_FALSE(prefilter_can_take(R"([\PL]x)"));
  CHECK(prefilter_can_take(R"(\\p=[0-9]{4})"));  // an escaped backslash, then a plain p
  // Under (?i), RE2 folds \p{Lu} to lower case too; Vectorscan does not, so
  // as a prefilter it would drop this finding.
  auto rules = testing::compile_text(R"(
[[rules]]
id = "upper-code"
regex = '''(?i)code:\p{Lu}{3}=[0-9]{4}'''
keywords = ["code:"]
)");
  Scanner with(rules, always_prefilter());
  TextContext ctx{"a.txt", "", nullptr};
  auto found = with.scan_text(ascii_filler(1, 3000) + "code:abc=1234\n", ctx);
  CHECK(found.size() == 1);
  const PatternPrefilter* p = rules->pattern_prefilter(PrefilterUse::CachedOnly);
  REQUIRE(p != nullptr);
  CHECK_FALSE(p->covers(0));
}
#endif

TEST_CASE("RE2 searches only near each report: its line, its longest match, or the lines a match can span",
          "[prefilter]") {
  CacheHome cache;
  auto rules = testing::compile_text(R"(
[[rules]]
id = "one-line"
regex = '''secret=([a-z]{8})\b'''
keywords = ["secret="]

[[rules]]
id = "bounded-length"
regex = '''pin:\s{0,2}([0-9]{6})'''
keywords = ["pin:"]

[[rules]]
id = "bounded-length-and-lines"
regex = '''code:\s{0,2}([0-9]{6,200})'''
keywords = ["code:"]

[[rules]]
id = "few-lines-unbounded-value"
regex = '''(?i)tok[a-z]*\s{0,3}=\s{0,2}([a-z0-9]{10,})(?:\s|$)'''
keywords = ["tok"]
)");
  Scanner with(rules, always_prefilter());
  Scanner without(rules, never_prefilter());
  TextContext ctx{"a.txt", "", nullptr};
  const std::string filler = ascii_filler(5, 30000);
  const std::string many = [&] {
    std::string t;
    for (int i = 0; i < 40; ++i) t += ascii_filler(100 + i, 900) + "\nsecret=abcdefgh pin:\n 123456 token\n=\n " +
                                      std::string(20 + i, 'q') + "\n";
    return t;
  }();
  for (const std::string& text : {
           filler + "secret=abcdefgh\n" + filler + "secret=abcdefghij\n" + filler,  // the second ends no word
           filler + "pin:\n\n123456\n" + filler + "pin: 654321",
           // Two lines up is nearer than the longest match: the window starts there, not a line lower.
           filler + "code:\n\n" + std::string(150, '7') + "\n" + filler + "x\ncode: \n1234567\n",
           filler + "TOKEN\n =\n abcdefghij0123456789\nnext line\n" + filler,  // spans 3 lines, ends with '\n'
           filler + "token=" + std::string(5000, 'a') + "\n" + filler,  // longer than any bounded window
           std::string("tokenA =\n 0123456789\ntokenB =\n 9876543210"),  // neighbouring windows merge
           many,
       }) {
    CHECK(keys(with.scan_text(text, ctx)) == keys(without.scan_text(text, ctx)));
  }
  CHECK(with.scan_text(filler + "TOKEN\n =\n abcdefghij0123456789\nnext line\n" + filler, ctx).size() == 1);
  CHECK(with.scan_text(filler + "code:\n\n" + std::string(150, '7') + "\n" + filler + "x\ncode: \n1234567\n", ctx)
            .size() == 2);
  CHECK(with.scan_text(many, ctx).size() == 120);
  // More reports than a rule keeps windows for: the closest are joined.
  std::string crowded;
  for (int i = 0; i < 1500; ++i) crowded += ascii_filler(900 + i % 50, 200 + (i % 7) * 300) + "\npin: 12345" + char('0' + i % 10) + "\n";
  CHECK(keys(with.scan_text(crowded, ctx)) == keys(without.scan_text(crowded, ctx)));
}

TEST_CASE("on text with non-ASCII bytes, matches holding them are found near them, the rest near the reports",
          "[prefilter]") {
  CacheHome cache;
  auto rules = testing::compile_text(R"TOML(
[[rules]]
id = "quoted-name"
regex = '''name=([^"\n]{4,12})"'''
keywords = ["name="]

[[rules]]
id = "folded-key"
regex = '''(?i)key=(k[a-z]{5})\b'''
keywords = ["key="]

[[rules]]
id = "spans-two-lines"
regex = '''tok\s{0,2}=\s{0,2}([^\s]{6,})'''
keywords = ["tok"]

[[rules]]
id = "unbounded"
regex = '''blob:\s*([^;]+);'''
keywords = ["blob:"]

[[rules]]
id = "counts-characters"
regex = '''word=(\S{4})!'''
keywords = ["word="]
)TOML");
  Scanner with(rules, always_prefilter());
  Scanner without(rules, never_prefilter());
  TextContext ctx{"a.txt", "", nullptr};
  const std::string filler = ascii_filler(11, 30000);
  const std::string kelvin = "\xe2\x84\xaa";  // U+212A, which (?i)k matches in RE2
  for (const std::string& text : {
           filler + "name=caf\xc3\xa9s\"\n" + filler + "name=plain1\"\n",
           filler + "key=" + kelvin + "abcde\n" + filler + "key=kabcde\n",
           filler + "tok\n=\n \xc3\xa9t\xc3\xa9\xc3\xa9t\xc3\xa9\n" + filler,
           "\xc3\xa9\n" + filler + "blob: a\nb\nc;\n" + filler,
           filler + "\xc3\xa9" + filler + "name=abcdef\"",
           // Four characters to RE2, eight bytes to Vectorscan: not reported, found all the same.
           filler + "word=\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9!\n" + filler,
       }) {
    CHECK(keys(with.scan_text(text, ctx)) == keys(without.scan_text(text, ctx)));
  }
  CHECK(with.scan_text(filler + "name=caf\xc3\xa9s\"\n" + filler + "name=plain1\"\n", ctx).size() == 2);
  CHECK(with.scan_text(filler + "key=" + kelvin + "abcde\n" + filler + "key=kabcde\n", ctx).size() == 2);
  CHECK(with.scan_text(filler + "tok\n=\n \xc3\xa9t\xc3\xa9\xc3\xa9t\xc3\xa9\n" + filler, ctx).size() == 1);
  CHECK(with.scan_text(filler + "word=\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9!\n" + filler, ctx).size() == 1);
}
