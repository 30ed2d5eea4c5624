#include <array>
#include <utility>

#include "hooks/hook.hpp"

namespace hookagent::hooks {

namespace {
constexpr std::array<std::pair<Hook, std::string_view>, 8> kNames{{
    {Hook::PreCommit, "pre-commit"},
    {Hook::PrepareCommitMsg, "prepare-commit-msg"},
    {Hook::CommitMsg, "commit-msg"},
    {Hook::PostCommit, "post-commit"},
    {Hook::PostMerge, "post-merge"},
    {Hook::PostRewrite, "post-rewrite"},
    {Hook::PrePush, "pre-push"},
    {Hook::PreReceive, "pre-receive"},
}};
}  // namespace

std::string_view hook_name(Hook hook) {
  for (auto& [h, n] : kNames)
    if (h == hook) return n;
  return "unknown";
}

std::optional<Hook> parse_hook_name(std::string_view name) {
  for (auto& [h, n] : kNames)
    if (n == name) return h;
  return std::nullopt;
}

}  // namespace hookagent::hooks
