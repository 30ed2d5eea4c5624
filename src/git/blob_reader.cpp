// Reading staged and committed content by blob id (never from the work tree).
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "git/blob_stream.hpp"
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

struct BlobStream::State {
  gitx::Odb odb;
  git_odb_stream* stream = nullptr;  // a loose object, inflated as read
  gitx::OdbObject whole;             // else the object, read once
  std::size_t at = 0;
  bool failed = false;
  explicit State(gitx::Odb o) : odb(std::move(o)) {}
  ~State() {
    if (stream) git_odb_stream_free(stream);
  }
};

BlobStream::BlobStream(std::unique_ptr<State> s) : s_(std::move(s)) {}
BlobStream::BlobStream(BlobStream&&) noexcept = default;
BlobStream& BlobStream::operator=(BlobStream&&) noexcept = default;
BlobStream::~BlobStream() = default;

Result<BlobStream> BlobStream::open(const Repository& repo, const std::string& id) {
  git_oid oid;
  if (auto st = parse_id(id, &oid); !st) return std::unexpected(st.error());
  auto odb = odb_of(repo.raw());
  if (!odb) return std::unexpected(odb.error());
  auto state = std::make_unique<State>(std::move(*odb));
  std::size_t len = 0;
  git_object_t type;
  if (git_odb_open_rstream(&state->stream, &len, &type, state->odb.get(), &oid) == 0)
    return BlobStream(std::move(state));
  state->stream = nullptr;
  git_error_clear();
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, state->odb.get(), &oid) < 0) return gitx::fail_git("cannot read blob", id);
  state->whole = gitx::OdbObject(raw);
  return BlobStream(std::move(state));
}

bool BlobStream::whole() const { return s_->whole.get() != nullptr; }

long BlobStream::read(char* p, std::size_t n) {
  if (s_->failed) return -1;
  if (s_->whole.get()) {
    const std::size_t size = git_odb_object_size(s_->whole.get());
    const std::size_t take = std::min(n, size - s_->at);
    std::memcpy(p, static_cast<const char*>(git_odb_object_data(s_->whole.get())) + s_->at, take);
    s_->at += take;
    return static_cast<long>(take);
  }
  std::size_t got = 0;
  while (got < n) {  // the loose stream may return less than asked before its end
    int r = git_odb_stream_read(s_->stream, p + got, std::min<std::size_t>(n - got, 1u << 30));
    if (r < 0) {
      s_->failed = true;
      errno = EIO;
      return -1;
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return static_cast<long>(got);
}

}  // namespace hookagent
