#pragma once
// One review in a git note (DESIGN §9): refs/notes/hookagent/<skill> holds,
// per review, a line for people (`git log --notes=hookagent/<skill>` shows it)
// and the JSON object that programs read, each on its own line, so that
// cat_sort_uniq merges notes cleanly. Readers skip the people's line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "report/finding.hpp"

namespace hookagent {

struct NoteUsage {
  long long input_tokens = 0;
  long long output_tokens = 0;
  double cost_usd = 0;
  bool cached = false;  // a repeat review served from the cache: zero tokens
};

struct NoteEntry {
  int v = 1;
  std::string tool = "hookagent";
  std::string skill;
  std::string hook;
  std::string commit;
  std::string tree;
  std::string time;    // ISO 8601 UTC
  std::string model;   // "rules" when no provider ran
  std::string status;  // "pass" | "findings" | "error" | "skipped"
  std::vector<Finding> findings;
  std::string summary;
  NoteUsage usage;
  // The review cache key (jobs/review_cache.hpp) of the agent review this line
  // records; empty when no agent ran. A CI run that computes the same key for
  // the commit finds the review already done (`hookagent review --notes`).
  std::string key;
};

// One line, no newline inside (JSON escapes any newline of the summary).
std::string note_entry_to_line(const NoteEntry& entry);
// "[hookagent] code-review: 1 finding (high) app.py:2: ... (post-commit, model,
// time, tokens)": the review in one readable line, no newline inside.
std::string note_entry_headline(const NoteEntry& entry);
// Findings per severity, worst first: "1 critical, 2 low".
std::string severity_counts(const std::vector<Finding>& findings);
// True for a line note_entry_headline() wrote; JSON readers skip it.
bool is_note_headline(std::string_view line);
// What a review appends to its note: the headline, then the JSON line.
std::vector<std::string> note_entry_lines(const NoteEntry& entry);

// A line that is not a hookagent note entry (edited by hand, another tool) is an
// error naming the line, never a crash; callers show it as unreadable.
Result<NoteEntry> parse_note_line(const std::string& line);

std::string iso8601_utc_now();

}  // namespace hookagent
