#pragma once
// Small text helpers of the engine: masking, excerpts, UTF-8 cleanup.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hookagent::scan {

// The value of one hex digit, -1 for any other byte.
inline int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// First 4 characters + "****"; short secrets (8 bytes or fewer) are fully masked.
std::string mask_secret(std::string_view secret);

// Byte span [begin, end) in a text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The line [line_begin, line_end) of `text` as an excerpt: at most about 160
// bytes around `focus`, every secret span masked, invalid UTF-8 and control
// bytes replaced so that every sink can print it. `secrets` must be sorted by begin.
std::string build_excerpt(std::string_view text, std::size_t line_begin, std::size_t line_end,
                          std::size_t focus, const std::vector<Span>& secrets);

// Replaces invalid UTF-8 sequences and control bytes (other than tab) with '?'.
std::string printable_utf8(std::string_view s);

// UTF-16 text that starts with a byte-order mark (FF FE little-endian, FE FF
// big-endian: what Windows editors and PowerShell write) as UTF-8 without the
// mark; nullopt for any other bytes. Line breaks stay where they were, so a
// finding's line is the file's line. Unpaired surrogates become U+FFFD.
std::optional<std::string> utf16_with_bom_as_utf8(std::string_view bytes);
bool starts_with_utf16_bom(std::string_view bytes);

}  // namespace hookagent::scan
