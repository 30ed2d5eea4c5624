// `hookagent install`: hookagent added to the config of the hook manager the
// repository uses (husky, lefthook, pre-commit), or a shim per hook in the
// hooks dir git uses, every foreign hook kept and chained. Shims of ours that
// a tool moved aside or that sit where git no longer looks are cleaned up.
// Plan first, then change: a refusal (a config that does not parse, an
// unwritable dir, an unresolvable conflict) leaves everything as it was.
#include <algorithm>

#include "core/paths.hpp"
#include "hooks/adoption.hpp"
#include "hooks/hook_work.hpp"
#include "hooks/install_record.hpp"
#include "hooks/installer.hpp"
#include "hooks/moved_shims.hpp"
#include "hooks/native_hook.hpp"
#include "hooks/shim.hpp"
#include "hooks/shim_steps.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

std::vector<Hook> hooks_to_install(const RepoPaths& paths, const InstallOptions& options, InstallReport& report) {
  if (!options.hooks.empty()) return options.hooks;
  auto config = load_config(default_config_sources(paths));
  if (!config) report.lines.push_back("note: " + config.error().message() + "; choosing hooks from the defaults");
  auto hooks = default_hooks(paths.bare, config ? *config : default_config());
  std::string skipped;
  for (Hook h : all_hooks())
    if (std::find(hooks.begin(), hooks.end(), h) == hooks.end() && (paths.bare || h != Hook::PreReceive))
      skipped += (skipped.empty() ? "" : ",") + std::string(hook_name(h));
  if (!skipped.empty())
    report.lines.push_back("not installed (nothing configured for them): " + skipped +
                           "; add with `hookagent install --hooks " + skipped + "`");
  return hooks;
}

bool same_adoption(const Adoption& a, const Adoption& b) {
  return a.tool == b.tool && a.hook == b.hook && a.file == b.file && a.added == b.added;
}

// The config edits: hookagent added through the tool for `adopted`, and what
// an earlier install added that this one does not keep taken out again.
Result<AdoptionPlan> plan_config_edits(const RepoPaths& paths, const fs::path& dir, const std::optional<FoundTool>& tool,
                                       const std::vector<Hook>& adopted, const InstallRecord& record) {
  AdoptionPlan plan;
  if (tool && !adopted.empty()) {
    auto planned = plan_adoption(paths, dir, *tool, adopted, record.adoptions,
                                 tool->tool == HookTool::PreCommit ? pre_commit_stage_name() : "");
    if (!planned) return planned;
    plan = std::move(*planned);
  }
  std::vector<Adoption> stale;
  for (const auto& a : record.adoptions)
    if (std::none_of(plan.adoptions.begin(), plan.adoptions.end(), [&](const Adoption& b) { return same_adoption(a, b); }))
      stale.push_back(a);
  if (stale.empty()) return plan;
  auto undo = plan_unadoption(paths, stale);
  if (!undo) return undo;
  for (const auto& change : undo->changes) {
    if (std::any_of(plan.changes.begin(), plan.changes.end(), [&](const FileChange& c) { return c.file == change.file; }))
      return fail(ErrorKind::Usage, "an earlier install added a different hookagent entry to this file",
                  change.file.string(), "run `hookagent uninstall`, then `hookagent install`; nothing was changed");
    plan.changes.push_back(change);
  }
  plan.lines.insert(plan.lines.end(), undo->lines.begin(), undo->lines.end());
  return plan;
}

// Our shims that have to go: moved aside by a tool, left in a hooks dir git no
// longer uses, or standing where the tool now runs hookagent.
struct Cleanup {
  std::vector<MovedShim> moved;
  std::vector<std::string> old_dir_shims;  // in record.hooks_dir (relocating)
  std::vector<std::string> here;           // in dir, for adopted hooks
  bool frees_chained(Hook hook, const fs::path& dir) const {
    return std::any_of(moved.begin(), moved.end(), [&](const MovedShim& m) {
      return m.hook == hook && !m.chained.empty() && m.chained.parent_path() == dir;
    });
  }
};

Status check_dirs(const fs::path& dir, bool write_dir, const fs::path& old_dir, bool write_old,
                  const fs::path& common_dir) {
  if (write_dir)
    if (auto st = check_writable_dir(dir, "hooks directory"); !st) return st;
  if (write_old)
    if (auto st = check_writable_dir(old_dir, "hooks directory"); !st) return st;
  const fs::path record_dir = install_record_path(common_dir).parent_path();
  return check_writable_dir(exists_no_follow(record_dir) ? record_dir : common_dir, "git directory");
}

