#pragma once
// A list of commit ids held as their 20 raw bytes. A history scan keeps every
// commit it will scan; as hex strings that was ~95 bytes a commit (a 41-byte
// heap block and the string beside it), as raw ids it is 20.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hookagent {

class CommitIds {
 public:
  using Raw = std::array<unsigned char, 20>;

  CommitIds() = default;
  // Full 40-digit hex ids; false (and nothing added) for anything else.
  bool push_back_hex(std::string_view hex);
  void push_back(const unsigned char* raw20);
  void push_back(const Raw& raw) { ids_.push_back(raw); }
  // Walks list newest first and reverse here: libgit2's GIT_SORT_REVERSE
  // keeps a second list of every commit (32 bytes each) to do the same.
  void reverse() { std::reverse(ids_.begin(), ids_.end()); }

  std::size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  const Raw& raw(std::size_t i) const { return ids_[i]; }
  // The id as 40 lowercase hex digits.
  std::string operator[](std::size_t i) const;
  std::vector<std::string> to_hex() const;

 private:
  std::vector<Raw> ids_;
};

// Full hex ids (as git prints them) into a CommitIds; an id that is not 40 hex
// digits is left out and its text returned in `rejected` when given.
CommitIds commit_ids_from_hex(const std::vector<std::string>& hex, std::vector<std::string>* rejected = nullptr);

}  // namespace hookagent
