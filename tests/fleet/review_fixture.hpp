#pragma once
// What the CI review tests (review_notes_test.cpp, review_templates_test.cpp)
// share: the config that reviews commits after the fact, never at pre-commit.
#include <string>

#include "hooks/agent_hook_fixture.hpp"

namespace hookagent::test {

inline constexpr const char* kReviewConfig = "[hooks.pre-commit]\nagent = \"never\"\n"
                                             "[hooks.post-commit]\nskills = [\"code-review\"]\n";

inline std::string both(const ProcessResult& r) { return r.out + r.err; }

}  // namespace hookagent::test
