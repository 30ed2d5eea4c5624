#pragma once
// Reads one config file's text into validated Settings; every error carries
// file:line:col and a hint. The only toml++ user besides the gitleaks loader.
#include <filesystem>
#include <string_view>
#include <vector>

#include "config/schema.hpp"
#include "core/result.hpp"

namespace hookagent::config {

// `base_dir` resolves relative paths in scan.gitleaks_config and skills.paths
// ("~/" means $HOME).
Result<std::vector<Setting>> read_toml_layer(std::string_view content, const std::filesystem::path& file,
                                             const std::filesystem::path& base_dir);

}  // namespace hookagent::config
