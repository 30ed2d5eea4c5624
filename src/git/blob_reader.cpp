// Reading staged and committed content by blob id (never from the work tree).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

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
  int pipe_fd = -1;                  // a large packed one, from `git cat-file blob`
  pid_t child = -1;
  gitx::OdbObject whole;             // else the object, read once
  std::size_t at = 0;
  bool failed = false;
  explicit State(gitx::Odb o) : odb(std::move(o)) {}
  ~State() {
    if (stream) git_odb_stream_free(stream);
    if (pipe_fd >= 0) ::close(pipe_fd);  // a reader that stopped early: git ends on SIGPIPE
    if (child > 0) {
      int status = 0;
      while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
};

namespace {

// libgit2 1.5 reads a packed object whole. Above this size a packed blob is
// read through `git cat-file blob`, which streams an undeltified packed object
// (what `git add` writes for a file over core.bigFileThreshold); without git,
// or if it cannot start, the blob is read whole as before.
constexpr std::size_t kPipeAbove = 64u << 20;

bool spawn_cat_file(git_repository* repo, const std::string& id, int& fd, pid_t& pid) {
  const char* git_dir = git_repository_path(repo);
  if (!git_dir) return false;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  std::string dir_arg = std::string("--git-dir=") + git_dir;
  const char* argv[] = {"git", dir_arg.c_str(), "cat-file", "blob", id.c_str(), nullptr};
  const int err = posix_spawnp(&pid, "git", &actions, nullptr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (err != 0) {
    ::close(fds[0]);
    return false;
  }
  fd = fds[0];
  return true;
}

}  // namespace

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
  std::size_t size = 0;
  if (git_odb_read_header(&size, &type, state->odb.get(), &oid) == 0 && size > kPipeAbove &&
      spawn_cat_file(repo.raw(), id, state->pipe_fd, state->child))
    return BlobStream(std::move(state));
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
  if (s_->pipe_fd >= 0) {
    while (got < n) {
      ssize_t r = ::read(s_->pipe_fd, p + got, n - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        s_->failed = true;
        return -1;
      }
      if (r == 0) {  // the end: git must have written the whole blob
        if (s_->child <= 0) break;
        int status = 0;
        while (::waitpid(s_->child, &status, 0) < 0 && errno == EINTR) {
        }
        s_->child = -1;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
          s_->failed = true;
          errno = EIO;
          return -1;
        }
        break;
      }
      got += static_cast<std::size_t>(r);
    }
    return static_cast<long>(got);
  }
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
