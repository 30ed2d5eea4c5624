#pragma once
// Whether git is in the middle of a rebase. During a rebase every replayed
// commit fires post-commit; post-rewrite fires once at the end with all the
// old→new pairs, so reviews are queued there instead (no storm of jobs).
#include <filesystem>

namespace hookagent::jobs {

bool rebase_in_progress(const std::filesystem::path& git_dir);

}  // namespace hookagent::jobs
