#pragma once
// The part of a changed file worth scanning: the lines that can hold an added
// line, and some context around them. A history scan reported only what the
// commit added, yet scanned each changed file whole (22 MB of blobs for this
// repository's history, where `git log -p` prints 5.5 MB); most commits
// change a few lines of a file.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "git/change.hpp"

namespace hookagent::scan {

// [begin, end) of the text to scan, whose first byte starts line first_line;
// matches are reported only when they start in [own_begin, own_end).
struct TextRegion {
  std::size_t begin = 0, end = 0;
  std::size_t own_begin = 0, own_end = 0;
  int first_line = 1;
};

// Context kept on each side of the owned lines, rounded out to whole lines: a
// match that starts on an added line may run on past it (a private key whose
// BEGIN line was added), a rule's [[rules.required]] companion may lie on a
// line near it, and a regex may look at the line before. gitleaks' history
// scan sees only the added lines of each hunk.
constexpr std::size_t kRegionContextBytes = 1024;

// Where `now` can differ from `before`: from the line of the first byte that
// differs to the line of the last (a common prefix and suffix, compared
// bytewise). Every line that a line diff of the two calls added lies in it.
// Empty owned range: nothing was added (a deletion, a rename). Nullopt when
// the region is most of the file (scanning it whole costs the same).
std::optional<TextRegion> changed_region(std::string_view before, std::string_view now,
                                         std::size_t context = kRegionContextBytes);

// The same for lines already known (1-based, as a diff gives them).
std::optional<TextRegion> region_of_lines(std::string_view text, const std::vector<LineRange>& lines,
                                          std::size_t context = kRegionContextBytes);

}  // namespace hookagent::scan
