// `hookagent uninstall`: remove our shims, rename every kept hook back (so its
// bytes, mode and symlink-ness are what they were), undo the notes config.
#include <fstream>

#include "hooks/chained_hook.hpp"
#include "hooks/install_record.hpp"
#include "hooks/installer.hpp"
#include "hooks/shim.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

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
  if (record.hooks.empty()) return std::nullopt;
  return record;
}

}  // namespace

Result<InstallReport> uninstall_hooks(Repository& repo) {
  const auto& paths = repo.paths();
  auto stored = read_install_record(paths.common_dir);
  if (!stored) return std::unexpected(stored.error());
  std::optional<InstallRecord> record = *stored;
  InstallReport report;
  if (!record) {
    auto dir = repo.hooks_dir();
    if (!dir) return std::unexpected(dir.error());
    record = record_from_shims(fs::absolute(*dir).lexically_normal());
    if (!record) {
      report.lines.push_back("nothing to uninstall: hookagent is not installed in " +
                             fs::absolute(*dir).lexically_normal().string());
      return report;
    }
  }

  std::error_code ec;
  for (const auto& hook : record->hooks) {
    auto path = record->hooks_dir / hook.name;
    auto chained = path;
    chained += std::string(kChainedSuffix);
    if (is_our_shim(path)) {
      fs::remove(path, ec);
      if (ec) return fail(ErrorKind::Io, "cannot remove hook: " + ec.message(), path.string(),
                          "check the hooks directory's permissions");
      report.lines.push_back(hook.name + ": removed hookagent's hook");
    } else if (exists_no_follow(path)) {
      // Someone replaced our shim since; their file stays, and so does ours-kept one.
      report.lines.push_back(hook.name + ": " + path.string() + " is no longer hookagent's; left it alone" +
                             (exists_no_follow(chained) ? " (your earlier hook is still at " + chained.string() + ")"
                                                        : ""));
      continue;
    }
    if (hook.chained && exists_no_follow(chained)) {
      fs::rename(chained, path, ec);
      if (ec) return fail(ErrorKind::Io, "cannot restore hook: " + ec.message(), chained.string());
      report.lines.push_back(hook.name + ": restored your original hook");
    }
  }
  report.changed = true;

  if (auto st = unconfigure_notes(repo, record->added_rewrite_ref, record->merge_strategy_keys); !st)
    return std::unexpected(st.error());
  if (record->added_rewrite_ref) report.lines.push_back("removed notes.rewriteRef " + std::string(kNotesRewriteRef));
  if (record->created_hooks_dir) fs::remove(record->hooks_dir, ec);  // only when empty
  if (auto st = remove_install_record(paths.common_dir); !st) return std::unexpected(st.error());
  return report;
}

}  // namespace hookagent::hooks
