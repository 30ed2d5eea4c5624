// A rule's screen (src/scan/screen_regex.*, windowed_matches.*) must never
// change a match: every check compares the rule's regex iterated alone with
// the same iteration through its screen, groups included.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/gitleaks_loader.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "scan/screen_regex.hpp"
#include "scan/windowed_matches.hpp"
#include "source_filler.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::scan;

namespace {

// Every group of every successive match, as (begin, end) pairs; -1 for a group that took no part.
std::vector<std::vector<std::pair<long, long>>> matches_in(const RE2& re, const RE2* screen, std::string_view text,
                                                           const std::vector<Window>& windows) {
  std::vector<std::vector<std::pair<long, long>>> out;
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
  WindowedMatches matches(re, screen, text, windows, groups);
  while (matches.next()) {
    auto& m = out.emplace_back();
    for (const auto& g : groups)
      m.emplace_back(g.data() ? g.data() - text.data() : -1, g.data() ? g.data() - text.data() + long(g.size()) : -1);
  }
  return out;
}

// A pattern's regex and its screen, which each test below needs to exist.
struct Screened {
  explicit Screened(const std::string& pattern) : holder(ScreenRegex::for_pattern(pattern)), exact(pattern) {
    REQUIRE(holder != nullptr);
    screen = holder->get(exact);
    REQUIRE(screen != nullptr);
  }
  std::unique_ptr<ScreenRegex> holder;
  RE2 exact;
  const RE2* screen = nullptr;
};

std::string repeated(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

}  // namespace

TEST_CASE("ranged repeats are widened, and nothing else", "[screen]") {
  long dropped = 0;
  CHECK(widened_repeats(R"([\w.-]{0,40}?key[a-z]{10,500})", &dropped) == R"([\w.-]{0,}?key[a-z]{10,})");
  CHECK(dropped == 530);
  CHECK(widened_repeats(R"(x{3}y{2,}z)").empty());            // a fixed or open repeat stays
  CHECK(widened_repeats(R"([a{1,9}]\{1,9\}\x{41}a)").empty());  // in a class, escaped, a hex escape
  CHECK(widened_repeats(R"(\p{Greek}{2,4})") == R"(\p{Greek}{2,})");
  CHECK(widened_repeats(R"(\Qa{1,9}\Eb{1,9})") == R"(\Qa{1,9}\Eb{1,})");
  CHECK(widened_repeats(R"(a{,9}b{x,9}c{9,1})").empty());     // not repeats in RE2, or not ranged
  CHECK(widened_repeats(R"([]{1,2}]{1,2})") == R"([]{1,2}]{1,})");
  CHECK(widened_repeats(R"([^]{1,2}]{1,2}?)") == R"([^]{1,2}]{1,}?)");         // lazy stays lazy
  CHECK(widened_repeats(R"([[:alpha:]{1,9}]x{0,3})") == R"([[:alpha:]{1,9}]x{0,})");
  CHECK(widened_repeats(R"((?i)(?:ab){2,5})") == R"((?i)(?:ab){2,})");
  CHECK(widened_repeats(R"(a{123456,999999}b{1234567,9999999})") == R"(a{123456,}b{1234567,9999999})");
}

TEST_CASE("a team's pattern of many literal braces or class names is read in linear time", "[screen]") {
  // Each `{` (or `[:`) looking to the end for its close: 10^11 steps.
  const std::string braces = "x" + std::string(400000, '{') + "y{0,40}";
  CHECK(widened_repeats(braces) == "x" + std::string(400000, '{') + "y{0,}");
  std::string names = "[";
  for (int i = 0; i < 200000; ++i) names += "[:";
  names += "a]z{0,40}";
  CHECK(widened_repeats(names) == names.substr(0, names.size() - 3) + "}");
}

TEST_CASE("a screen meets the same matches where the rule can match empty, and on non-ASCII text", "[screen]") {
  Screened s(R"(\b(?:x{0,30}|key\s{0,3}=\s{0,3}(\S{0,40})))");
  const std::string text =
      "é key = ∂value€ xx" + std::string(40, 'x') + " KEY=\n\xff\xfe key=" + std::string(50, 'v') + " é";
  for (const std::vector<Window>& windows :
       {std::vector<Window>{{0, text.size()}}, std::vector<Window>{{3, 9}, {9, 30}, {40, text.size()}}}) {
    const auto screened = matches_in(s.exact, s.screen, text, windows);
    CHECK(screened.size() > 3);
    CHECK(screened == matches_in(s.exact, nullptr, text, windows));
  }
}

TEST_CASE("a screen is made only where it can pay", "[screen]") {
  CHECK(ScreenRegex::for_pattern(R"(key[a-z]{2,4})") == nullptr);  // too little to drop
  auto screen = ScreenRegex::for_pattern(R"(key\s{0,3}=[a-z]{0,40}x)");
  REQUIRE(screen != nullptr);
  CHECK(screen->pattern() == R"(key\s{0,}=[a-z]{0,}x)");
  const RE2 exact(R"(key\s{0,3}=[a-z]{0,40}x)");
  CHECK(screen->get(exact) != nullptr);
  // A program the widening does not halve keeps no screen.
  auto small = ScreenRegex::for_pattern(R"((?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa)+x{0,20})");
  REQUIRE(small != nullptr);
  const RE2 small_exact(R"((?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa)+x{0,20})");
  CHECK(small->get(small_exact) == nullptr);
}

TEST_CASE("screened searches of every pack sample meet the same matches", "[screen]") {
  std::vector<std::string> screened;
  for (const char* name : {"secrets", "danger"}) {
    auto specs = load_gitleaks_file(hookagent::test::source_root() / "rules" / (std::string(name) + ".toml"));
    REQUIRE(specs);
    for (const RuleSpec& rule : specs->rules) {
      if (rule.regex.empty()) continue;
      const std::string pattern = translate_go_regex(rule.regex);
      auto screen_for = ScreenRegex::for_pattern(pattern);
      if (!screen_for) continue;
      const RE2 exact(pattern, go_regex_options());
      REQUIRE(exact.ok());
      const RE2* screen = screen_for->get(exact);
      if (!screen) continue;
      screened.push_back(rule.id);
      std::vector<std::string> samples = rule.positives;
      samples.insert(samples.end(), rule.negatives.begin(), rule.negatives.end());
      for (std::size_t i = 0; i < samples.size(); ++i) {
        const std::string sample = expand_sample(samples[i], 11 + i);
        const std::string pre = testing::source_filler(i, 2000, testing::Bytes::WithNonAscii);
        const std::string post = testing::source_filler(i + 7, 900, testing::Bytes::AsciiOnly);
        // Alone, among other lines, twice on one line, split over lines, the
        // sample's halves apart (a match must not be stitched together), and
        // a value run far past every bound.
        const std::string half = sample.substr(0, sample.size() / 2);
        const std::string long_run = sample + std::string(700, 'a') + "\n" + sample;
        for (const std::string& text :
             {sample, pre + sample + "\n" + post, pre + sample + " " + sample + "\n" + post + sample,
              half + "\n" + sample.substr(half.size()) + "\n" + sample, sample + "\n\n\n" + sample + "\r\n" + pre,
              long_run}) {
          INFO(name << "/" << rule.id << ": " << sample.substr(0, 120));
          const std::vector<Window> whole{{0, text.size()}};
          CHECK(matches_in(exact, screen, text, whole) == matches_in(exact, nullptr, text, whole));
          // From windows too, as the prefilter gives them: the second half, and the lines one by one.
          const std::vector<Window> second_half{{text.size() / 2, text.size()}};
          CHECK(matches_in(exact, screen, text, second_half) == matches_in(exact, nullptr, text, second_half));
          std::vector<Window> each_line;
          for (std::size_t b = 0; b <= text.size();) {
            std::size_t e = text.find('\n', b);
            if (e == std::string::npos) e = text.size();
            each_line.push_back({b, e});
            b = e + 1;
          }
          CHECK(matches_in(exact, screen, text, each_line) == matches_in(exact, nullptr, text, each_line));
        }
      }
    }
  }
  // The rule this was made for is among them.
  CHECK(std::find(screened.begin(), screened.end(), "generic-api-key") != screened.end());
}

TEST_CASE("a match the screen proposes but the rule refuses is searched on from the next byte", "[screen]") {
  // The screen matches from the first `a.`; the rule only from twenty pairs before the `b`.
  Screened s(R"((?:a\.){0,20}b)");
  const std::string text = repeated("a.", 25) + "b a.b";
  const std::vector<Window> whole{{0, text.size()}};
  const auto screened = matches_in(s.exact, s.screen, text, whole);
  REQUIRE(screened.size() == 2);
  CHECK(screened[0][0] == std::pair<long, long>(10, 51));
  CHECK(screened == matches_in(s.exact, nullptr, text, whole));
}

TEST_CASE("a screen that keeps proposing refused starts is dropped, and the matches stay the same", "[screen]") {
  Screened s(R"((?:a\.){0,20}b)");
  // 100,000 refused starts, each a screen match running to the `b`: searched
  // start by start, 10^10 bytes.
  const std::string text = repeated("a.", 100000) + "b";
  const std::vector<Window> whole{{0, text.size()}};
  std::vector<re2::StringPiece> groups(1);
  WindowedMatches matches(s.exact, s.screen, text, whole, groups);
  REQUIRE(matches.next());
  CHECK(groups[0].size() == 41);
  CHECK_FALSE(matches.screening());
  CHECK_FALSE(matches.next());
  // Ordinary code keeps its screen.
  const std::string code = testing::source_filler(5, 200000, testing::Bytes::AsciiOnly) + "a.a.b\n";
  const std::vector<Window> all{{0, code.size()}};
  WindowedMatches plain(s.exact, s.screen, code, all, groups);
  while (plain.next()) {
  }
  CHECK(plain.screening());
}

TEST_CASE("a screen whose matches run far past the rule's is dropped, and the matches stay the same", "[screen]") {
  // The screen's open `.{0,}` runs to the last `=` of the line from every `k`;
  // the rule's match ends 22 bytes on. Searched match by match: 10^10 bytes.
  Screened s(R"(k.{0,20}=)");
  const std::string text = repeated("k=", 100000);
  const std::vector<Window> whole{{0, text.size()}};
  std::vector<re2::StringPiece> groups(1);
  WindowedMatches matches(s.exact, s.screen, text, whole, groups);
  REQUIRE(matches.next());
  CHECK(groups[0].size() == 22);
  while (matches.next()) {
  }
  CHECK_FALSE(matches.screening());
  CHECK(matches_in(s.exact, s.screen, text, whole) == matches_in(s.exact, nullptr, text, whole));
}

TEST_CASE("a few costly steps drop a screen whatever bytes they were charged", "[screen]") {
  // Each start the screen proposes is refused after the rule's `[^\n]*d`
  // branch has read to the end of the line: 48 bytes charged, 1 MB read.
  Screened refused(R"(a(?:b{0,40}c|[^\n]*d))");
  const std::string line = repeated("a" + std::string(45, 'b') + "c", 200) + std::string(1 << 20, 'x');
  const std::vector<Window> whole{{0, line.size()}};
  std::vector<re2::StringPiece> groups(1);
  WindowedMatches proposals(refused.exact, refused.screen, line, whole, groups);
  CHECK_FALSE(proposals.next());
  CHECK_FALSE(proposals.screening());
  // Each match is two bytes, but the screen's `.{0,}` reads on to the line's
  // end for the last `=`: a few bytes charged, 1 MB read.
  Screened overrun(R"(k.{0,20}=)");
  const std::string text = repeated("k=", 100) + std::string(1 << 20, 'x');
  const std::vector<Window> all{{0, text.size()}};
  WindowedMatches matches(overrun.exact, overrun.screen, text, all, groups);
  while (matches.next()) {
  }
  CHECK_FALSE(matches.screening());
  CHECK(matches_in(overrun.exact, overrun.screen, text, all) == matches_in(overrun.exact, nullptr, text, all));
}
