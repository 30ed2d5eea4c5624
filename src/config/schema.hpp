#pragma once
// The keys a config layer may set, their types, and how a value written as text
// (environment, flags) or as TOML becomes a typed Setting. Internal to src/config.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace hookagent::config {

enum class ValueType {
  String,
  StringList,
  Bool,
  Int,       // > 0
  Number,    // >= 0
  Duration,  // "60s", "2m", "1h30m", or an integer number of seconds
  Size,      // bytes, or "512KB", "10MB", "1GB"
  Enum,      // one of KeySpec::choices
  BlockOn,   // a severity or "never"
};

// Which kind of table a key lives in.
enum class Section { Provider, Hook, Scan, Skills };

struct KeySpec {
  std::string_view name;
  ValueType type;
  std::string_view choices;  // for Enum: "a|b|c"
};

// Durations and sizes are stored as int64 (seconds, bytes); enums and block_on as
// their lower-case text ("never" for block_on = never).
using SettingValue = std::variant<std::string, std::vector<std::string>, bool, std::int64_t, double>;

// One validated assignment from one layer.
struct Setting {
  std::string key;     // canonical dotted key: providers.<n>.<k>, hooks.<hook>.<k>, scan.<k>, skills.paths
  SettingValue value;
  std::string where;   // "file:line:col", "HOOKAGENT_MODEL", "flag hooks.*.block_on"
};

const std::vector<KeySpec>& keys_of(Section section);
const KeySpec* find_key(Section section, std::string_view name);
std::string_view section_title(Section section);  // "[provider]", "[hooks.<hook>]", ...

// The eight hook names, in git's firing order.
const std::vector<std::string>& hook_names();
bool is_hook_name(std::string_view name);

// "did you mean 'block_on'?" when `wrong` is a near miss of a candidate, else
// "valid keys: a, b, c" (with `what` = "keys", "hooks", ...).
std::string suggest(std::string_view wrong, const std::vector<std::string>& candidates,
                    std::string_view what);
std::vector<std::string> key_names(Section section);

// What a value of this key must look like, for type-error hints.
std::string type_hint(const KeySpec& spec);

// Checks and normalises a scalar of the right TOML type (durations, sizes, enums,
// severities arrive as text or integers). `where` goes into the error.
Result<SettingValue> check_text(const KeySpec& spec, std::string_view text, const std::string& where);
Result<SettingValue> check_integer(const KeySpec& spec, std::int64_t value, const std::string& where);

// Parses a value written as text (environment variable, flag). Lists are split on
// `list_separator`.
Result<SettingValue> parse_text_value(const KeySpec& spec, std::string_view text, const std::string& where,
                                      char list_separator = ',');

// Splits a canonical or short dotted key ("provider.model", "hooks.*.block_on",
// "hooks.pre-commit.timeout", "scan.packs") into the canonical keys it names.
// Errors carry a "did you mean" hint.
struct KeyRef {
  std::string canonical;
  const KeySpec* spec;
};
Result<std::vector<KeyRef>> resolve_dotted_key(std::string_view dotted, const std::string& where);

}  // namespace hookagent::config
