#pragma once
// Writes one validated Setting into a Config and records where it came from.
#include <string>

#include "config/config.hpp"
#include "config/schema.hpp"

namespace hookagent::config {

void apply_setting(Config& config, const Setting& setting);

// The value as a user would write it in TOML, for messages: "high", ["Read", "Bash(rm *)"].
std::string value_text(const SettingValue& value);

}  // namespace hookagent::config