Status apply_cleanup(const Cleanup& cleanup, const fs::path& dir, const fs::path& old_dir, InstallReport& report) {
  for (const auto& m : cleanup.moved) {
    auto line = put_back_moved_shim(m);
    if (!line) return std::unexpected(line.error());
    report.lines.push_back(*line);
  }
  for (const auto& [where, names] : {std::pair{old_dir, cleanup.old_dir_shims}, std::pair{dir, cleanup.here}})
    for (const auto& name : names) {
      auto lines = remove_shim(where, name, true);
      if (!lines) return std::unexpected(lines.error());
      report.lines.insert(report.lines.end(), lines->begin(), lines->end());
    }
  return ok();
}

}  // namespace

std::vector<Hook> default_hooks(bool bare_repository, const Config& config) {
  if (bare_repository) return {Hook::PreReceive};
  const bool notes_written = hook_has_work(Hook::PostCommit, config) || hook_has_work(Hook::PostMerge, config);
  std::vector<Hook> hooks;
  for (Hook h : all_hooks()) {
    if (h == Hook::PreReceive) continue;
    if (h == Hook::PreCommit || h == Hook::PrePush || hook_has_work(h, config) ||
        (h == Hook::PostRewrite && notes_written))
      hooks.push_back(h);
  }
  return hooks;
}

