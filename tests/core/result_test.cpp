#include <catch2/catch.hpp>

#include "core/exit_codes.hpp"
#include "core/result.hpp"

using namespace hookagent;

TEST_CASE("an error reads as where, what and hint on one line") {
  Error e{ErrorKind::Config, "unknown key 'blok_on'", ".hookagent.toml:3:1", "did you mean 'block_on'?"};
  CHECK(e.message() == ".hookagent.toml:3:1: unknown key 'blok_on' (did you mean 'block_on'?)");
  CHECK(exit_code_for(e) == 2);
}

TEST_CASE("provider and internal errors map to exit code 3") {
  CHECK(exit_code_for(Error{ErrorKind::Provider, "timeout", "", ""}) == 3);
  CHECK(exit_code_for(Error{ErrorKind::Internal, "bug", "", ""}) == 3);
}

TEST_CASE("fail() builds an unexpected Result") {
  Result<int> r = fail(ErrorKind::Usage, "bad flag");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::Usage);
  CHECK(r.error().message() == "bad flag");
}
