#include "config/schema.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "report/finding.hpp"

namespace hookagent::config {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Edit distance where '-' and '_' are the same letter: allowed_tools vs allowed-tools is 0.
std::size_t distance(std::string_view a, std::string_view b) {
  auto same = [](char x, char y) {
    auto norm = [](char c) { return c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    return norm(x) == norm(y);
  };
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
  return out;
}

std::vector<std::string> split_choices(std::string_view choices) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= choices.size()) {
    auto bar = choices.find('|', start);
    if (bar == std::string_view::npos) bar = choices.size();
    out.emplace_back(choices.substr(start, bar - start));
    start = bar + 1;
  }
  return out;
}

Result<std::int64_t> parse_duration(std::string_view text, const std::string& where) {
  const std::string hint = "write a number with a unit: \"90s\", \"2m\", \"1h30m\" (or an integer number of seconds)";
  std::string s = lower(trim(text));
  if (s.empty()) return fail(ErrorKind::Config, "empty duration", where, hint);
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), n);
    if (ec != std::errc{} || end == s.data() + i)
      return fail(ErrorKind::Config, "bad duration \"" + std::string(text) + "\"", where, hint);
    i = static_cast<std::size_t>(end - s.data());
    if (i == s.size()) {
      if (total != 0) return fail(ErrorKind::Config, "bad duration \"" + std::string(text) + "\": missing unit", where, hint);
      total = n;  // a bare number means seconds
      break;
    }
    char unit = s[i++];
    if (unit == 's') total += n;
    else if (unit == 'm') total += n * 60;
    else if (unit == 'h') total += n * 3600;
    else return fail(ErrorKind::Config, "bad duration \"" + std::string(text) + "\": unknown unit '" + unit + "'", where, hint);
  }
  if (total <= 0) return fail(ErrorKind::Config, "duration \"" + std::string(text) + "\" must be more than zero", where, hint);
  return total;
}

Result<std::int64_t> parse_size(std::string_view text, const std::string& where) {
  const std::string hint = "write bytes as an integer, or a size such as \"512KB\", \"10MB\", \"1GB\"";
  std::string s = lower(trim(text));
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end == s.data() || n < 0)
    return fail(ErrorKind::Config, "bad size \"" + std::string(text) + "\"", where, hint);
  std::string unit = trim(std::string_view(end, static_cast<std::size_t>(s.data() + s.size() - end)));
  if (unit.empty() || unit == "b") return n;
  if (unit == "k" || unit == "kb" || unit == "kib") return n << 10;
  if (unit == "m" || unit == "mb" || unit == "mib") return n << 20;
  if (unit == "g" || unit == "gb" || unit == "gib") return n << 30;
  return fail(ErrorKind::Config, "bad size \"" + std::string(text) + "\": unknown unit \"" + unit + "\"", where, hint);
}

}  // namespace

const std::vector<KeySpec>& keys_of(Section section) {
  static const std::vector<KeySpec> provider{
      {"kind", ValueType::Enum, "anthropic|openai|command|none"},
      {"model", ValueType::String, {}},
      {"api_key_env", ValueType::String, {}},
      {"base_url", ValueType::String, {}},
      {"command", ValueType::StringList, {}},
      {"max_turns", ValueType::Int, {}},
      {"max_tokens", ValueType::Int, {}},
      {"budget_usd", ValueType::Number, {}},
  };
  static const std::vector<KeySpec> hook{
      {"enabled", ValueType::Bool, {}},
      {"skills", ValueType::StringList, {}},
      {"agent", ValueType::Enum, "auto|always|never"},
      {"block_on", ValueType::BlockOn, {}},
      {"allowed-tools", ValueType::StringList, {}},
      {"denied-tools", ValueType::StringList, {}},
      {"timeout", ValueType::Duration, {}},
      {"on_error", ValueType::Enum, "allow|block"},
      {"background", ValueType::Bool, {}},
      {"provider", ValueType::String, {}},
      {"verify_findings", ValueType::Bool, {}},
      {"inline_allow", ValueType::Bool, {}},
  };
  static const std::vector<KeySpec> scan{
      {"packs", ValueType::StringList, {}},
      {"gitleaks_config", ValueType::String, {}},
      {"exclude_paths", ValueType::StringList, {}},
      {"max_file_size", ValueType::Size, {}},
      {"context", ValueType::Enum, "aware|strict"},
      {"context_paths", ValueType::StringList, {}},
      {"block_confidence", ValueType::Enum, "high|medium|low"},
  };
  static const std::vector<KeySpec> skills{
      {"paths", ValueType::StringList, {}},
  };
  switch (section) {
    case Section::Provider: return provider;
    case Section::Hook: return hook;
    case Section::Scan: return scan;
    case Section::Skills: return skills;
  }
  return skills;
}

