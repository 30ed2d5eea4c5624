#include "scan/changed_region.hpp"

#include <algorithm>
#include <unordered_set>

namespace hookagent::scan {
namespace {

std::size_t line_start_at_or_before(std::string_view text, std::size_t at) {
  if (at == 0) return 0;
  const std::size_t nl = text.rfind('\n', at - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// The end of the line holding text[at - 1] (just past its '\n'); `at` when it is a line start.
std::size_t line_end_at_or_after(std::string_view text, std::size_t at) {
  if (at == 0 || at >= text.size() || text[at - 1] == '\n') return std::min(at, text.size());
  const std::size_t nl = text.find('\n', at);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

std::string_view line_at(std::string_view text, std::size_t begin) {
  return text.substr(begin, line_end_at_or_after(text, begin + 1) - begin);
}

// A line diff may slide a group of added lines over equal lines next to it
// (xdiff's compaction): each line it slides onto has the text of a line of
// the group. Owning the equal neighbours as well keeps every line the diff
// can call added inside, whichever way it slides.
void own_equal_neighbours(std::string_view text, std::size_t& own_begin, std::size_t& own_end) {
  std::unordered_set<std::string_view> owned;
  for (std::size_t at = own_begin; at < own_end;) {
    const std::string_view line = line_at(text, at);
    owned.insert(line);
    at += line.size();
  }
  auto same = [&](std::string_view line) {
    // The last line may lack its '\n'; it still equals an owned line with one.
    return owned.count(line) || (!line.ends_with('\n') && owned.count(std::string(line) + '\n'));
  };
  while (own_begin > 0) {
    const std::size_t prev = line_start_at_or_before(text, own_begin - 1);
    if (!same(text.substr(prev, own_begin - prev))) break;
    own_begin = prev;
  }
  while (own_end < text.size() && same(line_at(text, own_end))) own_end += line_at(text, own_end).size();
}

bool base64_line(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line.size() < 16 || line.size() > 128) return false;
  return std::all_of(line.begin(), line.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
           c == '=' || c == '-' || c == '_';
  });
}

// The context after the owned lines runs on over a block of base64 lines and
// the line after it: a PEM key, or a wrapped encoded run, whose first line is
// owned is read to its end line, however far that is.
std::size_t end_after_blocks(std::string_view text, std::size_t end) {
  bool block = false;
  while (end < text.size() && base64_line(line_at(text, end))) {
    end += line_at(text, end).size();
    block = true;
  }
  return block && end < text.size() ? end + line_at(text, end).size() : end;
}

// A region no smaller than three quarters of the text is not worth the trouble.
std::optional<TextRegion> with_context(std::string_view text, std::size_t own_begin, std::size_t own_end,
                                       std::size_t context) {
  TextRegion r;
  if (own_begin < own_end && (own_end - own_begin) * 4 >= text.size() * 3) return std::nullopt;
  if (own_begin < own_end) own_equal_neighbours(text, own_begin, own_end);
  r.own_begin = own_begin;
  r.own_end = own_end;
  r.begin = line_start_at_or_before(text, own_begin > context ? own_begin - context : 0);
  r.end = line_end_at_or_after(text, std::min(text.size(), own_end + context));
  if (own_begin < own_end) r.end = end_after_blocks(text, r.end);
  if (own_begin < own_end && (r.end - r.begin) * 4 >= text.size() * 3) return std::nullopt;
  r.first_line = 1 + static_cast<int>(std::count(text.data(), text.data() + r.begin, '\n'));
  return r;
}

}  // namespace

std::optional<TextRegion> changed_region(std::string_view before, std::string_view now, std::size_t context) {
  const std::size_t common = std::min(before.size(), now.size());
  const auto diff = std::mismatch(now.begin(), now.begin() + static_cast<std::ptrdiff_t>(common), before.begin());
  const std::size_t prefix = static_cast<std::size_t>(diff.first - now.begin());
  // The common suffix may not reach into the prefix of either text.
  std::size_t suffix = 0;
  while (suffix < common - prefix && now[now.size() - 1 - suffix] == before[before.size() - 1 - suffix]) ++suffix;
  const std::size_t own_begin = line_start_at_or_before(now, prefix);
  const std::size_t cut_end = before.size() - suffix;  // before[prefix, cut_end) became now[prefix, changed_end)
  std::size_t changed_end = now.size() - suffix;
  if (changed_end == prefix && cut_end == prefix) return with_context(now, prefix, prefix, 0);  // the same text
  if (changed_end == prefix) {
    // Only bytes taken out. Whole lines taken out add nothing; a line that
    // lost some of its bytes reads differently, and a line diff adds it.
    const bool whole_lines = own_begin == prefix && before[cut_end - 1] == '\n';
    changed_end = whole_lines ? prefix : std::min(prefix + 1, now.size());
    if (changed_end == own_begin) return with_context(now, own_begin, own_begin, 0);
  } else if (now[changed_end - 1] == '\n' && cut_end > 0 && before[cut_end - 1] != '\n' &&
             changed_end < now.size()) {
    // The common suffix starts a line in `now` but not in `before` (a line
    // lost its indent or its comment mark): that line changed too.
    ++changed_end;
  }
  return with_context(now, own_begin, line_end_at_or_after(now, changed_end), context);
}

std::optional<TextRegion> region_of_lines(std::string_view text, const std::vector<LineRange>& lines,
                                          std::size_t context) {
  if (lines.empty()) return with_context(text, 0, 0, 0);
  int first = lines.front().first, last = lines.front().last;
  for (const auto& r : lines) {
    first = std::min(first, r.first);
    last = std::max(last, r.last);
  }
  std::size_t own_begin = text.size(), own_end = text.size();
  int line = 1;
  for (std::size_t at = 0; at <= text.size(); ++line) {
    if (line == first) own_begin = at;
    const std::size_t nl = text.find('\n', at);
    const std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line == last) {
      own_end = next;
      break;
    }
    if (nl == std::string_view::npos) break;
    at = next;
  }
  if (own_begin >= own_end) return std::nullopt;  // lines past the text's end: scan it whole
  return with_context(text, own_begin, own_end, context);
}

}  // namespace hookagent::scan
