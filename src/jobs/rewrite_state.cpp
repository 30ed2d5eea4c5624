#include "jobs/rewrite_state.hpp"

namespace hookagent::jobs {

bool rebase_in_progress(const std::filesystem::path& git_dir) {
  std::error_code ec;
  // git 2.39: interactive and merge-backend rebases use rebase-merge/, the
  // apply backend (git am style) rebase-apply/.
  return std::filesystem::exists(git_dir / "rebase-merge", ec) ||
         std::filesystem::exists(git_dir / "rebase-apply", ec);
}

}  // namespace hookagent::jobs
