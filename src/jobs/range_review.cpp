#include "jobs/range_review.hpp"

#include <algorithm>

#include "agent/skill_review.hpp"
#include "git/notes_store.hpp"
#include "hooks/agent_review.hpp"
#include "hooks/background_review.hpp"
#include "hooks/hook_work.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::jobs {

std::string_view to_string(RangeOutcome o) {
  switch (o) {
    case RangeOutcome::Reviewed: return "reviewed";
    case RangeOutcome::Cached: return "cached";
    case RangeOutcome::Noted: return "noted";
    case RangeOutcome::Merge: return "merge";
    case RangeOutcome::Failed: return "failed";
    case RangeOutcome::NotReached: return "not reached";
  }
  return "?";
}

Result<std::vector<std::string>> range_commits(const Repository& repo, const std::string& range) {
  const std::string form_hint = "write BASE..HEAD, e.g. --range origin/main..HEAD";
  if (range.find("...") != std::string::npos)
    return fail(ErrorKind::Usage, "'" + range + "' is a symmetric range; reviews take the commits of BASE..HEAD",
                "--range", form_hint + " (with the merge base as BASE: $(git merge-base origin/main HEAD)..HEAD)");
  std::size_t dots = range.find("..");
  std::string a = dots == std::string::npos ? std::string() : range.substr(0, dots);
  std::string b = dots == std::string::npos ? range : range.substr(dots + 2);
  if (b.empty()) b = "HEAD";
  // GitHub's `before` of a new branch's first push is the null id.
  if (!a.empty() && a.find_first_not_of('0') == std::string::npos)
    return fail(ErrorKind::Usage, "the base of '" + range + "' is the null commit id (a branch's first push)",
                "--range", "use the default branch as the base, e.g. --range origin/main..HEAD");
  auto to = repo.resolve_commit(b);
  if (!to) return std::unexpected(Error{ErrorKind::Usage, to.error().what, "--range " + range,
                                        "is '" + b + "' fetched? CI checkouts are shallow by default: fetch-depth: 0"});
  if (a.empty()) return repo.rev_list(*to, {});
  auto from = repo.resolve_commit(a);
  if (!from) return std::unexpected(Error{ErrorKind::Usage, from.error().what, "--range " + range,
                                          "is '" + a + "' fetched? (git fetch origin " + a + ", or fetch-depth: 0)"});
  return repo.commits_between(*from, *to);
}

namespace {

// The key the review of `commit` would have, at no cost: a cache lookup that
// answers every key ends the review before any provider is asked.
Result<agent::SkillReviewResult> probe_key(const Repository& repo, const Config& config, const std::string& hook,
                                           const std::string& skill, const std::string& commit,
                                           std::shared_ptr<agent::ReviewTrees> trees) {
  agent::SkillReviewRequest request;
  request.trees = std::move(trees);  // the real review reuses this load and redaction
  request.scope = agent::ReviewScope::Commit;
  request.rev = commit;
  request.hook = hook;
  request.skill = skill;
  request.cached = [](const std::string&) { return std::optional<agent::AgentOutcome>(agent::AgentOutcome{}); };
  return agent::run_skill_review(repo, config, request);
}

// A review of this commit, by this skill, with this key, that did not fail.
// Lines carried from another commit (amend, rebase) name that commit: a
// different change, so they do not count.
std::optional<NoteEntry> noted_review(Repository& repo, const std::string& skill, const std::string& commit,
                                      const std::string& key) {
  auto lines = NotesStore(repo).read_lines(hooks::notes_ref_for(skill), commit);
  if (!lines || key.empty()) return std::nullopt;
  for (const auto& line : *lines) {
    if (is_note_headline(line)) continue;
    auto entry = parse_note_line(line);
    if (entry && entry->commit == commit && entry->skill == skill && entry->key == key && entry->status != "error")
      return *entry;
  }
  return std::nullopt;
}

// The note line post-commit's worker would write for this review
// (hooks/background_review.cpp builds the same entry).
Result<NoteEntry> review_commit(Repository& repo, const Config& config, const std::string& hook,
                                const std::string& skill, const std::string& commit,
                                std::shared_ptr<agent::ReviewTrees> trees, RangeOutcome& outcome) {
  NoteEntry entry;
  entry.skill = skill;
  entry.hook = hook;
  entry.commit = commit;
  if (auto tree = repo.commit_tree_id(commit)) entry.tree = *tree;
  entry.time = iso8601_utc_now();
  if (hooks::skill_runs_offline(skill)) {
    scan::ScanRequest request;
    request.scope = scan::ScanScope::Commit;
    request.rev = commit;
    auto scanned = scan::run_scan(request, config, repo.paths());
    if (!scanned) return std::unexpected(scanned.error());
    entry.findings = scanned->findings;
  }
  auto run = hooks::run_agent_skill(repo, config, hook, skill, agent::ReviewScope::Commit, commit, {}, trees);
  if (!run) return std::unexpected(run.error());
  entry.model = run->model.empty() ? config.provider_for(hook).model : run->model;
  entry.summary = run->summary;
  entry.usage = run->usage;
  entry.key = run->cache_key;
  entry.findings.insert(entry.findings.end(), run->findings.begin(), run->findings.end());
  entry.status = entry.findings.empty() ? "pass" : "findings";
  outcome = run->cached ? RangeOutcome::Cached : RangeOutcome::Reviewed;
  return entry;
}

}  // namespace

Result<RangeReview> review_range_into_notes(Repository& repo, const Config& config, const std::string& hook,
                                            const std::string& skill, const std::vector<std::string>& commits) {
  RangeReview run;
  run.skill = skill;
  run.hook = hook;
  run.notes_ref = hooks::notes_ref_for(skill);
  for (const auto& commit : commits) run.commits.push_back({commit, RangeOutcome::NotReached, {}});

  for (auto& item : run.commits) {
    // A merge's first-parent diff is the other branch's work (often the base
    // branch merged into the change): reviewing it again is the cost of that
    // whole branch. "C^2" names a commit only when C has a second parent.
    if (repo.resolve_commit(item.commit + "^2")) {
      item.outcome = RangeOutcome::Merge;
      continue;
    }
    auto trees = std::make_shared<agent::ReviewTrees>();
    auto probe = probe_key(repo, config, hook, skill, item.commit, trees);
    if (!probe) return std::unexpected(probe.error());
    if (!probe->agent_ran) {
      run.no_agent = probe->note;  // the same for every commit: provider none, or agent = "never"
      return run;
    }
    if (auto noted = noted_review(repo, skill, item.commit, probe->cache_key)) {
      item.outcome = RangeOutcome::Noted;
      item.entry = std::move(*noted);
      continue;
    }
    auto entry = review_commit(repo, config, hook, skill, item.commit, trees, item.outcome);
    if (!entry) {
      if (entry.error().kind != ErrorKind::Provider) return std::unexpected(entry.error());
      // Nothing is written for a failed review: the job log says it, and the
      // next run (the commit still has no note with this key) tries again.
      item.outcome = RangeOutcome::Failed;
      run.provider_error = entry.error();
      return run;
    }
    NotesStore notes(repo);
    if (auto s = notes.append_lines_with_retry(run.notes_ref, item.commit, note_entry_lines(*entry)); !s)
      return std::unexpected(s.error());
    item.entry = std::move(*entry);
  }
  return run;
}

}  // namespace hookagent::jobs
