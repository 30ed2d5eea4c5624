// split_nonempty: the parts between separators, as PATH-like lists are read.
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "core/text_split.hpp"

using hookagent::split_nonempty;
using Parts = std::vector<std::string_view>;

TEST_CASE("a list splits into its non-empty parts, in order") {
  CHECK(split_nonempty("/a:/b/c:/d", ':') == Parts{"/a", "/b/c", "/d"});
  CHECK(split_nonempty("nice 5  7:0:inf ", ' ') == Parts{"nice", "5", "7:0:inf"});
  CHECK(split_nonempty("::/only::", ':') == Parts{"/only"});
  CHECK(split_nonempty("", ':').empty());
  CHECK(split_nonempty(":::", ':').empty());
  CHECK(split_nonempty("one", ':') == Parts{"one"});
}
