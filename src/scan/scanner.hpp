#pragma once
// The offline rule engine (DESIGN §8): compiled rules, and a Scanner that turns
// text or files into Findings. Thread-safe: one Scanner serves every worker.
//
// Pipeline per text: keyword prefilter (one pass over the bytes, all keywords
// at once) → RE2 for the rules whose keywords occur (rules without keywords
// always run) → secret group → entropy → allowlists (global, then the rule's)
// → inline `hookagent:allow` / `gitleaks:allow` on the line → Finding with the
// secret masked in the excerpt and a fingerprint (see fingerprint.hpp).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "git/change.hpp"
#include "report/finding.hpp"
#include "scan/pattern_prefilter.hpp"
#include "scan/rule_spec.hpp"

namespace hookagent::scan {

class RuleSet;      // compiled rules; immutable once built (rule_set.hpp)
struct TextRegion;  // part of a changed file (changed_region.hpp)

// Compiles every regex once. An invalid regex is an Error carrying the rule's
// file:line and id.
Result<std::shared_ptr<const RuleSet>> compile_rules(const RuleSpecSet& specs);

// Where a run's rules come from.
struct RuleSources {
  std::vector<std::string> packs{"secrets", "danger"};  // data_dir()/rules/<pack>.toml
  std::filesystem::path gitleaks_config;                // optional team file (.gitleaks.toml)
  // As in gitleaks, a team file without `[extend] useDefault = true` is the
  // whole secret rule set (the bundled `secrets` pack is left out), and its
  // disabledRules switch rules off. The redactor honours neither: a
  // committed file must not be able to narrow what is kept from a provider.
  bool honour_team_narrowing = true;
};
// Loads (src/config/gitleaks_loader) and compiles.
Result<std::shared_ptr<const RuleSet>> load_rule_set(const RuleSources& sources);
// For a long-lived process (the warm server): loads these sources now, with
// every rule compiled and the cached pattern prefilter loaded, and keeps them,
// so that load_rule_set() with the same sources returns this set while the
// pack files are unchanged. Bundled packs only (no gitleaks_config).
Status preload_rule_set(const RuleSources& sources);
// Whether this process holds a preloaded set (a warm server's child does):
// load_rule_set() on the bundled packs is then two stat calls.
bool rule_set_preloaded();
// What preload_rule_set() does to the set it keeps (src/scan/warm_up.cpp):
// compiles every lazy regex, loads the cached pattern prefilter, and scans a
// sample of code under common file names, so that RE2 has built the DFA
// states typical code needs. A process that forks one child per scan does
// this once, so that no child repeats it.
void warm_up(const std::shared_ptr<const RuleSet>& rules);

// One rule as `hookagent rules list` shows it.
struct RuleInfo {
  std::string id;
  std::string description;
  Severity severity = Severity::High;
  std::string category;
  std::string cwe;
  std::string fix;
  std::vector<std::string> tags;
  std::vector<std::string> keywords;
  std::string origin;  // file it came from
  bool secret = true;
};
std::vector<RuleInfo> describe_rules(const RuleSet& rules);

// What part of a text counts, and how findings are labelled.
struct TextContext {
  std::string path;    // repo-relative, '/' separated; matched by rule/allowlist `path`
  std::string commit;  // for allowlist `commits` and Finding::commit; empty for staged/files
  // When set, only findings starting on these lines are reported (added-lines
  // scope); the whole text is still scanned so multi-line secrets are seen.
  const std::vector<LineRange>* only_lines = nullptr;
};

struct ScanOptions {
  // Files are read in chunks of this size with `overlap` bytes carried over,
  // so a 200 MB file never sits in memory at once. Each chunk is a fragment
  // on its own: a rule runs in it only if one of its keywords occurs in it
  // (gitleaks reads files in 100 KB pieces alike), and a rule whose match may
  // span many lines searches the chunk whole when it holds non-ASCII text.
  // 1 MB scanned a 200 MB file of real source twice as fast as 8 MB, in 44
  // MiB against 59, without the 40-hex "tokens" that an 8 MB chunk let
  // sourcegraph-access-token match far from its keyword.
  std::size_t chunk_size = 1u << 20;
  std::size_t overlap = 64u << 10;
  uint64_t max_file_size = 0;  // 0 = no limit
  // Run a rule's regex only near its keywords when that provably finds the
  // same matches (match_windows.hpp). Off only to compare in tests.
  bool windows = true;
  // Vectorscan over the rules' own regexes before RE2 (pattern_prefilter.hpp).
  // A cached one is used past `load_after`; compiling a missing one takes
  // ~10 s of 2 cores (18 s of one), worth it only for a long scan: under Build
  // it happens once a run has scanned `compile_after` bytes (the keyword path
  // does ~130 MB/s: ~8 s by then). `hookagent install` compiles it up front.
  PrefilterUse prefilter = PrefilterUse::CachedOnly;
  uint64_t compile_after = 1ull << 30;
  // A cached prefilter is read once a run has this much text to scan: reading
  // it (~30 MB, checksummed, page-faulted in) cost a one-line commit more than
  // its whole scan by the keyword path, which finds the same.
  uint64_t load_after = 1ull << 20;
  // Levels of base64/hex/percent encoding looked inside (decoded_scan.hpp);
  // 0 = none. gitleaks' --max-decode-depth, whose default is also 5.
  int max_decode_depth = 5;
  // `hookagent:allow` / `gitleaks:allow` on a line drops its findings; off
  // where the text's author is the one being checked (a server's pre-receive).
  bool inline_allow = true;
};

// What happened to one file.
struct FileOutcome {
  std::vector<Finding> findings;
  bool skipped = false;
  std::string note;  // why it was skipped ("binary", "unreadable: ...", "vanished")
};

class Scanner {
 public:
  explicit Scanner(std::shared_ptr<const RuleSet> rules, ScanOptions options = {});

