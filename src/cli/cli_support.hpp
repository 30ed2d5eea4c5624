#pragma once
// The one place commands turn errors into a message and an exit code.
#include <filesystem>
#include <optional>

#include "cli/command.hpp"
#include "core/result.hpp"
#include "git/repo_paths.hpp"

namespace hookagent::cli {

// Prints "hookagent: <where>: <what> (<hint>)" to stderr; returns the exit code for it.
int report_error(const Error& error);
// The directory the command runs in: -C DIR, else the current directory.
std::filesystem::path start_dir(const CliState& state);
// The repository around start_dir(), or nullopt after reporting why there is none.
std::optional<RepoPaths> repo_paths_or_report(const CliState& state);

}  // namespace hookagent::cli
