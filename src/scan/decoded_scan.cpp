#include "scan/decoded_scan.hpp"

#include <algorithm>
#include <set>

#include "scan/encoded_text.hpp"
#include "scan/match_windows.hpp"
#include "scan/text_tools.hpp"

namespace hookagent::scan {
namespace {

std::vector<EncodedRun> encoded_runs(std::string_view text) {
  std::vector<EncodedRun> runs = find_encoded_text(text);
  if (text.find('%') != std::string_view::npos) {
    auto percent = find_percent_encoded(text);
    std::move(percent.begin(), percent.end(), std::back_inserter(runs));
  }
  if (text.find('+') != std::string_view::npos) {
    auto joined = find_joined_strings(text);
    std::move(joined.begin(), joined.end(), std::back_inserter(runs));
  }
  return runs;
}

// The findings inside `text` (already decoded `chain`) and inside what it
// decodes to, down to `depth_left` more levels.
void scan_level(const RuleSet& rules, std::string_view text, const std::string& chain, int depth_left,
                const TextContext& ctx, bool inline_allow, std::vector<Finding>& found) {
  std::vector<Finding> here;
  scan_fragment(rules, Fragment{text, 1, 0, std::string_view::npos, true, nullptr, inline_allow}, ctx, here);
  for (Finding& f : here) {
    f.decoded = chain;
    found.push_back(std::move(f));
  }
  if (depth_left <= 0) return;
  for (const EncodedRun& run : encoded_runs(text))
    scan_level(rules, run.decoded, chain + ">" + std::string(run.encoding), depth_left - 1, ctx, inline_allow, found);
}

bool line_wanted(const TextContext& ctx, int line) {
  if (!ctx.only_lines) return true;
  return std::any_of(ctx.only_lines->begin(), ctx.only_lines->end(),
                     [line](const LineRange& r) { return line >= r.first && line <= r.last; });
}

}  // namespace

void scan_decoded(const RuleSet& rules, const Fragment& fragment, const TextContext& ctx, int max_depth,
                  std::vector<Finding>& out) {
  if (max_depth <= 0) return;
  const std::string_view text = fragment.text;
  const std::size_t own_to = std::min(fragment.own_to, text.size());
  std::vector<EncodedRun> runs = encoded_runs(text);
  if (runs.empty()) return;
  LineIndex lines(text);
  // A secret already seen as written (a percent-encoded URL often shows it
  // plainly) is not reported a second time from its decoding.
  std::set<std::pair<int, std::string>> seen;
  for (const Finding& f : out) seen.emplace(f.line, f.fingerprint);
  // Inside decoded text the added-lines scope has no meaning: the run's own
  // line decides, below.
  const TextContext inner{ctx.path, ctx.commit, nullptr};
  for (const EncodedRun& run : runs) {
    if (run.begin < fragment.own_from || run.begin >= own_to) continue;
    const std::size_t line = lines.line_of(run.begin);
    const int line_no = fragment.first_line + static_cast<int>(line);
    if (!line_wanted(ctx, line_no)) continue;
    const std::size_t lb = lines.begin_of(line), le = lines.end_of(line);
    const std::string_view line_text = text.substr(lb, le - lb);
    if (fragment.inline_allow && (line_text.find("hookagent:allow") != std::string_view::npos ||
                                  line_text.find("gitleaks:allow") != std::string_view::npos))
      continue;
    std::vector<Finding> found;
    scan_level(rules, run.decoded, std::string(run.encoding), max_depth - 1, inner, fragment.inline_allow, found);
    if (found.empty()) continue;
    int column = 1;
    for (std::size_t i = lb; i < run.begin; ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    // The encoded run is as good as the secret: mask it whole in the excerpt.
    const std::string excerpt =
        build_excerpt(text, lb, le, run.begin, {Span{run.begin, std::min(run.end, le)}});
    for (Finding& f : found) {
      if (!seen.emplace(line_no, f.fingerprint).second) continue;
      f.line = line_no;
      f.column = column;
      f.excerpt = excerpt;
      out.push_back(std::move(f));
    }
  }
}

}  // namespace hookagent::scan
