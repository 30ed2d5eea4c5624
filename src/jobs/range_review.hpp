#pragma once
// `hookagent review --range BASE..HEAD --notes`: the post-commit background
// review, run in the foreground over every commit of a range (a CI step), so
// that each commit gets the note a laptop's post-commit worker would write
// (hooks/background_review.cpp: same ref, same lines, same cache key).
//
// Notes travel (`hookagent notes push|fetch`) and the review cache does not:
// a commit whose note already records a review with the key this run computes
// (same skill text, model, redacted change and policy) is not reviewed again.
// Computing the key costs no request: it hashes what would be sent.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "git/repository.hpp"
#include "report/note_entry.hpp"

namespace hookagent::jobs {

// What happened to one commit of the range.
enum class RangeOutcome {
  Reviewed,    // the provider was asked; a note was written
  Cached,      // answered from this machine's review cache (0 tokens); a note was written
  Noted,       // its note already holds a review with this key: nothing asked, nothing written
  Merge,       // a merge commit: its changes are its parents' (not reviewed)
  Failed,      // the provider failed on it; no note was written
  NotReached,  // after a provider failure the run stops: left for the next run
};
std::string_view to_string(RangeOutcome o);

struct RangeCommit {
  std::string commit;
  RangeOutcome outcome = RangeOutcome::NotReached;
  NoteEntry entry;  // the note's review (written now or found); status "" when none
};

struct RangeReview {
  std::string skill;
  std::string hook;
  std::string notes_ref;
  std::vector<RangeCommit> commits;  // oldest first
  std::string no_agent;              // non-empty: no agent runs here (why), nothing was reviewed
  std::optional<Error> provider_error;  // the failure that stopped the run
};

// The commits of "A..B" (reachable from B, not from A; "..B" or "B": all of
// B's history), oldest first. Usage errors name the form to write.
Result<std::vector<std::string>> range_commits(const Repository& repo, const std::string& range);

// Reviews `commits` in order with `skill` under [hooks.<hook>]'s policy and
// provider, appending a note to each commit it reviews. A provider failure
// stops the run (a provider that is down would otherwise cost each remaining
// commit its full timeout); it is returned in provider_error, and the notes
// already written stay. Other errors (a missing skill, an unreadable
// repository) are returned as errors.
Result<RangeReview> review_range_into_notes(Repository& repo, const Config& config, const std::string& hook,
                                            const std::string& skill, const std::vector<std::string>& commits);

}  // namespace hookagent::jobs
