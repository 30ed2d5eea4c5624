#pragma once
// Source-like filler dense in the packs' common keywords, for tests that
// compare two ways of scanning the same text (windows, the pattern prefilter).
#include <cstdint>
#include <string>

namespace hookagent::scan::testing {

enum class Bytes { AsciiOnly, WithNonAscii };

inline std::string source_filler(uint64_t seed, std::size_t bytes, Bytes kind) {
  static const char* lines[] = {
      "    token = get_order_filter(buffer)  # key secret credential password\n",
      "  const debugFunction = function(query) { return eval_cache[query]; };\n",
      "\tresult, err := db.Query(ctx, orderSql)  // exec select from random\n",
      "        final String password = config.get(\"pass\");  // pwd passwd md5\n",
      "x = open(path).read()  # rm -rf not here; `ls` ok; subprocess yaml pickle\n",
      // Non-ASCII, with a Kelvin sign that case-folds to 'k' under (?i).
      "# caf\xc3\xa9 na\xc3\xafve \xe2\x84\xaa\xe2\x84\xaa r\xc3\xa9sum\xc3\xa9 \xef\xbf\xbd\n",
  };
  const std::size_t choices = sizeof lines / sizeof *lines - (kind == Bytes::AsciiOnly ? 1 : 0);
  std::string out;
  uint64_t s = seed;
  while (out.size() < bytes) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    out += lines[(s >> 33) % choices];
  }
  return out;
}

}  // namespace hookagent::scan::testing