Result<InstallReport> install_hooks(Repository& repo, const InstallOptions& options) {
  const auto& paths = repo.paths();
  auto dir_or = repo.hooks_dir();
  if (!dir_or) return std::unexpected(dir_or.error());
  const fs::path dir = fs::absolute(*dir_or).lexically_normal();
  InstallReport report;
  const std::vector<Hook> hooks = hooks_to_install(paths, options, report);
  const auto binary_dir = fs::absolute(hook_binary_dir()).lexically_normal();

  auto previous = read_install_record(paths.common_dir);
  if (!previous) return std::unexpected(previous.error());
  InstallRecord record = previous->value_or(InstallRecord{});
  const fs::path old_dir = *previous ? record.hooks_dir : dir;
  const bool relocating = *previous && old_dir != dir;

  // 1. The tool that runs the hooks, and which hooks go through it.
  std::optional<FoundTool> tool;
  if (!options.shim) {
    auto tools = find_hook_tools(paths, dir);
    if (!tools.empty()) tool = tools.front();
    for (size_t i = 1; i < tools.size(); ++i)
      report.lines.push_back("note: also found " + std::string(tool_name(tools[i].tool)) + " (" +
                             tools[i].config.string() + "); hookagent goes through " +
                             std::string(tool_name(tool->tool)) + " only");
  }
  std::vector<Hook> adopted, shimmed;
  for (Hook hook : hooks) {
    bool via_tool = false;
    if (tool) {
      auto takes = tool_takes_hook(*tool, hook);
      if (!takes) return std::unexpected(takes.error());
      via_tool = *takes;
    }
    (via_tool ? adopted : shimmed).push_back(hook);
  }

  // 2. Plan everything.
  auto edits = plan_config_edits(paths, dir, tool, adopted, record);
  if (!edits) return std::unexpected(edits.error());
  Cleanup cleanup;
  cleanup.moved = find_moved_shims(dir);
  if (relocating) {
    auto more = find_moved_shims(old_dir);
    cleanup.moved.insert(cleanup.moved.end(), more.begin(), more.end());
    for (const auto& h : record.hooks) cleanup.old_dir_shims.push_back(h.name);
    if (!record.hooks.empty())
      report.lines.push_back("git now runs hooks from " + dir.string() + " (was " + old_dir.string() +
                             "): moving hookagent there");
  }
  for (Hook hook : adopted)
    if (is_our_shim(dir / std::string(hook_name(hook)))) cleanup.here.push_back(std::string(hook_name(hook)));
  std::vector<ShimStep> steps;
  for (Hook hook : shimmed) {
    // pre-receive keeps the sh shim: its fail-closed refusal must not depend on our binary.
    auto shim = options.sh_shim || hook == Hook::PreReceive ? render_shim(hook, binary_dir)
                                                            : render_native_hook(hook, binary_dir);
    if (!shim) return std::unexpected(shim.error());
    auto step = plan_shim(hook, dir, std::move(*shim), options.force, cleanup.frees_chained(hook, dir));
    if (!step) return std::unexpected(step.error());
    steps.push_back(std::move(*step));
  }
  const bool writes_dir =
      std::any_of(steps.begin(), steps.end(), [](const ShimStep& s) { return s.action != ShimAction::Unchanged; }) ||
      !cleanup.here.empty() ||
      std::any_of(cleanup.moved.begin(), cleanup.moved.end(), [&](const MovedShim& m) { return m.file.parent_path() == dir; });
  std::error_code ec;
  bool created_dir = false;
  if (writes_dir && !fs::is_directory(dir, ec)) {
    if (exists_no_follow(dir))
      return fail(ErrorKind::Usage, "hooks path exists and is not a directory", dir.string(),
                  "fix core.hooksPath or move that file away; nothing was changed");
    fs::create_directories(dir, ec);
    if (ec)
      return fail(ErrorKind::Usage, "cannot create hooks directory: " + ec.message(), dir.string(),
                  "create it yourself or point core.hooksPath at a writable directory; nothing was changed");
    created_dir = true;
    report.lines.push_back("created " + dir.string());
  }
  const bool writes_old = relocating && (!cleanup.old_dir_shims.empty() || !cleanup.moved.empty()) &&
                          fs::is_directory(old_dir, ec);
  if (auto st = check_dirs(dir, writes_dir, old_dir, writes_old, paths.common_dir); !st)
    return std::unexpected(st.error());

  // 3. Change: config files first (each written whole, and put back if a later step fails).
  if (auto st = apply_changes(edits->changes); !st) return std::unexpected(st.error());
  report.lines.insert(report.lines.end(), edits->lines.begin(), edits->lines.end());
  report.next_steps = edits->not_wired;
  if (!edits->adoptions.empty() && !on_path("hookagent"))
    report.next_steps.push_back("`hookagent` is not on your PATH, and " + std::string(tool_name(tool->tool)) +
                                " runs it by name: add " + hookagent_binary().parent_path().string() + " to PATH");
  auto undo_edits = [&](const Error& e) {
    revert_changes(edits->changes);
    return std::unexpected(e);
  };
  if (auto st = apply_cleanup(cleanup, dir, old_dir, report); !st) return undo_edits(st.error());

  std::vector<InstalledHook> kept;
  if (!relocating)
    for (const auto& h : record.hooks) {
      const bool taken = std::any_of(hooks.begin(), hooks.end(), [&](Hook x) { return hook_name(x) == h.name; });
      if (!taken && is_our_shim(dir / h.name)) kept.push_back(h);
    }
  for (const auto& step : steps) {
    bool chained = false;
    if (auto st = apply_shim_step(step, &chained, &report.lines); !st) return undo_edits(st.error());
    kept.push_back({std::string(hook_name(step.hook)), chained});
  }
  if (relocating && record.created_hooks_dir) fs::remove(old_dir, ec);  // only when empty
  record.created_hooks_dir = relocating ? created_dir : (record.created_hooks_dir || created_dir);
  record.hooks_dir = dir;
  record.hooks = kept;
  record.adoptions = edits->adoptions;
  const auto wrote = [](const ShimStep& s) { return s.action != ShimAction::Unchanged; };
  report.changed = !edits->changes.empty() || std::any_of(steps.begin(), steps.end(), wrote) || !cleanup.moved.empty() ||
                   !cleanup.here.empty() || relocating;

  auto notes = configure_notes(repo);
  if (!notes) return undo_edits(notes.error());
  if (notes->added_rewrite_ref) {
    record.added_rewrite_ref = true;
    report.lines.push_back(std::string("set notes.rewriteRef = ") + kNotesRewriteRef + " (notes follow amend and rebase)");
  }
  for (auto& key : notes->merge_strategy_keys) record.merge_strategy_keys.push_back(key);
  if (!notes->merge_strategy_keys.empty())
    report.lines.push_back("set notes.hookagent/<skill>.mergeStrategy = cat_sort_uniq");
  report.changed = report.changed || notes->added_rewrite_ref || !notes->merge_strategy_keys.empty();

  if (auto st = write_install_record(paths.common_dir, record); !st) return undo_edits(st.error());
  return report;
}

}  // namespace hookagent::hooks
