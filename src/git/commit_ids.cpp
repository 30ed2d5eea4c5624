#include "git/commit_ids.hpp"

#include <git2.h>

#include <cstring>

#include "git/git_error.hpp"

namespace hookagent {

static_assert(std::tuple_size_v<CommitIds::Raw> == GIT_OID_RAWSZ);

bool CommitIds::push_back_hex(std::string_view hex) {
  git_oid oid;
  if (!gitx::parse_hex(std::string(hex), &oid)) return false;
  push_back(oid.id);
  return true;
}

void CommitIds::push_back(const unsigned char* raw20) {
  Raw raw;
  std::memcpy(raw.data(), raw20, raw.size());
  ids_.push_back(raw);
}

std::string CommitIds::operator[](std::size_t i) const {
  git_oid oid;
  std::memcpy(oid.id, ids_[i].data(), ids_[i].size());
  return gitx::to_hex(oid);
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
