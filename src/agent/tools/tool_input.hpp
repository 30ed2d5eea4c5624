#pragma once
// Small helpers for reading a tool's JSON input: the model may send wrong
// types or leave fields out, and each problem must become a readable error.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hookagent::agent {

// The first present string field among `names` (Claude Code calls it
// file_path, other models say path).
inline std::optional<std::string> string_field(const nlohmann::json& in, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = in.find(n);
    if (it != in.end() && it->is_string()) return it->get<std::string>();
  }
  return std::nullopt;
}

inline std::optional<long long> int_field(const nlohmann::json& in, const char* name) {
  auto it = in.find(name);
  if (it == in.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_number_float()) return static_cast<long long>(it->get<double>());
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (...) {
    }
  }
  return std::nullopt;
}

inline bool bool_field(const nlohmann::json& in, const char* name) {
  auto it = in.find(name);
  return it != in.end() && it->is_boolean() && it->get<bool>();
}

// Cuts `text` to `cap` bytes on a line boundary, saying how much was left out.
inline std::string cap_output(std::string text, size_t cap) {
  if (text.size() <= cap) return text;
  size_t cut = text.rfind('\n', cap);
  if (cut == std::string::npos || cut < cap / 2) cut = cap;
  size_t dropped = text.size() - cut;
  text.resize(cut);
  text += "\n[output truncated: " + std::to_string(dropped) + " more bytes]";
  return text;
}

}  // namespace hookagent::agent
