#pragma once
// What a background job does for one queued request: review the commit with
// the request's skill and append the result to refs/notes/hookagent/<skill>.
#include "git/repo_paths.hpp"
#include "jobs/job_store.hpp"

namespace hookagent::hooks {

// Never throws; the record's status, error, findings and usage say how it went.
void run_background_review(const RepoPaths& paths, jobs::JobRecord& record);

// "refs/notes/hookagent/<skill>"
std::string notes_ref_for(const std::string& skill);

}  // namespace hookagent::hooks
