#include "git/libgit2_init.hpp"

#include <git2.h>

#include <mutex>
#include <thread>

namespace hookagent::gitx {
namespace {

std::thread& init_thread() {
  static std::thread t;
  return t;
}
std::once_flag ready;

void init_and_tune() {
  git_libgit2_init();
  // A scan reads each staged blob twice (diff, then content): cache blobs up
  // to 4 MB (libgit2 caches none by default) so the second read is free.
  git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(4u << 20));
  // Re-hashing every object read (libgit2's default, not git's) cost ~6% of a
  // staged scan; `git fsck` is the tool that checks object ids.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

}  // namespace

void start_libgit2_init() {
  init_thread() = std::thread(init_and_tune);
}

void wait_libgit2_init() {
  std::call_once(ready, [] {
    if (init_thread().joinable()) init_thread().join();
    else init_and_tune();
  });
}

void shutdown_libgit2() {
  wait_libgit2_init();
  git_libgit2_shutdown();
}

}  // namespace hookagent::gitx
