#pragma once
// SHA-256 (FIPS 180-4), small and dependency-free so that the light hook path can
// hash a config file without loading a crypto library.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hookagent {

std::array<std::uint8_t, 32> sha256(std::string_view data);
// Lower-case hex of sha256(data).
std::string sha256_hex(std::string_view data);

}  // namespace hookagent
