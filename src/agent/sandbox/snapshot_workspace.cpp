#include "agent/sandbox/snapshot_workspace.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

namespace hookagent::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "hookagent-snap-";

// A sandboxed program may chmod its scratch files to 000 (Landlock does not
// govern chmod): give every directory back its owner's rights, then remove.
void remove_tree(const fs::path& root) {
  std::error_code ec;
  fs::remove_all(root, ec);
  if (!ec || !fs::exists(fs::symlink_status(root, ec))) return;
  std::vector<fs::path> dirs{root};
  while (!dirs.empty()) {
    fs::path d = dirs.back();
    dirs.pop_back();
    chmod(d.c_str(), 0700);
    for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec) && !it->is_symlink(ec)) dirs.push_back(it->path());
  }
  fs::remove_all(root, ec);
}

// A run killed before its destructor ran leaves its directory; its pid is in the name.
void remove_stale(const fs::path& temp) {
  std::error_code ec;
  for (fs::directory_iterator it(temp, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.starts_with(kPrefix)) continue;
    long pid = std::strtol(name.c_str() + kPrefix.size(), nullptr, 10);
    struct stat st {};
    if (pid <= 0 || lstat(it->path().c_str(), &st) != 0 || st.st_uid != geteuid()) continue;
    if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) remove_tree(it->path());
  }
}

// Git refuses `..`, `.` and `.git` components; a hostile index written by
// another tool may not, so they are checked again here.
bool safe_relative(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || part == ".git") return false;
    start = end + 1;
  }
  return true;
}

Status write_file(const fs::path& path, std::string_view content) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorKind::Io, std::strerror(errno), path.string());
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t k = write(fd, content.data() + done, content.size() - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      int e = errno;
      close(fd);
      return fail(ErrorKind::Io, std::strerror(e), path.string());
    }
    done += static_cast<std::size_t>(k);
  }
  if (close(fd) != 0) return fail(ErrorKind::Io, std::strerror(errno), path.string());
  return ok();
}

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  unsigned long long n = std::strtoull(v, &end, 10);
  return end && *end == '\0' && n > 0 ? n : fallback;
}

}  // namespace

WorkspaceLimits WorkspaceLimits::from_env() {
  WorkspaceLimits l;
  l.max_files = env_number("HOOKAGENT_SNAPSHOT_MAX_FILES", l.max_files);
  l.max_bytes = env_number("HOOKAGENT_SNAPSHOT_MAX_BYTES", l.max_bytes);
  return l;
}

fs::path default_temp_dir() {
  const char* t = std::getenv("TMPDIR");
  return t && *t ? fs::path(t) : fs::path("/tmp");
}

Result<std::unique_ptr<SnapshotWorkspace>> SnapshotWorkspace::create(const Snapshot& snapshot,
                                                                       const WorkspaceLimits& limits,
                                                                       const fs::path& temp_dir) {
  const auto& files = snapshot.list_files();
  const std::string hint = "Bash and an agent CLI need the reviewed tree on disk; Read, Grep and Glob still work";
  if (files.size() > limits.max_files)
    return fail(ErrorKind::Io,
                "the tree has " + std::to_string(files.size()) + " files, more than the sandbox snapshot takes (" +
                    std::to_string(limits.max_files) + ")",
                snapshot.describe(), hint + "; raise HOOKAGENT_SNAPSHOT_MAX_FILES to allow it");
  fs::path temp = temp_dir.empty() ? default_temp_dir() : temp_dir;
  remove_stale(temp);
  std::string pattern = (temp / (std::string(kPrefix) + std::to_string(getpid()) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data()))
    return fail(ErrorKind::Io, std::string("cannot make the sandbox snapshot directory: ") + std::strerror(errno),
                temp.string(), "set TMPDIR to a writable directory");
  std::unique_ptr<SnapshotWorkspace> ws(new SnapshotWorkspace(pattern));
  std::error_code ec;
  fs::create_directory(ws->tree(), ec);
  if (!ec) fs::create_directory(ws->scratch(), ec);
  if (ec) return fail(ErrorKind::Io, "cannot make the sandbox snapshot: " + ec.message(), ws->root_.string());
  const unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  snapshot.prefetch(jobs, limits.max_bytes);
  // Directories first, in order; then the files on every core (writing 10,000
  // small files is syscall-bound). Reads go through one lock: a snapshot is
  // not thread-safe, and a prefetched one answers from memory.
  std::vector<const std::string*> todo;
  std::set<std::string> made_dirs;
  for (const auto& path : files) {
    if (!safe_relative(path)) continue;
    fs::path parent = (ws->tree() / path).parent_path();
    if (made_dirs.insert(parent.string()).second) fs::create_directories(parent, ec);
    if (ec) return fail(ErrorKind::Io, "cannot write the sandbox snapshot: " + ec.message(), parent.string(),
                        "free space in " + temp.string() + " or set TMPDIR to a larger disk");
    todo.push_back(&path);
  }
  std::mutex mu;
  std::atomic<std::size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::optional<Error> failure;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < todo.size();) {
      Result<std::string> content = std::string();
      {
        std::lock_guard lock(mu);
        if (failure) return;
        content = snapshot.read_file(*todo[i]);
      }
      Status st = content ? ok() : Status(std::unexpected(content.error()));
      if (st && (bytes += content->size()) > limits.max_bytes)
        st = fail(ErrorKind::Io,
                  "the tree is larger than the sandbox snapshot takes (" + std::to_string(limits.max_bytes) + " bytes)",
                  snapshot.describe(), hint + "; raise HOOKAGENT_SNAPSHOT_MAX_BYTES to allow it");
      if (st && limits.deadline && (i & 63) == 0 && std::chrono::steady_clock::now() > *limits.deadline)
        st = fail(ErrorKind::Io,
                  "writing the sandbox snapshot did not finish within the hook's timeout (" + std::to_string(i) +
                      " of " + std::to_string(files.size()) + " files)",
                  snapshot.describe(), "raise the hook's timeout, or set TMPDIR to a tmpfs");
      if (st) {
        if (auto w = write_file(ws->tree() / *todo[i], *content); !w)
          st = fail(ErrorKind::Io, "cannot write the sandbox snapshot: " + w.error().what, w.error().where,
                    "free space in " + temp.string() + " or set TMPDIR to a larger disk");
      }
      if (!st) {
        std::lock_guard lock(mu);
        if (!failure) failure = st.error();
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < jobs; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) return std::unexpected(*failure);
  return ws;
}

SnapshotWorkspace::~SnapshotWorkspace() { remove_tree(root_); }

Status SnapshotWorkspace::reset_scratch() const {
  remove_tree(scratch());
  std::error_code ec;
  fs::create_directory(scratch(), ec);
  if (ec) return fail(ErrorKind::Io, "cannot reset the sandbox scratch directory: " + ec.message(), scratch().string());
  return ok();
}

Result<const SnapshotWorkspace*> LazyWorkspace::get() {
  if (workspace_) return workspace_.get();
  if (error_) return std::unexpected(*error_);
  auto made = SnapshotWorkspace::create(snapshot_, limits_);
  if (!made) {
    error_ = made.error();
    return std::unexpected(*error_);
  }
  workspace_ = std::move(*made);
  return workspace_.get();
}

}  // namespace hookagent::agent
