#include "git/commit_ids.hpp"

#include <cstring>

namespace hookagent {
namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool CommitIds::push_back_hex(std::string_view hex) {
  if (hex.size() != 40) return false;
  Raw raw{};
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    raw[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  ids_.push_back(raw);
  return true;
}

void CommitIds::push_back(const unsigned char* raw20) {
  Raw raw;
  std::memcpy(raw.data(), raw20, raw.size());
  ids_.push_back(raw);
}

std::string CommitIds::operator[](std::size_t i) const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(40, '0');
  for (std::size_t k = 0; k < 20; ++k) {
    hex[2 * k] = kDigits[ids_[i][k] >> 4];
    hex[2 * k + 1] = kDigits[ids_[i][k] & 15];
  }
  return hex;
}

std::vector<std::string> CommitIds::to_hex() const {
  std::vector<std::string> out;
  out.reserve(ids_.size());
  for (std::size_t i = 0; i < ids_.size(); ++i) out.push_back((*this)[i]);
  return out;
}

CommitIds commit_ids_from_hex(const std::vector<std::string>& hex, std::vector<std::string>* rejected) {
  CommitIds out;
  for (const auto& h : hex)
    if (!out.push_back_hex(h) && rejected) rejected->push_back(h);
  return out;
}

}  // namespace hookagent
