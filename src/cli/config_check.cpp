#include "cli/config_check.hpp"

#include <filesystem>

#include "scan/rule_set.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::cli {

Status check_team_rule_file(const Config& config, const RepoPaths& paths) {
  const auto file = scan::rule_sources_for(config, paths).gitleaks_config;
  std::error_code ec;
  if (file.empty() || std::filesystem::exists(file, ec)) return {};
  auto origin = config.origins.find("scan.gitleaks_config");
  return fail(ErrorKind::Config, "scan.gitleaks_config names a file that does not exist: " + file.string(),
              origin == config.origins.end() ? file.string() : origin->second.source,
              "create it, or remove the key (the repository's .gitleaks.toml is used when present)");
}

Status check_config_and_rules(const RepoPaths& paths) {
  auto config = load_config(default_config_sources(paths));
  if (!config) return std::unexpected(config.error());
  if (auto st = check_team_rule_file(*config, paths); !st) return st;
  auto rules = scan::load_rule_set(scan::rule_sources_for(*config, paths));
  if (!rules) return std::unexpected(rules.error());
  return {};
}

}  // namespace hookagent::cli
