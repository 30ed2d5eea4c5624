#pragma once
// yaml-cpp for the lefthook and pre-commit config editors: parsing with a
// file:line error, a canonical form to prove an edit changed nothing else, and
// key lookup that keeps the positions the text edits need.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace hookagent::hooks {

// The one YAML document in `text`. Errors (ErrorKind::Config) name
// `label:line:col` and say that nothing was changed; several documents are
// refused too, since the tools read only the first one.
Result<YAML::Node> parse_yaml_document(const std::string& text, const std::string& label);

// The same string for two nodes exactly when they hold the same data: mapping
// order, quoting, comments and layout do not count.
std::string canonical_yaml(const YAML::Node& node);

struct YamlEntry {
  YAML::Node key;
  YAML::Node value;
};
// The entry of mapping `map` whose key is the plain scalar `key`.
std::optional<YamlEntry> find_entry(const YAML::Node& map, std::string_view key);

bool is_block_map(const YAML::Node& node);
bool is_block_sequence(const YAML::Node& node);
// The scalar at map[key], or "" when absent or not a scalar.
std::string scalar_at(const YAML::Node& map, std::string_view key);

}  // namespace hookagent::hooks
