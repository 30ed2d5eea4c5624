#pragma once
// `hookagent install` / `uninstall` (DESIGN §4): shims into the hooks dir git
// actually uses, foreign hooks kept and chained, notes config, and an exact undo.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "git/repository.hpp"
#include "hooks/hook.hpp"

namespace hookagent::hooks {

struct InstallOptions {
  // Empty: default_hooks() for this repository's effective config.
  std::vector<Hook> hooks;
  bool force = false;       // rewrite shims even when identical; move a stale chained file aside
  // Shims only, even where husky, lefthook or pre-commit is in use (the chaining
  // of earlier releases); by default hookagent is added to their config instead.
  bool shim = false;
  // Each hook a POSIX sh script that execs our hook binary (earlier releases'
  // form) instead of a copy of that binary (hooks/native_hook.hpp): one exec
  // more per hook run, a few MB less per hook on disk.
  bool sh_shim = false;
};

// What happened, one line per change, for the user.
struct InstallReport {
  std::vector<std::string> lines;
  // What the user still has to run before git reaches hookagent (a tool whose
  // config now runs hookagent but which is not installed in this clone yet).
  std::vector<std::string> next_steps;
  bool changed = false;
};

// The hooks `install` picks when none are named. Like lefthook, only hooks with
// something to do get installed, because every installed hook costs a shell and
// an exec on each commit: a bare repository gets pre-receive; a work tree gets
// pre-commit and pre-push (the security gates) plus every hook the config gives
// work (post-rewrite too when post-commit/post-merge write notes).
std::vector<Hook> default_hooks(bool bare_repository, const Config& config);

Result<InstallReport> install_hooks(Repository& repo, const InstallOptions& options);
Result<InstallReport> uninstall_hooks(Repository& repo);

// notes.rewriteRef and the cat_sort_uniq merge strategy for refs/notes/hookagent/*.
struct NotesConfigChange {
  bool added_rewrite_ref = false;
  std::vector<std::string> merge_strategy_keys;  // keys this call set
};
inline constexpr const char* kNotesRewriteRef = "refs/notes/hookagent/*";
Result<NotesConfigChange> configure_notes(Repository& repo);
Status unconfigure_notes(Repository& repo, bool remove_rewrite_ref,
                         const std::vector<std::string>& merge_strategy_keys);

}  // namespace hookagent::hooks
