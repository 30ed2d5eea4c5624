#pragma once
// libgit2's global set-up, off the critical path. Debian's libgit2 (mbedTLS)
// parses the whole system CA bundle in git_libgit2_init(), about 4 ms of every
// process start, although hookagent never speaks TLS through libgit2: that load
// is skipped (libgit2_init.cpp). main() still starts the rest on a thread while
// config and rules load; every path into libgit2 (Repository::open) waits for it.
namespace hookagent::gitx {

// Once, from main(), before any other thread exists.
void start_libgit2_init();
// Returns once libgit2 is initialised (initialises it here when
// start_libgit2_init() was never called, as in tests). Thread-safe.
void wait_libgit2_init();
// From main() on the way out.
void shutdown_libgit2();
// True once libgit2's global init asked for its default CA bundle and was
// given none (see libgit2_init.cpp): the interposition is linked in and works.
bool default_ca_bundle_skipped();

}  // namespace hookagent::gitx
