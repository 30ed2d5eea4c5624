#include "scan/gitleaks_ignore.hpp"

#include <cctype>

#include "scan/fingerprint.hpp"

namespace hookagent::scan {

namespace {

bool is_commit_id(std::string_view s) {
  if (s.size() < 7 || s.size() > 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

Result<GitleaksIgnore> GitleaksIgnore::load(const std::filesystem::path& file) {
  auto lines = read_list_file(file);
  if (!lines) return std::unexpected(lines.error());
  GitleaksIgnore list;
  for (const std::string& s : *lines) {
    auto last = s.rfind(':');
    if (last == std::string::npos) continue;
    auto before = s.rfind(':', last - 1);
    if (before == std::string::npos || last == 0) continue;
    Entry e;
    try {
      e.line = std::stoi(s.substr(last + 1));
    } catch (...) {
      continue;  // not a gitleaks fingerprint
    }
    e.rule = s.substr(before + 1, last - before - 1);
    std::string head = s.substr(0, before);
    auto first = head.find(':');
    if (first != std::string::npos && is_commit_id(head.substr(0, first))) {
      e.commit = head.substr(0, first);
      head = head.substr(first + 1);
    }
    e.file = std::move(head);
    list.entries_.push_back(std::move(e));
  }
  return list;
}

bool GitleaksIgnore::matches(const Finding& f) const {
  for (const auto& e : entries_) {
    if (e.line != f.line || e.rule != f.rule_id || e.file != f.file) continue;
    if (e.commit.empty() || (!f.commit.empty() && f.commit.starts_with(e.commit))) return true;
  }
  return false;
}

}  // namespace hookagent::scan
