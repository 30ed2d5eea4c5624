// `hookagent uninstall`: take hookagent out of the hook manager's config
// (exactly the text install added), remove our shims, rename every kept hook
// back (so its bytes, mode and symlink-ness are what they were), remove our
// shims that a tool had moved aside (.legacy, .old), undo the notes config.
#include "hooks/adoption.hpp"
#include "hooks/chained_hook.hpp"
#include "hooks/install_record.hpp"
#include "hooks/installer.hpp"
#include "hooks/moved_shims.hpp"
#include "hooks/shim.hpp"
#include "hooks/shim_steps.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

// Without a record (deleted by hand), our shims are still recognisable by their marker.
std::optional<InstallRecord> record_from_shims(const fs::path& dir) {
  InstallRecord record;
  record.hooks_dir = dir;
  for (Hook hook : all_hooks()) {
    auto path = dir / std::string(hook_name(hook));
    if (!is_our_shim(path)) continue;
    auto chained = path;
    chained += std::string(kChainedSuffix);
    record.hooks.push_back({std::string(hook_name(hook)), exists_no_follow(chained)});
  }
  if (record.hooks.empty() && find_moved_shims(dir).empty()) return std::nullopt;
  return record;
}

}  // namespace

Result<InstallReport> uninstall_hooks(Repository& repo) {
  const auto& paths = repo.paths();
  auto stored = read_install_record(paths.common_dir);
  if (!stored) return std::unexpected(stored.error());
  std::optional<InstallRecord> record = *stored;
  InstallReport report;
  auto current_dir = repo.hooks_dir();
  if (!current_dir) return std::unexpected(current_dir.error());
  const fs::path dir = fs::absolute(*current_dir).lexically_normal();
  if (!record) {
    record = record_from_shims(dir);
    if (!record) {
      report.lines.push_back("nothing to uninstall: hookagent is not installed in " + dir.string());
      return report;
    }
  }

  auto config = plan_unadoption(paths, record->adoptions);
  if (!config) return std::unexpected(config.error());
  if (auto st = apply_changes(config->changes); !st) return std::unexpected(st.error());
  report.lines.insert(report.lines.end(), config->lines.begin(), config->lines.end());

  for (const auto& hook : record->hooks) {
    auto lines = remove_shim(record->hooks_dir, hook.name, hook.chained);
    if (!lines) return std::unexpected(lines.error());
    report.lines.insert(report.lines.end(), lines->begin(), lines->end());
  }
  auto moved = find_moved_shims(record->hooks_dir);
  if (dir != record->hooks_dir) {
    auto here = find_moved_shims(dir);
    moved.insert(moved.end(), here.begin(), here.end());
  }
  for (const auto& m : moved) {
    auto line = put_back_moved_shim(m);
    if (!line) return std::unexpected(line.error());
    report.lines.push_back(*line);
  }
  report.changed = true;

  if (auto st = unconfigure_notes(repo, record->added_rewrite_ref, record->merge_strategy_keys); !st)
    return std::unexpected(st.error());
  if (record->added_rewrite_ref) report.lines.push_back("removed notes.rewriteRef " + std::string(kNotesRewriteRef));
  std::error_code ec;
  if (record->created_hooks_dir) fs::remove(record->hooks_dir, ec);  // only when empty
  if (auto st = remove_install_record(paths.common_dir); !st) return std::unexpected(st.error());
  return report;
}

}  // namespace hookagent::hooks
