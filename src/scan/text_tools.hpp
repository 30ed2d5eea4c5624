#pragma once
// Small text helpers of the engine: masking, excerpts, UTF-8 cleanup.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hookagent::scan {

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

}  // namespace hookagent::scan
