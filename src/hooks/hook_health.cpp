#include "hooks/hook_health.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "hooks/chained_hook.hpp"
#include "hooks/hook_tools.hpp"
#include "hooks/moved_shims.hpp"
#include "hooks/native_hook.hpp"
#include "hooks/shim.hpp"
#include "hooks/shim_steps.hpp"
#include "hooks/tool_config.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

const std::string kFix = "run `hookagent install`";

// The executable a hookagent shim execs, from its `hookagent_hook_binary='...'` line.
std::string shim_target(const fs::path& shim) {
  std::ifstream in(shim);
  std::string line;
  const std::string prefix = "hookagent_hook_binary='";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0 && line.size() > prefix.size() && line.back() == '\'')
      return line.substr(prefix.size(), line.size() - prefix.size() - 1);
  return {};
}

bool is_executable(const fs::path& p) {
  struct stat st{};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

std::optional<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Whether the recorded config file still runs hookagent for the hook.
bool config_still_runs(HookTool tool, const fs::path& file, Hook hook) {
  auto text = slurp(file);
  if (!text) return false;
  switch (tool) {
    case HookTool::Husky: return husky_runs_hookagent(*text);
    case HookTool::Lefthook: return lefthook_runs_hookagent(*text, hook, file.string()).value_or(false);
    case HookTool::PreCommit: return precommit_runs_hookagent(*text, file.string()).value_or(false);
  }
  return false;
}

std::string adopted_state(const RepoPaths& repo, const fs::path& dir, const Adoption& a, Hook hook,
                          std::vector<std::string>& problems) {
  const auto tool = *parse_tool_name(a.tool);
  const fs::path file = repo.work_tree / a.file;
  const std::string tool_s(tool_name(tool));
  std::string state = "via " + tool_s + " (" + a.file.string() + " runs hookagent)";
  if (!config_still_runs(tool, file, hook)) {
    problems.push_back(a.hook + ": " + a.file.string() + " no longer runs hookagent (edited since `hookagent install` "
                                                         "added it): " + kFix);
    return "via " + tool_s + ", but " + a.file.string() + " no longer runs hookagent";
  }
  const FoundTool found{tool, tool == HookTool::Husky ? file.parent_path() : file, true};
  if (tool == HookTool::Husky)
    if (auto why = husky_wrapper_problem(found.config, hook, dir); !why.empty()) {
      problems.push_back(a.hook + ": " + why + ": run `" + tool_install_command(tool) + "`");
      return state + ", NOT RUN: " + why;
    }
  if (!tool_runs_hook(found, hook, dir)) {
    problems.push_back(a.hook + ": " + tool_s + " is not installed in this clone, so git does not run " +
                       a.file.string() + ": run `" + tool_install_command(tool) + "`");
    return state + ", NOT RUN: " + tool_s + " is not installed for this hook";
  }
  return state;
}

std::string shim_state(const std::string& name, const fs::path& file, const fs::path& chained,
                       std::vector<std::string>& problems) {
  std::string state = "hookagent";
  if (exists_no_follow(chained)) state += ", chained: " + chained.string();
  const auto copy = read_native_trailer(file);
  std::string target = copy ? copy->origin.string() : shim_target(file);
  if (copy && is_executable(target) && !origin_matches(*copy)) {
    state += " (a copy of an older " + target + ", which it runs instead)";
    problems.push_back(name + ": the hook is a copy of " + target + " from before it was upgraded or rebuilt; it runs " +
                       "the new one, an exec later: run `hookagent install` to refresh it");
  }
  if (!target.empty() && !is_executable(target)) {
    state += " (its binary is missing)";
    problems.push_back(name + ": the hook runs " + target +
                       ", which is missing: reinstall hookagent, then run `hookagent install --force`");
  }
  return state;
}

std::string foreign_state(const std::string& name, const fs::path& file, bool ours_was_here,
                          std::vector<std::string>& problems) {
  auto writer = tool_that_wrote(file);
  std::string state = writer ? std::string(tool_name(*writer)) + "'s hook (does not run hookagent)"
                             : "foreign hook (not hookagent; `hookagent install` keeps it and chains it)";
  if (!is_executable(file)) state += ", not executable: git skips it";
  if (ours_was_here)
    problems.push_back(name + ": " + (writer ? std::string(tool_name(*writer)) + " (`" + tool_install_command(*writer) + "`)"
                                             : std::string("another program")) +
                       " replaced hookagent's hook, so hookagent no longer runs: " +
                       (writer ? kFix : "run `hookagent install --force` (it keeps that hook and chains it)"));
  return state;
}

}  // namespace

HooksHealth check_hooks(const RepoPaths& repo, const fs::path& hooks_dir, const std::optional<InstallRecord>& record) {
  HooksHealth health;
  const fs::path dir = fs::absolute(hooks_dir).lexically_normal();
  const bool same_dir = record && fs::path(record->hooks_dir).lexically_normal() == dir;
  if (record && !same_dir && !record->hooks.empty()) {  // shims left where git no longer looks
    auto husky = husky_dir_of_hooks_dir(dir);
    health.problems.push_back("hookagent was installed in " + record->hooks_dir.string() + " but git now runs hooks from " +
                              dir.string() + (husky ? " (husky set core.hooksPath)" : "") +
                              ": run `hookagent install` again");
  }
  const auto moved = find_moved_shims(dir);
  for (Hook hook : all_hooks()) {
    const std::string name(hook_name(hook));
    const fs::path file = dir / name;
    const fs::path chained = dir / (name + std::string(kChainedSuffix));
    const Adoption* adoption = nullptr;
    if (record)
      for (const auto& a : record->adoptions)
        if (a.hook == name) adoption = &a;
    std::string state;
    if (adoption) {
      state = adopted_state(repo, dir, *adoption, hook, health.problems);
    } else if (!exists_no_follow(file)) {
      state = "not installed";
    } else if (is_our_shim(file)) {
      state = shim_state(name, file, chained, health.problems);
    } else {
      // A moved shim is reported below, with the tool that moved it.
      const bool moved_here = std::any_of(moved.begin(), moved.end(), [&](const MovedShim& m) { return m.hook == hook; });
      bool ours_was_here = false;
      if (same_dir && !moved_here)
        for (const auto& h : record->hooks) ours_was_here = ours_was_here || h.name == name;
      state = foreign_state(name, file, ours_was_here, health.problems);
    }
    for (const auto& m : moved) {
      if (m.hook != hook) continue;
      const std::string tool(tool_name(m.tool));
      state += "; hookagent's hook was moved to " + m.file.filename().string();
      health.problems.push_back(
          name + ": " + tool + " (`" + tool_install_command(m.tool) + "`) moved hookagent's hook to " +
          m.file.filename().string() +
          (m.tool == HookTool::PreCommit ? " (it still runs in pre-commit's migration mode, until `pre-commit install -f`)"
                                         : " (lefthook does not run it)") +
          ": " + kFix);
    }
    health.hooks.push_back({name, state});
  }
  return health;
}

}  // namespace hookagent::hooks
