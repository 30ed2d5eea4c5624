#pragma once
// Adding hookagent to (and removing it from) the config of the hook manager a
// repository already uses: a line in .husky/<hook>, a command in lefthook.yml,
// a `repo: local` hook in .pre-commit-config.yaml. Pure text in, text out: the
// callers read and write the files (hooks/adoption.cpp).
//
// Every addition carries kAddedMarker, changes nothing else (checked by
// parsing the result again), and is recorded verbatim so that uninstall
// removes exactly it.
#include <optional>
#include <string>

#include "core/result.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

struct ConfigAddition {
  std::string after;  // the whole new text
  std::string added;  // the exact text inserted
};

struct AddResult {
  std::optional<ConfigAddition> addition;  // nullopt: hookagent already runs there
  std::string already;                     // then: what runs it, for the report
};

// What each tool runs for `hook` (the same commands as templates/ and the README).
std::string husky_command(Hook hook);
std::string lefthook_command(Hook hook);
inline constexpr const char* kPreCommitHookId = "hookagent";

// .husky/<hook>: `text` is "" when the file does not exist yet.
AddResult husky_add(const std::string& text, Hook hook);
Result<std::string> husky_remove(const std::string& text, const std::string& added, const std::string& label);
bool husky_runs_hookagent(const std::string& text);

// lefthook.yml (any YAML name lefthook reads). `label` names the file in errors.
Result<AddResult> lefthook_add(const std::string& text, Hook hook, const std::string& label);
Result<std::string> lefthook_remove(const std::string& text, Hook hook, const std::string& added,
                                    const std::string& label);
// Any command or job of the hook's section that runs hookagent.
Result<bool> lefthook_runs_hookagent(const std::string& text, Hook hook, const std::string& label);
// Whether the config has a section for `hook` (then lefthook owns that git hook).
Result<bool> lefthook_has_section(const std::string& text, Hook hook, const std::string& label);

// .pre-commit-config.yaml: `stage` is "pre-commit" (pre-commit >= 3.2) or
// "commit" (older releases, Debian 12's 3.0.4, which reject the new name).
Result<AddResult> precommit_add(const std::string& text, const std::string& stage, const std::string& label);
Result<std::string> precommit_remove(const std::string& text, const std::string& added, const std::string& label);
Result<bool> precommit_runs_hookagent(const std::string& text, const std::string& label);

}  // namespace hookagent::hooks
