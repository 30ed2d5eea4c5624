#include "hooks/yaml_tree.hpp"

#include <algorithm>
#include <vector>

namespace hookagent::hooks {

Result<YAML::Node> parse_yaml_document(const std::string& text, const std::string& label) {
  const std::string refuse = "hookagent changed nothing: fix the file (its own tool cannot read it either), then "
                             "run `hookagent install` again";
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(text);
    if (docs.size() > 1)
      return fail(ErrorKind::Config, "holds " + std::to_string(docs.size()) + " YAML documents (---)", label,
                  "hookagent edits only single-document files; add its entry by hand or use `hookagent install "
                  "--shim`; nothing was changed");
    return docs.empty() ? YAML::Node() : docs.front();
  } catch (const YAML::Exception& e) {
    std::string where = label;
    if (e.mark.line >= 0) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    return fail(ErrorKind::Config, "not valid YAML: " + e.msg, where, refuse);
  }
}

std::string canonical_yaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return "~";
    case YAML::NodeType::Scalar: {
      std::string s = "'";
      for (char c : node.Scalar()) s += (c == '\'' ? std::string("''") : std::string(1, c));
      return s + "'";
    }
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      for (const auto& item : node) s += canonical_yaml(item) + ",";
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::vector<std::string> entries;
      for (const auto& kv : node) entries.push_back(canonical_yaml(kv.first) + ":" + canonical_yaml(kv.second));
      std::sort(entries.begin(), entries.end());
      std::string s = "{";
      for (const auto& e : entries) s += e + ",";
      return s + "}";
    }
  }
  return "?";
}

std::optional<YamlEntry> find_entry(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return std::nullopt;
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return YamlEntry{kv.first, kv.second};
  return std::nullopt;
}

bool is_block_map(const YAML::Node& node) {
  return node.IsMap() && node.Style() != YAML::EmitterStyle::Flow;
}

bool is_block_sequence(const YAML::Node& node) {
  return node.IsSequence() && node.Style() != YAML::EmitterStyle::Flow;
}

std::string scalar_at(const YAML::Node& map, std::string_view key) {
  auto e = find_entry(map, key);
  return e && e->value.IsScalar() ? e->value.Scalar() : std::string();
}

}  // namespace hookagent::hooks
