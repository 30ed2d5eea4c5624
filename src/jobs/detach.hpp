#pragma once
// Background work for post-commit, post-merge and post-rewrite: git must get
// control back at once, so the worker is detached from everything git holds.
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace hookagent::jobs {

// Starts argv[0] (an absolute path) in a new session, with stdin on /dev/null,
// stdout and stderr appended to `log_path`, and no other inherited descriptor.
// Returns once the detached process exists; never waits for it.
// Why the double fork: git waits for the hook's stdout/stderr pipes to close,
// so the worker must hold none of them and must not be our child.
Status spawn_detached(const std::vector<std::string>& argv, const std::filesystem::path& log_path);

}  // namespace hookagent::jobs
