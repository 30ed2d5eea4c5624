#include <array>
#include <cstdio>
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

constexpr std::array<Hook, 8> kAll{Hook::PreCommit,   Hook::PrepareCommitMsg, Hook::CommitMsg,
                                   Hook::PostCommit,  Hook::PostMerge,        Hook::PostRewrite,
                                   Hook::PrePush,     Hook::PreReceive};
}  // namespace

std::string_view hook_name(Hook hook) {
  for (auto& [h, n] : kNames)
    if (h == hook) return n;
  return "unknown";
}

void say(Hook hook, const std::string& line) {
  std::fprintf(stderr, "hookagent %s: %s\n", std::string(hook_name(hook)).c_str(), line.c_str());
}

std::optional<Hook> parse_hook_name(std::string_view name) {
  for (auto& [h, n] : kNames)
    if (n == name) return h;
  return std::nullopt;
}

std::span<const Hook> all_hooks() { return kAll; }

bool reads_stdin(Hook hook) {
  return hook == Hook::PrePush || hook == Hook::PreReceive || hook == Hook::PostRewrite;
}

bool is_blocking(Hook hook) {
  switch (hook) {
    case Hook::PreCommit:
    case Hook::PrepareCommitMsg:
    case Hook::CommitMsg:
    case Hook::PrePush:
    case Hook::PreReceive:
      return true;
    default:
      return false;
  }
}

}  // namespace hookagent::hooks
