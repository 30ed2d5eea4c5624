#pragma once
// When a rule's matches are sure to be made of ASCII bytes, even in a file
// that is not ASCII. The pattern prefilter reports every match made of ASCII
// bytes (pattern_prefilter.hpp), so for such a rule its verdict and its
// windows hold on that file too, and the rule need not be searched wherever
// its keyword occurs and around every accented letter of the file (a third of
// the files of a real source tree hold one: a name in a comment, a © line).
//
// RE2 reads UTF-8. Outside `.`, negated classes, `\S \W \D \p \P \C`, and
// characters >= 0x80 written into the pattern, a pattern names ASCII
// characters only, except through case folding: under `(?i)`, Unicode's
// simple folding maps exactly two non-ASCII letters onto ASCII ones, U+017F
// LATIN SMALL LETTER LONG S onto `s` and U+212A KELVIN SIGN onto `k` (a test
// checks every code point against the RE2 linked). A file that holds either
// is treated as before.
#include <string_view>

namespace hookagent::scan {

// True when no match of `pattern` (RE2 syntax) can hold a byte >= 0x80 in
// text without U+017F or U+212A. Conservative: false for whatever is not read
// closely.
bool matches_only_ascii(std::string_view pattern);

// True when `text` holds U+017F or U+212A (UTF-8), the non-ASCII letters that
// fold onto ASCII ones.
bool has_ascii_folds(std::string_view text);

}  // namespace hookagent::scan
