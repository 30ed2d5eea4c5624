#include "git/libgit2_init.hpp"

#include <dlfcn.h>
#include <git2.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace hookagent::gitx {
namespace {

std::thread& init_thread() {
  static std::thread t;
  return t;
}
std::once_flag ready;
std::atomic<bool> initialised{false};

// True only while git_libgit2_init() runs: the window in which libgit2 loads
// its compiled-in default CA bundle.
std::atomic<bool> in_global_init{false};
std::atomic<bool> skipped_default_bundle{false};

void init_and_tune() {
  in_global_init = true;
  git_libgit2_init();
  in_global_init = false;
  // A scan reads each staged blob twice (diff, then content): cache blobs up
  // to 4 MB (libgit2 caches none by default) so the second read is free.
  git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(4u << 20));
  // Re-hashing every object read (libgit2's default, not git's) cost ~6% of a
  // staged scan; `git fsck` is the tool that checks object ids.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  // A history scan must not grow with the number of commits: libgit2 would
  // cache up to 256 MB of objects and map up to 8 GB of packs. 16 MB of cache
  // scans a 10,000-commit history about 5% slower than 256 did, at 92 MB peak against 150.
  git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(16) << 20);
  git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, static_cast<size_t>(32) << 20);
  git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<size_t>(128) << 20);
}

template <typename Fn>
Fn next_definition(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

}  // namespace

void start_libgit2_init() {
  // A child of the warm server finds libgit2 set up already (and its once_flag spent).
  if (initialised) return;
  init_thread() = std::thread(init_and_tune);
}

void wait_libgit2_init() {
  std::call_once(ready, [] {
    if (init_thread().joinable()) init_thread().join();
    else init_and_tune();
    initialised = true;
  });
}

void shutdown_libgit2() {
  wait_libgit2_init();
  git_libgit2_shutdown();
}

bool default_ca_bundle_skipped() { return skipped_default_bundle; }

}  // namespace hookagent::gitx

// Debian's libgit2 is built against mbedTLS and parses the whole system CA
// bundle inside git_libgit2_init(): ~150 certificates, 3-4 ms of CPU in every
// process, the largest single cost of a small pre-commit scan. hookagent never
// speaks TLS through libgit2 (LLM requests go through libcurl/OpenSSL), so the
// two loaders libgit2 calls are interposed here: during global init they load
// nothing, which leaves libgit2 with no trusted CA (a TLS connection through it
// would fail verification, never pass unchecked); at any other time, e.g. an
// explicit GIT_OPT_SET_SSL_CERT_LOCATIONS, they forward to mbedTLS.
// The executable's definitions win: a static libgit2 is linked to them, a
// shared one finds them first in the dynamic lookup order.
struct mbedtls_x509_crt;

namespace {

using CertLoader = int (*)(mbedtls_x509_crt*, const char*);

int skip_in_init_else_forward(const char* name, std::atomic<CertLoader>& real, mbedtls_x509_crt* chain,
                              const char* path) {
  if (hookagent::gitx::in_global_init) {
    hookagent::gitx::skipped_default_bundle = true;
    return 0;
  }
  CertLoader loader = real.load();
  if (!loader) real = loader = hookagent::gitx::next_definition<CertLoader>(name);
  return loader ? loader(chain, path) : -1;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int mbedtls_x509_crt_parse_file(mbedtls_x509_crt* chain,
                                                                                  const char* path) {
  static std::atomic<CertLoader> real{nullptr};
  return skip_in_init_else_forward("mbedtls_x509_crt_parse_file", real, chain, path);
}

extern "C" __attribute__((visibility("default"))) int mbedtls_x509_crt_parse_path(mbedtls_x509_crt* chain,
                                                                                  const char* path) {
  static std::atomic<CertLoader> real{nullptr};
  return skip_in_init_else_forward("mbedtls_x509_crt_parse_path", real, chain, path);
}
