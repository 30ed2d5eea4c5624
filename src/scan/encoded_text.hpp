#pragma once
// Secrets hidden by an encoding: runs of base64 (standard or URL-safe) or hex
// in a text that decode to mostly printable text. The redactor looks inside
// them, so `echo Z2hwX...` does not carry a token past it.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent::scan {

struct EncodedRun {
  std::size_t begin = 0, end = 0;  // the encoded bytes in the text
  std::string decoded;
  std::string_view encoding;       // "base64" or "hex"
};

// Runs of at least `min_chars` encoded characters whose decoding is at least
// 90% printable ASCII (tabs and newlines count).
std::vector<EncodedRun> find_encoded_text(std::string_view text, std::size_t min_chars = 20);

// Runs of URL characters holding at least two %XX escapes (`ghp%5F...`,
// `user%3Apass`), decoded ("percent"); `+` stays as written.
std::vector<EncodedRun> find_percent_encoded(std::string_view text);

// Lines that build a string literal from pieces joined with `+`
// (`"abc" + "def"` on one line): the run is the line, and its
// "decoding" the line with each quote-plus-quote joint removed ("concatenation"),
// so that a secret split into pieces reads whole.
std::vector<EncodedRun> find_joined_strings(std::string_view text);

// A private key's body, line by line (DESIGN §6): every line from a
// `-----BEGIN ... PRIVATE KEY...-----` marker through its END marker (or the
// end of the text), and the marker-to-marker stretch of a key written with
// escaped "\n" on one line. Each span is within one line.
struct TextSpan {
  std::size_t begin = 0, end = 0;
};
std::vector<TextSpan> find_private_key_lines(std::string_view text);

// File names that hold a key and nothing else (id_rsa, *.key, *.ppk, ...).
bool is_key_file_name(std::string_view path);

}  // namespace hookagent::scan
