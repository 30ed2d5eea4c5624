#include "config/toml_layer.hpp"

#include <cstdlib>
#include <toml++/toml.h>

namespace hookagent::config {
namespace fs = std::filesystem;

namespace {

std::string at(const fs::path& file, const toml::source_region& src) {
  return file.string() + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

std::string node_type(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date or time";
  }
}

std::string resolve_path(const std::string& p, const fs::path& base_dir) {
  if (p.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    return (fs::path(home ? home : "") / p.substr(2)).string();
  }
  if (p.empty() || fs::path(p).is_absolute() || base_dir.empty()) return p;
  return (base_dir / p).lexically_normal().string();
}

class LayerReader {
 public:
  LayerReader(fs::path file, fs::path base_dir) : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

  Result<std::vector<Setting>> read(const toml::table& root) {
    for (auto& [key, node] : root) {
      std::string k(key.str());
      Status s = ok();
      if (k == "provider") s = section(node, Section::Provider, "providers.default.", "[provider]", key);
      else if (k == "providers") s = named_tables(node, Section::Provider, "providers", key);
      else if (k == "hooks") s = named_tables(node, Section::Hook, "hooks", key);
      else if (k == "scan") s = section(node, Section::Scan, "scan.", "[scan]", key);
      else if (k == "skills") s = section(node, Section::Skills, "skills.", "[skills]", key);
      else
        return fail(ErrorKind::Config, "unknown key '" + k + "' at the top level", at(file_, key.source()),
                    suggest(k, {"provider", "providers", "hooks", "scan", "skills"}, "top-level tables"));
      if (!s) return std::unexpected(s.error());
    }
    return std::move(settings_);
  }

 private:
  Status must_be_table(const toml::node& node, const std::string& title, const toml::key& key) {
    if (node.is_table()) return ok();
    std::string hint = "write it as a " + title + " header with key = value lines under it";
    // `provider = "anthropic"` is a common first guess at the schema.
    if (title == "[provider]" && node.is_string())
      hint = "write it as a table: [provider] then kind = \"" + *node.value<std::string>() + "\" on the next line";
    return fail(ErrorKind::Config, title + " must be a table, not " + node_type(node), at(file_, key.source()), hint);
  }

  // [providers.<name>] and [hooks.<hook>]
  Status named_tables(const toml::node& node, Section s, const std::string& prefix, const toml::key& key) {
    if (auto st = must_be_table(node, "[" + prefix + "]", key); !st) return st;
    for (auto& [name_key, child] : *node.as_table()) {
      std::string name(name_key.str());
      if (s == Section::Hook && !is_hook_name(name))
        return fail(ErrorKind::Config, "unknown hook '" + name + "' in [hooks." + name + "]",
                    at(file_, name_key.source()), suggest(name, hook_names(), "hooks"));
      std::string title = "[" + prefix + "." + name + "]";
      if (auto st = section(child, s, prefix + "." + name + ".", title, name_key); !st) return st;
    }
    return ok();
  }

  Status section(const toml::node& node, Section s, const std::string& prefix, const std::string& title,
                 const toml::key& key) {
    if (auto st = must_be_table(node, title, key); !st) return st;
    for (auto& [k, value] : *node.as_table()) {
      std::string name(k.str());
      const KeySpec* spec = find_key(s, name);
      if (!spec)
        return fail(ErrorKind::Config, "unknown key '" + name + "' in " + title, at(file_, k.source()),
                    suggest(name, key_names(s), "keys in " + title));
      auto v = typed_value(*spec, value, at(file_, value.source()));
      if (!v) return std::unexpected(v.error());
      if (prefix == "scan." && name == "gitleaks_config")
        *v = resolve_path(std::get<std::string>(*v), base_dir_);
      if (prefix == "skills." && name == "paths")
        for (auto& p : std::get<std::vector<std::string>>(*v)) p = resolve_path(p, base_dir_);
      settings_.push_back(Setting{prefix + name, std::move(*v), at(file_, k.source())});
    }
    return ok();
  }

  Result<SettingValue> typed_value(const KeySpec& spec, const toml::node& node, const std::string& where) {
    auto wrong_type = [&]() -> Result<SettingValue> {
      return fail(ErrorKind::Config, std::string(spec.name) + " must not be " + node_type(node), where,
                  type_hint(spec));
    };
    switch (spec.type) {
      case ValueType::StringList: {
        const toml::array* arr = node.as_array();
        if (!arr) return wrong_type();
        std::vector<std::string> items;
        for (auto& item : *arr) {
          if (!item.is_string())
            return fail(ErrorKind::Config, std::string(spec.name) + " must hold only strings, not " + node_type(item),
                        at(file_, item.source()), type_hint(spec));
          items.push_back(*item.value<std::string>());
        }
        return SettingValue{std::move(items)};
      }
      case ValueType::Bool:
        if (!node.is_boolean()) return wrong_type();
        return SettingValue{*node.value<bool>()};
      case ValueType::Number:
        if (node.is_floating_point()) {
          double d = *node.value<double>();
          if (d < 0) return fail(ErrorKind::Config, std::string(spec.name) + " must not be negative", where, type_hint(spec));
          return SettingValue{d};
        }
        [[fallthrough]];
      case ValueType::Int:
        if (!node.is_integer()) return wrong_type();
        return check_integer(spec, *node.value<std::int64_t>(), where);
      case ValueType::Duration:
      case ValueType::Size:
        if (node.is_integer()) return check_integer(spec, *node.value<std::int64_t>(), where);
        [[fallthrough]];
      default:
        if (!node.is_string()) return wrong_type();
        return check_text(spec, *node.value<std::string>(), where);
    }
  }

  fs::path file_;
  fs::path base_dir_;
  std::vector<Setting> settings_;
};

}  // namespace

Result<std::vector<Setting>> read_toml_layer(std::string_view content, const fs::path& file, const fs::path& base_dir) {
  toml::table root;
  try {
    root = toml::parse(content, file.string());
  } catch (const toml::parse_error& e) {
    // toml++ reports the exact position of the first syntax error.
    return fail(ErrorKind::Config, "invalid TOML: " + std::string(e.description()), at(file, e.source()),
                "fix the TOML syntax there; the format is described at https://toml.io");
  }
  return LayerReader(file, base_dir).read(root);
}

}  // namespace hookagent::config
