// Reading staged and committed content by blob id (never from the work tree).
#include "git/git_error.hpp"
#include "git/repository.hpp"

namespace hookagent {

namespace {

Result<gitx::Odb> odb_of(git_repository* repo) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) < 0) return gitx::fail_git("cannot open the object database");
  return gitx::Odb(raw);
}

Status parse_id(const std::string& hex, git_oid* oid) {
  if (gitx::parse_hex(hex, oid)) return ok();
  return fail(ErrorKind::Internal, "not a full object id: \"" + hex + "\"");
}

}  // namespace

Result<std::string> Repository::read_blob(const std::string& id) const {
  auto blob = gitx::lookup_blob(repo_, id);
  if (!blob) return std::unexpected(blob.error());
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob->get())),
                     static_cast<size_t>(git_blob_rawsize(blob->get())));
}

Result<uint64_t> Repository::blob_size(const std::string& id) const {
  git_oid oid;
  if (auto st = parse_id(id, &oid); !st) return std::unexpected(st.error());
  auto odb = odb_of(repo_);
  if (!odb) return std::unexpected(odb.error());
  size_t size = 0;
  git_object_t type;
  if (git_odb_read_header(&size, &type, odb->get(), &oid) < 0) return gitx::fail_git("cannot read blob", id);
  return uint64_t(size);
}

Status Repository::stream_blob(const std::string& id,
                               const std::function<bool(std::string_view)>& chunk) const {
  git_oid oid;
  if (auto st = parse_id(id, &oid); !st) return st;
  auto odb = odb_of(repo_);
  if (!odb) return std::unexpected(odb.error());
  git_odb_stream* stream = nullptr;
  size_t len = 0;
  git_object_t type;
  // libgit2 1.5 streams loose objects only; packed ones are read whole, once.
  if (git_odb_open_rstream(&stream, &len, &type, odb->get(), &oid) == 0) {
    std::string buf(1 << 20, '\0');
    int n;
    bool more = true;
    while (more && (n = git_odb_stream_read(stream, buf.data(), buf.size())) > 0)
      more = chunk(std::string_view(buf.data(), size_t(n)));
    git_odb_stream_free(stream);
    if (more && n < 0) return gitx::fail_git("cannot read blob", id);
    return ok();
  }
  git_error_clear();
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, odb->get(), &oid) < 0) return gitx::fail_git("cannot read blob", id);
  gitx::OdbObject obj(raw);
  chunk(std::string_view(static_cast<const char*>(git_odb_object_data(obj.get())), git_odb_object_size(obj.get())));
  return ok();
}

}  // namespace hookagent
