#pragma once
// Encoders for test data: secrets hidden the way an attacker would hide them
// (the redactor must find them decoded).
#include <cstdint>
#include <string>
#include <string_view>

namespace hookagent::test {

inline std::string base64(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += t[(n >> 18) & 63];
    out += t[(n >> 12) & 63];
    out += i + 1 < in.size() ? t[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? t[n & 63] : '=';
  }
  return out;
}

inline std::string hex(std::string_view in) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) out += d[c >> 4], out += d[c & 15];
  return out;
}

}  // namespace hookagent::test
