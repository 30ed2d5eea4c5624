// libgit2's start-up skips the system CA bundle (hookagent never speaks TLS
// through libgit2) without breaking an explicit certificate setting.
#include <git2.h>

#include <filesystem>

#include <catch2/catch.hpp>

#include "git/libgit2_init.hpp"

using hookagent::gitx::default_ca_bundle_skipped;
using hookagent::gitx::wait_libgit2_init;

TEST_CASE("libgit2's global init is not given the system CA bundle") {
  wait_libgit2_init();
  // False when the interposed loaders are not the ones libgit2 calls (not
  // exported, or a libgit2 built without mbedTLS): then every process pays ~4 ms again.
  CHECK(default_ca_bundle_skipped());
}

TEST_CASE("an explicit certificate location still reaches mbedTLS") {
  wait_libgit2_init();
  // A file that does not exist: mbedTLS itself refuses it, so the call went through.
  CHECK(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, "/nonexistent/hookagent-ca.pem", nullptr) < 0);
  const char* bundle = "/etc/ssl/certs/ca-certificates.crt";
  if (std::filesystem::exists(bundle)) {
    CHECK(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, bundle, nullptr) == 0);
  }
}
