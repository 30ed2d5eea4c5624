#include "hooks/receive_advice.hpp"

#include <algorithm>
#include <map>

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

fs::path git_dir_of(const RepoPaths& repo) { return repo.common_dir.empty() ? repo.git_dir : repo.common_dir; }

std::string short_id(const std::string& id) { return id.substr(0, 12); }

}  // namespace

std::string receive_suppress_text(const RepoPaths& repo, const HookConfig& hook) {
  const std::string list = (git_dir_of(repo) / "hookagentignore").string();
  std::string text = hook.inline_allow ? "add `hookagent:allow` to the line, or ask" : "ask";
  return text + " the server's admin to add {fingerprint} to " + list + " on the server";
}

void print_receive_advice(std::ostream& out, const std::vector<Finding>& blocking, const RepoPaths& repo,
                          const HookConfig& hook) {
  if (blocking.empty()) return;
  // One line per commit, naming where in it: "9be688ba64dd keys.py:1, config/prod.env:3".
  std::map<std::string, std::string> places;
  std::vector<std::string> order;
  for (const auto& f : blocking) {
    const std::string commit = f.commit.empty() ? std::string("(unknown commit)") : short_id(f.commit);
    auto [it, fresh] = places.try_emplace(commit);
    if (fresh) order.push_back(commit);
    std::string where = f.file + (f.line > 0 ? ":" + std::to_string(f.line) : "");
    if (it->second.find(where) == std::string::npos) it->second += (it->second.empty() ? "" : ", ") + where;
  }
  const fs::path git_dir = git_dir_of(repo);
  out << "hookagent: this push was refused; the server kept none of its commits or refs.\n"
      << "hookagent: the commits to fix:\n";
  for (const auto& commit : order) out << "  " << commit << "  " << places[commit] << "\n";
  out << "hookagent: to push, rewrite them without the finding, then push again:\n"
      << "  the last commit:  fix the file, `git add` it, `git commit --amend`\n"
      << "  an older commit:  `git rebase -i " << (order.size() == 1 ? order.front() : "<the oldest of them>")
      << "~1` (`--root` for a first commit), mark it\n"
      << "                    `edit`, fix the file, `git commit --amend`, `git rebase --continue`\n";
  const bool secret =
      std::any_of(blocking.begin(), blocking.end(), [](const Finding& f) { return f.category == "secret"; });
  if (secret) out << "  and rotate the secret: it left your machine with this push.\n";
  out << "hookagent: a false positive? The server's admin can allow it, on the server:\n"
      << "  one finding: its fingerprint (above) as a line of " << (git_dir / "hookagentignore").string() << "\n"
      << "  a path:      [scan] exclude_paths in " << (git_dir / "hookagent.toml").string()
      << " (or the server account's ~/.config/hookagent/config.toml)\n";
  if (hook.inline_allow)
    out << "  this server honours `hookagent:allow` on the line ([hooks.pre-receive] inline_allow = true)\n";
  else
    out << "  allow comments: [hooks.pre-receive] inline_allow = true there (off by default: a pusher could\n"
        << "               allow anything with them)\n";
}

}  // namespace hookagent::hooks
