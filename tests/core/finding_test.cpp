#include <catch2/catch.hpp>

#include "report/finding.hpp"

using namespace hookagent;

TEST_CASE("severities parse in any case and order by weight") {
  CHECK(parse_severity("HIGH") == Severity::High);
  CHECK(parse_severity("critical") == Severity::Critical);
  CHECK_FALSE(parse_severity("severe").has_value());
  Finding f;
  f.severity = Severity::Medium;
  CHECK(at_or_above(f, Severity::Low));
  CHECK(at_or_above(f, Severity::Medium));
  CHECK_FALSE(at_or_above(f, Severity::High));
}