  // Scans `text` as the whole content of ctx.path. Lines are 1-based.
  std::vector<Finding> scan_text(std::string_view text, const TextContext& ctx) const;
  // Scans only `region` of `text` (the whole content of ctx.path), reporting
  // the matches that start in its owned lines, with the text's line numbers.
  std::vector<Finding> scan_region(std::string_view text, const TextRegion& region, const TextContext& ctx) const;
  // Streams a file from disk (binary → skipped with a note; unreadable or
  // vanished → skipped with a note; never throws). UTF-16 with a BOM is text.
  FileOutcome scan_file(const std::filesystem::path& file, const TextContext& ctx) const;
  // A file of split_file_bytes() or more, its chunks scanned by `jobs` threads
  // at once (split_file_scan.cpp): one huge file uses every core, as a tree
  // does. The same findings and lines as scan_file (each chunk owns whole lines
  // and reads `overlap` bytes past them) unless a rule meets its per-chunk cap
  // (kMaxFindingsPerRule), which then falls on other lines. Anything else
  // (smaller, binary, UTF-16, a pipe) goes to scan_file.
  FileOutcome scan_file_split(const std::filesystem::path& file, const TextContext& ctx, int jobs) const;
  uint64_t split_file_bytes() const { return 4 * static_cast<uint64_t>(options_.chunk_size); }
  // Fills up to n bytes at p; returns how many, 0 at the end, -1 on an error (errno set).
  using ChunkSource = std::function<long(char* p, std::size_t n)>;
  // Scans text that arrives in pieces (a large blob streamed from the object
  // database) as scan_file scans a file: the same chunks, line numbers and
  // findings, without the whole text in memory. Binary (a NUL byte in the first
  // 8000 bytes) is skipped with a note; scan.max_file_size is not applied.
  FileOutcome scan_stream(const ChunkSource& read, const TextContext& ctx) const;
  // Findings for path-only rules (gitleaks `path` without `regex`).
  std::vector<Finding> scan_path_only(const TextContext& ctx) const;

  const RuleSet& rules() const { return *rules_; }
  const ScanOptions& options() const { return options_; }

 private:
  // The pattern prefilter for the next `bytes`, per ScanOptions::prefilter.
  const PatternPrefilter* patterns_for(std::size_t bytes) const;
  // scan_file's chunk loop over any source. `window` is the first buffer size
  // (smaller for a small file); `on_binary` decides for a binary head.
  using BinaryHead = std::function<FileOutcome(std::string_view buffered)>;
  FileOutcome scan_chunks(const ChunkSource& read, std::size_t window, bool size_limit, const TextContext& ctx,
                          const BinaryHead& on_binary) const;
  // The rest of a UTF-16 file (BOM first) after `bytes`, decoded and scanned.
  FileOutcome scan_utf16_file(int fd, std::string bytes, const TextContext& ctx) const;

  std::shared_ptr<const RuleSet> rules_;
  ScanOptions options_;
  std::shared_ptr<std::atomic<uint64_t>> scanned_ = std::make_shared<std::atomic<uint64_t>>(0);
};

// A chunk that starts inside a line counts its columns from the chunk's first
// byte: adds `line_head` (the line's bytes before the chunk) to the columns of
// findings[from...] on `first_line`.
void shift_first_line_columns(std::vector<Finding>& findings, std::size_t from, int first_line,
                              std::size_t line_head);

// True when the first 8000 bytes hold a NUL (git's own binary heuristic).
bool looks_binary(std::string_view head);

// Shannon entropy in bits per byte.
double shannon_entropy(std::string_view s);

// Replaces each {{rand:N:CHARSET}} with N pseudo-random characters drawn from
// CHARSET (ranges like A-Z0-9, a-f0-9, A-Za-z0-9+/), deterministic for a seed.
// Used by the rule-pack sample tests so that no real-looking secret is stored.
std::string expand_sample(std::string_view sample, uint64_t seed);

}  // namespace hookagent::scan
