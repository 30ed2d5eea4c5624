// When a rule's matches are sure to be ASCII (src/scan/ascii_matches.*): the
// pattern reading, and the Unicode fact it rests on, checked against the RE2
// this build links.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <string>
#include <vector>

#include "scan/ascii_matches.hpp"
#include "scan/rule_set.hpp"

using namespace hookagent::scan;

namespace {

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

}  // namespace

TEST_CASE("only U+017F and U+212A fold onto ASCII letters in RE2", "[ascii]") {
  // Every class of ASCII letters a rule may write, case-insensitively.
  for (const char* pattern : {"(?i)[a-z]", "(?i)\\w", "(?i)[[:alpha:]]", "(?i)[a-zA-Z0-9_]"}) {
    const RE2 re(pattern, go_regex_options());
    REQUIRE(re.ok());
    std::vector<char32_t> folded;
    for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      if (RE2::FullMatch(utf8(c), re)) folded.push_back(c);
    }
    INFO(pattern);
    CHECK(folded == std::vector<char32_t>{0x17F, 0x212A});
  }
}

TEST_CASE("a pattern's matches are said to be ASCII only when nothing in it can take another byte", "[ascii]") {
  CHECK(matches_only_ascii(R"((?i)\b(ghp_[0-9A-Za-z]{36})\b)"));
  CHECK(matches_only_ascii(R"((?i)key\s*[:=]\s*['"]?([\w.=+/-]{10,})['"\x60]?)"));
  CHECK(matches_only_ascii(R"((?P<name>AKIA)[[:upper:][:digit:]]{16}\x2D\x{7f})"));
  CHECK(matches_only_ascii(R"(\Qa.b\E[]a-z]\.\[)"));
  CHECK_FALSE(matches_only_ascii(R"(key=.{8})"));             // any character
  CHECK_FALSE(matches_only_ascii(R"(name=([^"\n]{4,12}))"));  // a negated class
  CHECK_FALSE(matches_only_ascii(R"(tok\S+)"));
  CHECK_FALSE(matches_only_ascii(R"(a\W\D)"));
  CHECK_FALSE(matches_only_ascii(R"(\pL+)"));
  CHECK_FALSE(matches_only_ascii(R"([\p{Greek}])"));
  CHECK_FALSE(matches_only_ascii(R"([[:^alpha:]])"));
  CHECK_FALSE(matches_only_ascii(R"(caf\x{e9})"));
  CHECK_FALSE(matches_only_ascii(R"([\x00-\xff])"));
  CHECK_FALSE(matches_only_ascii("caf\xc3\xa9"));              // written into the pattern
  CHECK_FALSE(matches_only_ascii(R"(\Qcafé\E)"));
  CHECK_FALSE(matches_only_ascii(R"(a\C)"));
  CHECK_FALSE(matches_only_ascii(R"(\101)"));                  // octal: not read closely
  CHECK_FALSE(matches_only_ascii(R"([a-z)"));                  // unclosed
}

TEST_CASE("the two folding letters are found in text, and nothing else is taken for them", "[ascii]") {
  CHECK(has_ascii_folds("api_\xc5\xbf" "ecret"));  // U+017F
  CHECK(has_ascii_folds("\xe2\x84\xaa" "ey="));  // U+212A
  CHECK_FALSE(has_ascii_folds("caf\xc3\xa9 \xe2\x80\x94 \xc5\xbe \xe2\x84\xa2"));  // é — ž ™
  CHECK_FALSE(has_ascii_folds("\xc5"));
  CHECK_FALSE(has_ascii_folds("\xe2\x84"));
  CHECK_FALSE(has_ascii_folds(""));
}
