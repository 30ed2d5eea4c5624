#pragma once
// DESIGN §10 trust tiers: what a committed, untrusted .hookagent.toml may set.
// It may narrow what runs; it may not redirect the provider or the API key,
// choose a command provider, widen tools, or loosen blocking. "Loosen" is
// measured against the effective value of the safer layers (defaults + user).
#include <optional>
#include <string>

#include "config/config.hpp"
#include "config/schema.hpp"

namespace hookagent::config {

struct TrustCheck {
  // What may apply from an untrusted file: the setting as written, a narrowed
  // form of it (allowed-tools minus what it tried to add), or nothing.
  std::optional<Setting> untrusted_form;
  // Why the setting as written needs trust; empty when it needs none.
  std::string reason;
};

TrustCheck check_repo_setting(const Config& safer, const Setting& setting);

// One line naming the key and the fix, for Config::untrusted_keys.
// `partly`: the narrowed form still applied.
std::string untrusted_line(const Setting& setting, const std::string& reason, bool partly = false);

}  // namespace hookagent::config
