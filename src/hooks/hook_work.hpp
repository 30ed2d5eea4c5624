#pragma once
// Whether a hook has anything to do, decided from the environment and the
// config alone (light: no libgit2, no regex, no process spawned).
#include <string>
#include <vector>

#include "config/config.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

// `HOOKAGENT_SKIP=1`, or `SKIP=...,hookagent,...` as pre-commit users write it.
// Returns the reason to print, or empty when not skipped.
std::string skip_reason_from_env();

// Skills whose work is the offline rule engine: they run with no provider.
bool skill_runs_offline(const std::string& skill);

// True when `hookagent run <hook>` would do something: the hook is enabled and
// at least one of its skills can run (offline, or with a configured provider).
bool hook_has_work(Hook hook, const Config& config);

// What git's arguments alone say: prepare-commit-msg drafts only for a commit
// with no message yet (source argument empty or "template"), so `git commit -m`
// never starts the full binary. True for every other hook.
bool hook_args_have_work(Hook hook, const std::vector<std::string>& args);

}  // namespace hookagent::hooks
