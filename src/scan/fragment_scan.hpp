#pragma once
// The inner loop of the engine: one fragment of text (a whole blob, or one
// chunk of a streamed file) against every rule.
#include <cstddef>
#include <string_view>
#include <vector>

#include "report/finding.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"

namespace hookagent::scan {

struct Fragment {
  std::string_view text;
  int first_line = 1;                       // line number of text[0]
  std::size_t own_from = 0;                 // report only matches starting in [own_from, own_to):
  std::size_t own_to = std::string_view::npos;  // the rest is overlap seen by a neighbour chunk
  bool windows = true;                      // see ScanOptions::windows
  const PatternPrefilter* patterns = nullptr;  // see ScanOptions::prefilter
  bool inline_allow = true;                 // see ScanOptions::inline_allow
};

// Fragments smaller than this run each rule over the whole text: the one-off
// analysis of a rule (match_windows.hpp) costs more than it saves there.
constexpr std::size_t kWindowMinBytes = 64u << 10;

// At most this many findings of one rule in one fragment; also bounds the
// work a pathological pattern can cause (each extra match is another search).
constexpr int kMaxMatchesPerRule = 256;
constexpr int kMaxFindingsPerRule = 100;

void scan_fragment(const RuleSet& rules, const Fragment& fragment, const TextContext& ctx,
                   std::vector<Finding>& out);

// Every secret-rule secret in `text` (entropy honoured, allowlists not), for
// redaction. Sorted by begin.
struct SecretHit {
  std::size_t begin = 0, end = 0;
  const CompiledRule* rule = nullptr;
};
// `windows_on_small_texts`: search near keywords even in a small text (the
// one-off analysis per rule pays off over many texts, as when a whole tree is
// redacted). With `patterns` (a file whose `path` is known) only the rules
// the pattern prefilter lets through for that path are searched, as a scan does.
std::vector<SecretHit> find_secrets(const RuleSet& rules, std::string_view text, bool windows_on_small_texts = false,
                                    const PatternPrefilter* patterns = nullptr, std::string_view path = {});

// The texts an allowlist regex can look at.
struct Candidate {
  std::string_view secret;
  std::string_view match;
  std::string_view line;
};

}  // namespace hookagent::scan