const KeySpec* find_key(Section section, std::string_view name) {
  for (auto& k : keys_of(section))
    if (k.name == name) return &k;
  return nullptr;
}

std::vector<std::string> key_names(Section section) {
  std::vector<std::string> out;
  for (auto& k : keys_of(section)) out.emplace_back(k.name);
  return out;
}

std::string_view section_title(Section section) {
  switch (section) {
    case Section::Provider: return "[provider]";
    case Section::Hook: return "[hooks.<hook>]";
    case Section::Scan: return "[scan]";
    case Section::Skills: return "[skills]";
  }
  return "";
}

const std::vector<std::string>& hook_names() {
  static const std::vector<std::string> names{"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit",
                                              "post-merge", "post-rewrite",       "pre-push",   "pre-receive"};
  return names;
}

bool is_hook_name(std::string_view name) {
  auto& names = hook_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string suggest(std::string_view wrong, const std::vector<std::string>& candidates, std::string_view what) {
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (auto& c : candidates) {
    std::size_t d = distance(wrong, c);
    if (!best || d < best_distance) {
      best = &c;
      best_distance = d;
    }
  }
  // A near miss: at most two edits, and fewer than half the letters of the word.
  if (best && best_distance <= 2 && best_distance * 2 < std::max<std::size_t>(wrong.size(), 2))
    return "did you mean '" + *best + "'?";
  return "valid " + std::string(what) + ": " + join(candidates, ", ");
}

std::string type_hint(const KeySpec& spec) {
  std::string k(spec.name);
  switch (spec.type) {
    case ValueType::String: return k + " takes a string, e.g. " + k + " = \"...\"";
    case ValueType::StringList: return k + " takes a list of strings, e.g. " + k + " = [\"a\", \"b\"]";
    case ValueType::Bool: return k + " takes true or false";
    case ValueType::Int: return k + " takes a positive integer, e.g. " + k + " = 20";
    case ValueType::Number: return k + " takes a number, e.g. " + k + " = 0.5";
    case ValueType::Duration: return k + " takes a duration string, e.g. " + k + " = \"60s\" or \"2m\"";
    case ValueType::Size: return k + " takes bytes or a size string, e.g. " + k + " = \"10MB\"";
    case ValueType::Enum: return k + " takes one of: " + join(split_choices(spec.choices), ", ");
    case ValueType::BlockOn: return k + " takes one of: critical, high, medium, low, never";
  }
  return k;
}

Result<SettingValue> check_text(const KeySpec& spec, std::string_view text, const std::string& where) {
  switch (spec.type) {
    case ValueType::String: return SettingValue{std::string(text)};
    case ValueType::Duration:
    case ValueType::Size: {
      auto v = spec.type == ValueType::Duration ? parse_duration(text, where) : parse_size(text, where);
      if (!v) return std::unexpected(v.error());
      return SettingValue{*v};
    }
    case ValueType::Enum: {
      auto choices = split_choices(spec.choices);
      std::string v = lower(trim(text));
      if (std::find(choices.begin(), choices.end(), v) != choices.end()) return SettingValue{v};
      return fail(ErrorKind::Config, "bad value \"" + std::string(text) + "\" for " + std::string(spec.name), where,
                  type_hint(spec));
    }
    case ValueType::BlockOn: {
      std::string v = lower(trim(text));
      if (v == "never") return SettingValue{v};
      if (auto sev = parse_severity(v)) return SettingValue{std::string(to_string(*sev))};
      return fail(ErrorKind::Config, "bad severity \"" + std::string(text) + "\" for block_on", where,
                  type_hint(spec));
    }
    default:
      return fail(ErrorKind::Config, std::string(spec.name) + " has the wrong type", where, type_hint(spec));
  }
}

Result<SettingValue> check_integer(const KeySpec& spec, std::int64_t value, const std::string& where) {
  switch (spec.type) {
    case ValueType::Int:
      if (value > 0) return SettingValue{value};
      return fail(ErrorKind::Config, std::string(spec.name) + " must be more than zero", where, type_hint(spec));
    case ValueType::Number:
      if (value >= 0) return SettingValue{static_cast<double>(value)};
      return fail(ErrorKind::Config, std::string(spec.name) + " must not be negative", where, type_hint(spec));
    case ValueType::Duration:
      if (value > 0) return SettingValue{value};
      return fail(ErrorKind::Config, "duration must be more than zero", where, type_hint(spec));
    case ValueType::Size:
      if (value >= 0) return SettingValue{value};
      return fail(ErrorKind::Config, "size must not be negative", where, type_hint(spec));
    default:
      return fail(ErrorKind::Config, std::string(spec.name) + " has the wrong type (an integer)", where,
                  type_hint(spec));
  }
}

Result<SettingValue> parse_text_value(const KeySpec& spec, std::string_view text, const std::string& where,
                                      char list_separator) {
  switch (spec.type) {
    case ValueType::StringList: {
      std::vector<std::string> items;
      std::size_t start = 0;
      while (start <= text.size()) {
        auto sep = text.find(list_separator, start);
        if (sep == std::string_view::npos) sep = text.size();
        if (auto item = trim(text.substr(start, sep - start)); !item.empty()) items.push_back(item);
        start = sep + 1;
      }
      return SettingValue{items};
    }
    case ValueType::Bool: {
      std::string v = lower(trim(text));
      if (v == "true" || v == "1" || v == "yes" || v == "on") return SettingValue{true};
      if (v == "false" || v == "0" || v == "no" || v == "off") return SettingValue{false};
      return fail(ErrorKind::Config, "bad boolean \"" + std::string(text) + "\"", where, type_hint(spec));
    }
    case ValueType::Int:
    case ValueType::Number: {
      std::string v = trim(text);
      double d = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      if (ec != std::errc{} || end != v.data() + v.size())
        return fail(ErrorKind::Config, "bad number \"" + std::string(text) + "\"", where, type_hint(spec));
      if (spec.type == ValueType::Number) {
        if (d < 0) return fail(ErrorKind::Config, "bad number \"" + v + "\"", where, type_hint(spec));
        return SettingValue{d};
      }
      return check_integer(spec, static_cast<std::int64_t>(d), where);
    }
    default:
      return check_text(spec, text, where);
  }
}

Result<std::vector<KeyRef>> resolve_dotted_key(std::string_view dotted, const std::string& where) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    auto dot = dotted.find('.', start);
    if (dot == std::string_view::npos) dot = dotted.size();
    parts.emplace_back(dotted.substr(start, dot - start));
    start = dot + 1;
  }
  auto unknown_key = [&](Section s, const std::string& key) -> Result<std::vector<KeyRef>> {
    return fail(ErrorKind::Usage, "unknown config key '" + std::string(dotted) + "'", where,
                suggest(key, key_names(s), "keys in " + std::string(section_title(s))));
  };
  const std::string head = parts[0];
  if ((head == "provider" && parts.size() == 2) || (head == "providers" && parts.size() == 3)) {
    const std::string& key = parts.back();
    const KeySpec* spec = find_key(Section::Provider, key);
    if (!spec) return unknown_key(Section::Provider, key);
    std::string name = head == "provider" ? "default" : parts[1];
    return std::vector<KeyRef>{{"providers." + name + "." + key, spec}};
  }
  if (head == "hooks" && parts.size() == 3) {
    const KeySpec* spec = find_key(Section::Hook, parts[2]);
    if (!spec) return unknown_key(Section::Hook, parts[2]);
    std::vector<KeyRef> refs;
    if (parts[1] == "*") {
      for (auto& h : hook_names()) refs.push_back({"hooks." + h + "." + parts[2], spec});
      return refs;
    }
    if (!is_hook_name(parts[1]))
      return fail(ErrorKind::Usage, "unknown hook '" + parts[1] + "' in '" + std::string(dotted) + "'", where,
                  suggest(parts[1], hook_names(), "hooks"));
    return std::vector<KeyRef>{{"hooks." + parts[1] + "." + parts[2], spec}};
  }
  if ((head == "scan" || head == "skills") && parts.size() == 2) {
    Section s = head == "scan" ? Section::Scan : Section::Skills;
    const KeySpec* spec = find_key(s, parts[1]);
    if (!spec) return unknown_key(s, parts[1]);
    return std::vector<KeyRef>{{head + "." + parts[1], spec}};
  }
  return fail(ErrorKind::Usage, "unknown config key '" + std::string(dotted) + "'", where,
              "write provider.<key>, providers.<name>.<key>, hooks.<hook>.<key> (or hooks.*.<key>), scan.<key> "
              "or skills.paths");
}

}  // namespace hookagent::config
