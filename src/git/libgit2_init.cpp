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

}  // namespace

void start_libgit2_init() {
  init_thread() = std::thread([] { git_libgit2_init(); });
}

void wait_libgit2_init() {
  std::call_once(ready, [] {
    if (init_thread().joinable()) init_thread().join();
    else git_libgit2_init();
  });
}

void shutdown_libgit2() {
  wait_libgit2_init();
  git_libgit2_shutdown();
}

}  // namespace hookagent::gitx
