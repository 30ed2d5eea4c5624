#include "report/gitleaks_fields.hpp"

#include <string_view>

namespace hookagent {
namespace {

// Characters that end a token in source text: the mask's kept prefix never
// reaches past one of them (a fully masked secret sits right after a quote).
bool ends_token(char c) {
  constexpr std::string_view kDelimiters = " \t\"'`=:,;()[]{}<>";
  return kDelimiters.find(c) != std::string_view::npos;
}

}  // namespace

std::string gitleaks_fingerprint(const Finding& f) {
  std::string tail = f.file + ":" + f.rule_id + ":" + std::to_string(f.line);
  return f.commit.empty() ? tail : f.commit + ":" + tail;
}

std::string masked_secret(const Finding& f) {
  const std::string_view excerpt = f.excerpt;
  const auto stars = excerpt.find("****");
  if (stars == std::string_view::npos) return {};
  // scan::mask_secret keeps at most 4 characters (not bytes) before "****".
  std::size_t begin = stars;
  for (int chars = 0; chars < 4 && begin > 0;) {
    std::size_t prev = begin - 1;
    while (prev > 0 && (static_cast<unsigned char>(excerpt[prev]) & 0xC0) == 0x80) --prev;
    if (ends_token(excerpt[prev])) break;
    begin = prev;
    ++chars;
  }
  return std::string(excerpt.substr(begin, stars - begin)) + "****";
}

}  // namespace hookagent
