#pragma once
// libgit2's global set-up, off the critical path. Debian's libgit2 (mbedTLS)
// parses the whole system CA bundle in git_libgit2_init(), about 4 ms of every
// process start and a sixth of a small pre-commit scan, although hooks never
// speak TLS. main() starts it on a thread while config and rules load; every
// path into libgit2 (Repository::open) waits for it first.
namespace hookagent::gitx {

// Once, from main(), before any other thread exists.
void start_libgit2_init();
// Returns once libgit2 is initialised (initialises it here when
// start_libgit2_init() was never called, as in tests). Thread-safe.
void wait_libgit2_init();
// From main() on the way out.
void shutdown_libgit2();

}  // namespace hookagent::gitx
