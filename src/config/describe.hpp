#pragma once
// The effective configuration as `key = value` lines, for `hookagent doctor`.
#include <string>
#include <vector>

#include "config/config.hpp"

namespace hookagent {

struct DescribedValue {
  std::string key;     // canonical dotted key, e.g. hooks.pre-commit.block_on
  std::string value;   // as it would be written in TOML
  std::string origin;  // Config::origins, "default" when none was recorded
};

// Every provider, every hook, [scan] and [skills], in schema order. A disabled
// hook is one line (enabled = false).
std::vector<DescribedValue> describe_config(const Config& config);

}  // namespace hookagent
