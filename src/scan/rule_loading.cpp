#include <filesystem>

#include "config/gitleaks_loader.hpp"
#include "core/paths.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "scan/spec_cache.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;

Result<std::shared_ptr<const RuleSet>> load_rule_set(const RuleSources& sources) {
  const fs::path rules_dir = data_dir() / "rules";
  GitleaksLoadOptions options;
  options.default_config = rules_dir / "secrets.toml";
  RuleSpecSet all;
  for (const std::string& pack : sources.packs) {
    fs::path file = rules_dir / (pack + ".toml");
    std::error_code ec;
    if (!fs::exists(file, ec)) {
      return fail(ErrorKind::Config, "rule pack '" + pack + "' not found", file.string(),
                  "bundled packs are 'secrets' and 'danger'; check scan.packs in .hookagent.toml");
    }
    if (auto cached = read_cached_specs(file)) {
      merge_rule_specs(all, std::move(*cached));
      continue;
    }
    auto specs = load_gitleaks_file(file, options);
    if (!specs) return std::unexpected(specs.error());
    write_cached_specs(file, *specs);
    merge_rule_specs(all, std::move(*specs));
  }
  if (!sources.gitleaks_config.empty()) {
    auto specs = load_gitleaks_file(sources.gitleaks_config, options);
    if (!specs) return std::unexpected(specs.error());
    merge_rule_specs(all, std::move(*specs));
  }
  // Bundled packs compile lazily; a team file eagerly (errors at load time).
  return compile_rules(all, rules_dir.string() + "/");
}

}  // namespace hookagent::scan
