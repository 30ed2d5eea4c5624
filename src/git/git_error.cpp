#include "git/git_error.hpp"

namespace hookagent::gitx {

Error last_error(const std::string& what, const std::string& where, const std::string& hint) {
  const git_error* e = git_error_last();
  std::string detail = (e && e->message) ? e->message : "unknown libgit2 error";
  return Error{ErrorKind::Git, what + ": " + detail, where, hint};
}

std::string to_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

bool parse_hex(const std::string& hex, git_oid* out) {
  return hex.size() == GIT_OID_HEXSZ && git_oid_fromstrn(out, hex.data(), hex.size()) == 0;
}

Result<Blob> lookup_blob(git_repository* repo, const std::string& hex, const std::string& where) {
  git_oid oid;
  if (!parse_hex(hex, &oid)) return fail(ErrorKind::Internal, "not a full object id: \"" + hex + "\"", where);
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo, &oid) < 0) return fail_git("cannot read blob", where.empty() ? hex : where);
  return Blob(raw);
}

}  // namespace hookagent::gitx
