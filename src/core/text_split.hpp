#pragma once
// Lists written in one string (PATH-like variables, space-separated fields),
// split without a stringstream: a hook pays a stream's locale set-up on every
// run, and the warm server's fresh children pay it cold.
#include <string_view>
#include <vector>

namespace hookagent {

// The parts of `text` between `sep`s, empty ones left out.
std::vector<std::string_view> split_nonempty(std::string_view text, char sep);

}  // namespace hookagent
