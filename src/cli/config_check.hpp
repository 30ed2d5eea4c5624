#pragma once
// What `install` refuses and `doctor` reports as broken: a config or rule
// file that does not load. Every hook would stop on it, so it is named with
// file:line before anything is installed.
#include "config/config.hpp"
#include "core/result.hpp"
#include "git/repo_paths.hpp"

namespace hookagent::cli {

// scan.gitleaks_config naming a file that does not exist, as an error at the
// config line that set it. A missing default .gitleaks.toml is no error.
Status check_team_rule_file(const Config& config, const RepoPaths& paths);

// The layered config, then the rules the repository's scans load.
Status check_config_and_rules(const RepoPaths& paths);

}  // namespace hookagent::cli
