#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/repository.hpp"

namespace hookagent {

// Names of the refs matching a glob ("refs/notes/hookagent/*"), sorted.
Result<std::vector<std::string>> list_refs(const Repository& repo, const std::string& glob);

}  // namespace hookagent
