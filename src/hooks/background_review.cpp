#include "hooks/background_review.hpp"

#include <fstream>

#include "config/config.hpp"
#include "git/notes_store.hpp"
#include "git/repository.hpp"
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

}  // namespace

void run_background_review(const RepoPaths& paths, jobs::JobRecord& record) {
  jobs::JobStore store(paths.common_dir);
  std::ofstream log(store.log_path(record.request.id), std::ios::app);
  log << iso8601_utc_now() << " review of " << record.request.commit << " with skill '" << record.request.skill
      << "' (" << record.request.hook << ")\n";
  try {
    auto repo = Repository::open(paths);
    if (!repo) return fail_record(record, log, repo.error());
    auto commit = repo->resolve_commit(record.request.commit);
    if (!commit) return fail_record(record, log, commit.error());
    auto config = load_config(default_config_sources(paths));
    if (!config) return fail_record(record, log, config.error());

    scan::ScanRequest request;
    request.scope = scan::ScanScope::Commit;
    request.rev = *commit;
    auto scanned = scan::run_scan(request, *config, paths);
    if (!scanned) return fail_record(record, log, scanned.error());

    NoteEntry entry;
    entry.skill = record.request.skill;
    entry.hook = record.request.hook;
    entry.commit = *commit;
    entry.time = iso8601_utc_now();
    entry.model = "rules";
    entry.findings = scanned->findings;
    entry.status = entry.findings.empty() ? "pass" : "findings";
    entry.summary = "offline rules only: no LLM provider is configured for " + record.request.hook +
                    " (set [provider] in .hookagent.toml or ~/.config/hookagent/config.toml)";
    log << "rules: " << entry.findings.size() << " finding(s)\n";

    NotesStore notes(*repo);
    if (auto s = notes.append_with_retry(notes_ref_for(entry.skill), *commit, note_entry_to_line(entry)); !s)
      return fail_record(record, log, s.error());
    record.findings = static_cast<int>(entry.findings.size());
    record.model = entry.model;
    record.status = jobs::JobStatus::Done;
    log << "note written to " << notes_ref_for(entry.skill) << "\n";
  } catch (const std::exception& e) {
    fail_record(record, log, Error{ErrorKind::Internal, e.what(), "", "please report this"});
  }
}

}  // namespace hookagent::hooks
