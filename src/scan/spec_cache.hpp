#pragma once
// The bundled rule packs, parsed once per install rather than once per hook:
// parsing ~260 KB of TOML took a fifth of a 50-file pre-commit scan. The
// parsed specs (without the test samples) are kept in a compact binary file
// under $XDG_CACHE_HOME/hookagent/ (else ~/.cache/hookagent/), keyed by the
// pack's path, size and modification time; a stale, foreign or damaged file
// is ignored and rewritten.
#include <filesystem>
#include <optional>

#include "scan/rule_spec.hpp"

namespace hookagent::scan {

// The cached specs of `pack`, when a cache entry matches the file as it is now.
std::optional<RuleSpecSet> read_cached_specs(const std::filesystem::path& pack);

// Best effort: a cache that cannot be written only costs the next parse.
void write_cached_specs(const std::filesystem::path& pack, const RuleSpecSet& specs);

}  // namespace hookagent::scan
