#include "scan/fingerprint.hpp"

#include <cstdio>
#include <fstream>

namespace hookagent::scan {

std::string make_fingerprint(std::string_view rule_id, std::string_view file, std::string_view secret) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a offset basis
  for (unsigned char c : secret) {
    h ^= c;
    h *= 0x100000001b3ull;  // FNV prime
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  std::string out;
  out.reserve(file.size() + rule_id.size() + 18);
  out.append(file).append(":").append(rule_id).append(":").append(hex);
  return out;
}

Result<std::vector<std::string>> read_list_file(const std::filesystem::path& file) {
  std::vector<std::string> entries;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return entries;
  std::ifstream in(file);
  if (!in) return fail(ErrorKind::Io, "cannot read ignore file", file.string(), "check its permissions");
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
    std::size_t start = line.find_first_not_of(" \t");
    if (start != std::string::npos) entries.push_back(line.substr(start));
  }
  return entries;
}

Result<IgnoreList> IgnoreList::load(const std::filesystem::path& file) {
  auto entries = read_list_file(file);
  if (!entries) return std::unexpected(entries.error());
  IgnoreList list;
  for (auto& e : *entries) list.entries_.insert(std::move(e));
  return list;
}

}  // namespace hookagent::scan
