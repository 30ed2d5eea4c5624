#include "cli/cli_support.hpp"

#include <iostream>

#include "core/exit_codes.hpp"

namespace hookagent::cli {

int report_error(const Error& error) {
  std::cerr << "hookagent: " << error.message() << "\n";
  return exit_code_for(error);
}

std::filesystem::path start_dir(const CliState& state) {
  if (!state.directory.empty()) return std::filesystem::absolute(state.directory);
  return std::filesystem::current_path();
}

std::optional<RepoPaths> repo_paths_or_report(const CliState& state) {
  auto paths = discover_repo_paths(start_dir(state));
  if (!paths) {
    report_error(paths.error());
    return std::nullopt;
  }
  return *paths;
}

}  // namespace hookagent::cli
