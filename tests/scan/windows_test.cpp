// Windows around keyword hits (src/scan/match_windows.*) must never change a
// finding: every check here compares a scan with windows against the
// whole-text scan of the same text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "config/gitleaks_loader.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/match_windows.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "source_filler.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::scan;

namespace {

std::string key_of(const Finding& f) {
  return f.rule_id + "@" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.fingerprint + " " +
         f.excerpt;
}

std::vector<std::string> keys(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(key_of(f));
  std::sort(out.begin(), out.end());
  return out;
}

std::string filler(uint64_t seed, std::size_t bytes) {
  return testing::source_filler(seed, bytes, testing::Bytes::WithNonAscii);
}

struct Pack {
  RuleSpecSet specs;
  std::shared_ptr<const RuleSet> rules;
};

Pack load(const std::string& name) {
  auto specs = load_gitleaks_file(hookagent::test::source_root() / "rules" / (name + ".toml"));
  REQUIRE(specs);
  auto rules = compile_rules(*specs);
  REQUIRE(rules);
  return Pack{*specs, *rules};
}

}  // namespace

TEST_CASE("newline analysis is conservative", "[windows]") {
  CHECK_FALSE(may_match_newline(R"(\b(ghp_[0-9A-Za-z]{36})\b)"));
  CHECK_FALSE(may_match_newline(R"([^"\n]*x)"));
  CHECK_FALSE(may_match_newline(R"([^'"\s]+)"));
  CHECK_FALSE(may_match_newline(R"(a.b)"));
  CHECK(may_match_newline(R"(a\s*b)"));
  CHECK(may_match_newline(R"([^"]*)"));
  CHECK(may_match_newline(R"((?s)a.b)"));
  CHECK(may_match_newline(R"((?is:a.b))"));
  CHECK(may_match_newline(R"([\x00-\x7f])"));
  CHECK(may_match_newline(R"([[:space:]])"));
  CHECK(may_match_newline(R"(\W)"));
}

TEST_CASE("newlines in a match are counted, or said to be unbounded", "[windows]") {
  CHECK(max_newlines(R"(\b(ghp_[0-9A-Za-z]{36})\b)") == 0);
  CHECK(max_newlines(R"(a\s{0,3}b\s?c)") == 4);
  CHECK(max_newlines(R"(a(?:\s{0,2}x){3}b)") == 6);
  CHECK(max_newlines(R"(a(?:x|\n)b|c\s)") == 2);  // alternatives add up
  CHECK(max_newlines(R"(a\s{2,}b)") == -1);
  CHECK(max_newlines(R"(a\s*b)") == -1);
  CHECK(max_newlines(R"((?:\s[a-z]+)+)") == -1);
  CHECK(max_newlines(R"([^x]{1,5}[a-z]+)") == 5);
  CHECK(max_newlines(R"((?s)a.{0,9}b)") == 9);
  CHECK(max_newlines(R"(a{,3}\s)") == 1);  // `{,3}` is a literal to RE2
  CHECK(max_newlines(R"(\Qa\Eb)") == 0);
  CHECK(max_newlines(R"((a\s)") == -1);  // unbalanced: no bound claimed
  // The bundled generic-api-key shape: a few spaces or newlines around `=`,
  // a value of unbounded length that holds none.
  CHECK(max_newlines(R"((?i)\b([\w.-]{0,40}?(?:key|token)[\w.-]{0,30}?(?:[ \t]+(?:string|str))?)(?:['"\\]{0,3}\]?[ \t]{0,3}(?:[<>?+.]?=|:|>\s{0,5}))[ \t]{0,3}([\w.=~+/-]{10,})(?:['"\x60\s;,)<\\]|$))") == 6);
}

TEST_CASE("keyword containment is proven only when every match holds a keyword", "[windows]") {
  CHECK(analyse_reach(R"(\b((?:AKIA|ASIA)[A-Z2-7]{16})\b)", {"akia", "asia"}).windowed());
  CHECK(analyse_reach(R"((?i)\b(?:access|credentials?)_[a-z]{4}\b)", {"access", "credential"}).windowed());
  // The keyword is not part of the match: the rule must see the whole text.
  CHECK_FALSE(analyse_reach(R"(zz[0-9]{4})", {"needle"}).windowed());
  CHECK_FALSE(analyse_reach(R"((?:AKIA|zz)[0-9]{4})", {"akia"}).windowed());
  // Unbounded and able to cross lines: no window.
  CHECK_FALSE(analyse_reach(R"(tok\s*=\s*\S+)", {"tok"}).windowed());
}

TEST_CASE("windowed scans of every pack sample equal whole-text scans", "[windows]") {
  for (const char* name : {"secrets", "danger"}) {
    Pack pack = load(name);
    Scanner windowed(pack.rules);
    ScanOptions whole_options;
    whole_options.windows = false;
    Scanner whole(pack.rules, whole_options);
    int compared = 0;
    for (const RuleSpec& rule : pack.specs.rules) {
      std::vector<std::string> samples = rule.positives;
      samples.insert(samples.end(), rule.negatives.begin(), rule.negatives.end());
      for (std::size_t i = 0; i < samples.size(); ++i) {
        std::string sample = expand_sample(samples[i], 7 + i);
        // The sample alone, after filler, between filler, and twice with
        // keywords far away on other lines.
        std::string pre = filler(i, kWindowMinBytes + 512), post = filler(i + 99, 3000);
        for (const std::string& text : {pre + sample, pre + sample + "\n" + post,
                                        pre + sample + " " + sample + "\n" + post + sample}) {
          TextContext ctx;
          ctx.path = rule.sample_path.empty() ? "sample.txt" : rule.sample_path;
          INFO(std::string(name) << "/" << rule.id << ": " << sample.substr(0, 120));
          CHECK(keys(windowed.scan_text(text, ctx)) == keys(whole.scan_text(text, ctx)));
          ++compared;
        }
      }
    }
    CHECK(compared > 100);
  }
}
