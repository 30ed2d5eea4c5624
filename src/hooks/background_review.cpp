#include "hooks/background_review.hpp"

#include <fstream>

#include "config/config.hpp"
#include "git/notes_store.hpp"
#include "git/repository.hpp"
#include "hooks/agent_review.hpp"
#include "hooks/hook_work.hpp"
#include "report/note_entry.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::hooks {

std::string notes_ref_for(const std::string& skill) { return "refs/notes/hookagent/" + skill; }

namespace {

void fail_record(jobs::JobRecord& record, std::ofstream& log, const Error& e) {
  record.status = jobs::JobStatus::Failed;
  record.error = e.message();
  log << "failed: " << record.error << "\n";
}

// The line this skill already wrote about this very commit (not one carried
// from the commit it was amended or rebased from), unless that review failed.
std::optional<NoteEntry> earlier_review(Repository& repo, const std::string& skill, const std::string& commit) {
  auto lines = NotesStore(repo).read_lines(notes_ref_for(skill), commit);
  if (!lines) return std::nullopt;  // the review runs and reports the problem when it writes
  for (const auto& line : *lines) {
    auto entry = parse_note_line(line);
    if (entry && entry->commit == commit && entry->skill == skill && entry->status != "error") return *entry;
  }
  return std::nullopt;
}

}  // namespace

void run_background_review(const RepoPaths& paths, jobs::JobRecord& record) {
  jobs::JobStore store(paths.common_dir);
  std::ofstream log(store.log_path(record.request.id), std::ios::app);
  const auto& req = record.request;
  log << iso8601_utc_now() << " review of " << req.commit << " with skill '" << req.skill << "' (" << req.hook
      << ")\n";
  try {
    auto repo = Repository::open(paths);
    if (!repo) return fail_record(record, log, repo.error());
    auto commit = repo->resolve_commit(req.commit);
    if (!commit) return fail_record(record, log, commit.error());
    auto config = load_config(default_config_sources(paths));
    if (!config) return fail_record(record, log, config.error());
    const std::string hook = req.hook.empty() ? "post-commit" : req.hook;
    // post-merge after a fast-forward (or `git pull`) names a commit that
    // post-commit reviewed already: a second line would only repeat it.
    if (auto earlier = earlier_review(*repo, req.skill, *commit)) {
      log << "already reviewed on " << earlier->time << " (" << earlier->hook << "): nothing to do\n";
      record.findings = static_cast<int>(earlier->findings.size());
      record.model = earlier->model;
      record.status = jobs::JobStatus::Cached;
      return;
    }

    NoteEntry entry;
    entry.skill = req.skill;
    entry.hook = hook;
    entry.commit = *commit;
    if (auto tree = repo->commit_tree_id(*commit)) entry.tree = *tree;
    entry.time = iso8601_utc_now();
    entry.model = "rules";

    if (skill_runs_offline(req.skill)) {
      scan::ScanRequest request;
      request.scope = scan::ScanScope::Commit;
      request.rev = *commit;
      auto scanned = scan::run_scan(request, *config, paths);
      if (!scanned) return fail_record(record, log, scanned.error());
      entry.findings = scanned->findings;
      log << "rules: " << entry.findings.size() << " finding(s)\n";
    }

    std::optional<Error> agent_error;
    auto run = run_agent_skill(*repo, *config, hook, req.skill, agent::ReviewScope::Commit, *commit);
    if (!run) {
      agent_error = run.error();
      entry.status = "error";
      entry.model = config->provider_for(hook).model;  // the model that failed, not "rules"
      if (entry.model.empty()) entry.model = config->provider_for(hook).kind;
      entry.summary = "agent review failed: " + run.error().message();
      log << entry.summary << "\n";
    } else if (!run->agent_ran) {
      entry.summary = "offline rules only: " + run->note;
    } else {
      entry.model = run->model.empty() ? config->provider_for(hook).model : run->model;
      entry.summary = run->summary;
      entry.usage = run->usage;
      entry.key = run->cache_key;
      entry.findings.insert(entry.findings.end(), run->findings.begin(), run->findings.end());
      log << "agent: " << run->findings.size() << " finding(s), " << run->usage.input_tokens << " input and "
          << run->usage.output_tokens << " output tokens" << (run->cached ? " (cached)" : "") << "\n";
    }
    if (entry.status.empty()) entry.status = entry.findings.empty() ? "pass" : "findings";

    // A failed review is still written: the note says what failed, and no
    // earlier line of the note is touched.
    NotesStore notes(*repo);
    if (auto s = notes.append_lines_with_retry(notes_ref_for(entry.skill), *commit, note_entry_lines(entry)); !s)
      return fail_record(record, log, s.error());
    log << "note written to " << notes_ref_for(entry.skill) << "\n";
    record.findings = static_cast<int>(entry.findings.size());
    record.model = entry.model;
    record.input_tokens = entry.usage.input_tokens;
    record.output_tokens = entry.usage.output_tokens;
    record.cost_usd = entry.usage.cost_usd;
    if (agent_error) return fail_record(record, log, *agent_error);
    record.status = run && run->cached ? jobs::JobStatus::Cached : jobs::JobStatus::Done;
  } catch (const std::exception& e) {
    fail_record(record, log, Error{ErrorKind::Internal, e.what(), "", "please report this"});
  }
}

}  // namespace hookagent::hooks
