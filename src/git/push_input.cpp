#include "git/push_input.hpp"

#include <sstream>

namespace hookagent {

bool is_zero_id(std::string_view hex) {
  if (hex.empty()) return true;
  for (char c : hex)
    if (c != '0') return false;
  return true;
}

bool is_hex_id(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

namespace {

// Splits `text` into lines of exactly `n` space-separated fields; the last
// field takes the rest of the line (ref names cannot contain spaces, but be lenient).
Result<std::vector<std::vector<std::string>>> split_lines(std::string_view text, size_t n,
                                                          const char* shape) {
  std::vector<std::vector<std::string>> out;
  std::stringstream ss{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(ss, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    size_t pos = 0;
    while (fields.size() + 1 < n) {
      auto sp = line.find(' ', pos);
      if (sp == std::string::npos) break;
      fields.push_back(line.substr(pos, sp - pos));
      pos = sp + 1;
    }
    fields.push_back(line.substr(pos));
    if (fields.size() != n)
      return fail(ErrorKind::Usage, "malformed ref line: \"" + line + "\"", "stdin:" + std::to_string(number),
                  std::string("git writes lines of the form \"") + shape + "\"");
    out.push_back(std::move(fields));
  }
  return out;
}

Status check_id(const std::string& id, int line) {
  if (is_hex_id(id)) return ok();
  return fail(ErrorKind::Usage, "not an object id: \"" + id + "\"", "stdin:" + std::to_string(line),
              "ids on hook stdin are full hex object ids");
}

}  // namespace

Result<std::vector<PushRefUpdate>> parse_pre_push_lines(std::string_view text) {
  auto lines = split_lines(text, 4, "<local ref> <local sha> <remote ref> <remote sha>");
  if (!lines) return std::unexpected(lines.error());
  std::vector<PushRefUpdate> out;
  int n = 0;
  for (auto& f : *lines) {
    ++n;
    for (auto* id : {&f[1], &f[3]})
      if (auto st = check_id(*id, n); !st) return std::unexpected(st.error());
    out.push_back({f[0], f[1], f[2], f[3]});
  }
  return out;
}

Result<std::vector<ReceiveRefUpdate>> parse_pre_receive_lines(std::string_view text) {
  auto lines = split_lines(text, 3, "<old sha> <new sha> <ref name>");
  if (!lines) return std::unexpected(lines.error());
  std::vector<ReceiveRefUpdate> out;
  int n = 0;
  for (auto& f : *lines) {
    ++n;
    for (auto* id : {&f[0], &f[1]})
      if (auto st = check_id(*id, n); !st) return std::unexpected(st.error());
    out.push_back({f[0], f[1], f[2]});
  }
  return out;
}

}  // namespace hookagent
