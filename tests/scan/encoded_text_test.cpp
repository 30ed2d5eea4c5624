// Secrets hidden by an encoding (src/scan/encoded_text.hpp) and the redactor
// that looks inside them: the forms a security review found getting through.
#include <catch2/catch.hpp>

#include "scan/encoded_text.hpp"
#include "scan/redactor.hpp"
#include "support/encodings.hpp"

using namespace hookagent::scan;
using hookagent::test::base64;

namespace {

// Built at run time so no scanner flags this repository.
std::string token() { return std::string("gh") + "p_" + "Zq8Lw3Rt6Yp1Nv5Kx9Bm2Hc7Jd4Fs0Ga8Qe1"; }

const Redactor& redactor() {
  static Redactor r = *Redactor::load();
  return r;
}

void hidden(const std::string& text) {
  INFO(text);
  std::string out = redactor().redact(text);
  CHECK(out.find("[REDACTED:") != std::string::npos);
  CHECK(out.find(base64("github_token: " + token())) == std::string::npos);
}

}  // namespace

TEST_CASE("encoded secrets are found however the encoding is glued, prefixed or wrapped", "[scan][encoded]") {
  const std::string secret = "github_token: " + token() + "\n";
  const std::string b64 = base64(secret);
  hidden("v = " + b64);                      // plain
  hidden("v = token-" + b64);                // glued to a word with '-' (URL-safe base64 has '-')
  hidden("v = abc" + b64);                   // glued with no separator: another alignment
  std::string hex;
  for (unsigned char c : secret) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
  hidden("v = 0x" + hex);                    // 0x-prefixed hex
  // Wrapped at 64 columns, as base64(1) and PEM do, with the token across the break.
  const std::string long_b64 = base64(std::string(40, ' ') + secret + std::string(40, ' '));
  std::string wrapped;
  for (size_t i = 0; i < long_b64.size(); i += 64) wrapped += long_b64.substr(i, 64) + "\n";
  std::string out = redactor().redact("data:\n" + wrapped + "end\n");
  CHECK(out.find("[REDACTED:") != std::string::npos);
  CHECK(std::count(out.begin(), out.end(), '\n') == std::count(wrapped.begin(), wrapped.end(), '\n') + 2);
}

TEST_CASE("identifiers, hashes and binary blobs are not taken for encoded text", "[scan][encoded]") {
  CHECK(find_encoded_text("some_long_function_name_here_for_tests").empty());
  CHECK(find_encoded_text("commit 3f786850e387550fdab836ed7e6dc881de23001b").empty());
  std::string blob;
  for (int i = 0; i < 300; ++i) blob += static_cast<char>((i * 37) & 0xff);
  CHECK(find_encoded_text(base64(blob)).empty());
  // Linear and bounded on a large encoded run.
  std::string big(8 << 20, 'A');
  auto runs = find_encoded_text(big);
  CHECK(runs.size() <= 1);
}

TEST_CASE("an encoded run is found wherever it lies against the 64-byte blocks the search reads", "[scan][encoded]") {
  const std::string encoded = base64("plain words that an encoder turned into base64 for this test");
  for (std::size_t offset = 0; offset < 200; ++offset) {
    // Short words (never 20 base64 characters in a row) up to `offset`.
    std::string text;
    while (text.size() + 1 < offset) text += (text.size() % 7 == 6) ? ' ' : static_cast<char>('a' + text.size() % 26);
    if (offset) text += ' ';
    for (const std::string& after : {std::string(" tail words"), std::string()}) {
      const std::string whole = text + encoded + after;
      INFO("offset " << offset << ", text ends " << (after.empty() ? "with the run" : "after it"));
      const auto runs = find_encoded_text(whole);
      REQUIRE(runs.size() == 1);
      CHECK(runs[0].begin == text.size());
      CHECK(runs[0].end == text.size() + encoded.size());
    }
  }
  // 19 base64 characters in a row are never a run; runs of 20 that lie across
  // block ends are still seen (identifiers here: found, then judged not encoded).
  std::string nineteen;
  for (int i = 0; i < 40; ++i) nineteen += "abcdefghijklmnopqrs ";
  CHECK(find_encoded_text(nineteen).empty());
  std::string crossing(60, ' ');
  crossing += encoded;  // starts 4 bytes before the first block's end
  REQUIRE(find_encoded_text(crossing).size() == 1);
  CHECK(find_encoded_text(crossing)[0].begin == 60);
}
