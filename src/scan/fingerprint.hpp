#pragma once
// Finding fingerprints and the .hookagentignore file.
//
// A fingerprint is `<file>:<rule-id>:<16 hex digits>`, where the digits are a
// 64-bit FNV-1a hash of the secret (or, for code rules, of the matched text).
// The line number is deliberately left out so a suppression survives lines
// being added above it; the secret itself is never written, only its hash.
// The same secret in the same file under the same rule is one fingerprint.
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"

namespace hookagent::scan {

std::string make_fingerprint(std::string_view rule_id, std::string_view file, std::string_view secret);

// `.hookagentignore`: one fingerprint per line; `#` starts a comment; blank
// lines are ignored. A missing file is an empty list.
// The entries of a list file (.hookagentignore, .gitleaksignore): `#` starts
// a comment, surrounding blanks are dropped, empty lines skipped. A missing
// file is an empty list.
Result<std::vector<std::string>> read_list_file(const std::filesystem::path& file);

class IgnoreList {
 public:
  static Result<IgnoreList> load(const std::filesystem::path& file);
  bool contains(const std::string& fingerprint) const { return entries_.count(fingerprint) > 0; }
  std::size_t size() const { return entries_.size(); }
  void add(std::string fingerprint) { entries_.insert(std::move(fingerprint)); }

 private:
  std::unordered_set<std::string> entries_;
};

}  // namespace hookagent::scan
