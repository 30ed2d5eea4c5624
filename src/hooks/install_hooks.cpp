// `hookagent install`: a shim per hook in the hooks dir git uses, every foreign
// hook kept (renamed, so bytes, mode and symlink-ness survive) and chained.
// Plan first, then change: a refusal (unwritable dir, unresolvable conflict)
// leaves everything as it was.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/paths.hpp"
#include "hooks/chained_hook.hpp"
#include "hooks/hook_work.hpp"
#include "hooks/install_record.hpp"
#include "hooks/installer.hpp"
#include "hooks/shim.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path with_suffix(fs::path p, std::string_view suffix) {
  p += std::string(suffix);
  return p;
}

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// Creating a file is the only honest test (root ignores modes; read-only mounts do not).
Status check_writable(const fs::path& dir) {
  auto probe = (dir / ".hookagent-write-test-XXXXXX").string();
  int fd = mkstemp(probe.data());
  if (fd < 0) {
    int err = errno;
    return fail(ErrorKind::Usage, std::string("hooks directory is not writable: ") + std::strerror(err),
                dir.string(),
                "make it writable (e.g. chmod u+w '" + dir.string() +
                    "') or point core.hooksPath at a writable directory; nothing was changed");
  }
  close(fd);
  unlink(probe.c_str());
  return ok();
}

// One line saying what a kept foreign hook is, and whether it will run.
std::string describe_foreign(const fs::path& hook, const fs::path& kept) {
  std::error_code ec;
  auto st = fs::symlink_status(hook, ec);
  std::string what = "kept your " + hook.filename().string() + " hook as " + kept.filename().string();
  if (fs::is_symlink(st)) {
    auto target = fs::read_symlink(hook, ec).string();
    if (!fs::exists(hook, ec))
      return what + " (a dangling symlink to " + target + ": git could not run it, so hookagent will not either)";
    what += " (a symlink to " + target + ")";
  }
  if (access(hook.c_str(), X_OK) != 0)  // hookagent:allow (the same test git makes)
    return what + " (not executable: git was ignoring it, so hookagent will not run it either)";
  return what + "; it runs first, with the same arguments and stdin";
}

Status write_executable(const fs::path& path, const std::string& text) {
  auto tmp = with_suffix(path, ".hookagent-tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return fail(ErrorKind::Io, "cannot write hook", tmp.string(), "check the directory's permissions");
  }
  std::error_code ec;
  fs::permissions(tmp, fs::perms(0755), ec);
  if (!ec) fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp);
    return fail(ErrorKind::Io, "cannot install hook: " + ec.message(), path.string());
  }
  return ok();
}

enum class Action { Unchanged, WriteShim, ChainThenWriteShim };

struct Step {
  Hook hook;
  Action action = Action::WriteShim;
  fs::path path;
  fs::path chained;
  fs::path stale_chained_to;  // --force: where an existing chained file moves first
};

Result<Step> plan_hook(Hook hook, const fs::path& dir, const std::string& shim, bool force) {
  Step step{hook, Action::WriteShim, dir / std::string(hook_name(hook)), {}, {}};
  step.chained = with_suffix(step.path, kChainedSuffix);
  if (!exists_no_follow(step.path)) return step;
  if (is_our_shim(step.path)) {
    if (!force && slurp(step.path) == shim) step.action = Action::Unchanged;
    return step;
  }
  step.action = Action::ChainThenWriteShim;
  if (exists_no_follow(step.chained)) {
    // Our shim was replaced by another tool after an earlier install, so there
    // are two foreign hooks and one name to keep them under.
    auto aside = with_suffix(step.chained, ".old");
    if (!force || exists_no_follow(aside))
      return fail(ErrorKind::Usage,
                  "both " + step.path.filename().string() + " and " + step.chained.filename().string() +
                      " are foreign hooks",
                  dir.string(),
                  force ? "move " + aside.string() + " away first; nothing was changed"
                        : "run `hookagent install --force` to keep the older one as " +
                              aside.filename().string() + "; nothing was changed");
    step.stale_chained_to = aside;
  }
  return step;
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
  std::vector<Hook> hooks = options.hooks;
  if (hooks.empty()) {
    auto config = load_config(default_config_sources(paths));
    if (!config) report.lines.push_back("note: " + config.error().message() + "; choosing hooks from the defaults");
    hooks = default_hooks(paths.bare, config ? *config : default_config());
    std::string skipped;
    for (Hook h : all_hooks())
      if (std::find(hooks.begin(), hooks.end(), h) == hooks.end() && (paths.bare || h != Hook::PreReceive))
        skipped += (skipped.empty() ? "" : ",") + std::string(hook_name(h));
    if (!skipped.empty())
      report.lines.push_back("not installed (nothing configured for them): " + skipped +
                             "; add with `hookagent install --hooks " + skipped + "`");
  }
  const auto binary_dir = fs::absolute(hook_binary_dir()).lexically_normal();

  auto previous = read_install_record(paths.common_dir);
  if (!previous) return std::unexpected(previous.error());
  InstallRecord record = previous->value_or(InstallRecord{});
  if (*previous && record.hooks_dir != dir)
    return fail(ErrorKind::Usage, "hookagent is installed in another hooks directory: " + record.hooks_dir.string(),
                dir.string(), "run `hookagent uninstall` first (core.hooksPath changed since the install)");
  record.hooks_dir = dir;

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (exists_no_follow(dir))
      return fail(ErrorKind::Usage, "hooks path exists and is not a directory", dir.string(),
                  "fix core.hooksPath or move that file away; nothing was changed");
    fs::create_directories(dir, ec);
    if (ec)
      return fail(ErrorKind::Usage, "cannot create hooks directory: " + ec.message(), dir.string(),
                  "create it yourself or point core.hooksPath at a writable directory; nothing was changed");
    record.created_hooks_dir = true;
    report.lines.push_back("created " + dir.string());
  }
  if (auto st = check_writable(dir); !st) return std::unexpected(st.error());
  const auto inside = [&](const fs::path& parent) {
    return !parent.empty() && dir.string().rfind(fs::absolute(parent).lexically_normal().string() + "/", 0) == 0;
  };
  if (inside(paths.work_tree) && !inside(paths.common_dir) && !inside(paths.git_dir))
    report.lines.push_back("note: " + dir.string() +
                           " is inside the work tree; the shims and kept hooks there show up in `git status`");

  std::vector<std::pair<Step, std::string>> steps;
  for (Hook hook : hooks) {
    auto shim = render_shim(hook, binary_dir);
    if (!shim) return std::unexpected(shim.error());
    auto step = plan_hook(hook, dir, *shim, options.force);
    if (!step) return std::unexpected(step.error());
    steps.emplace_back(std::move(*step), std::move(*shim));
  }

  for (auto& [step, shim] : steps) {
    const std::string name(hook_name(step.hook));
    InstalledHook* rec = record.find(name);
    if (!rec) {
      record.hooks.push_back({name, false});
      rec = &record.hooks.back();
    }
    if (step.action == Action::Unchanged) {
      report.lines.push_back(name + ": already installed");
      continue;
    }
    if (step.action == Action::ChainThenWriteShim) {
      if (!step.stale_chained_to.empty()) {
        fs::rename(step.chained, step.stale_chained_to, ec);
        if (ec) return fail(ErrorKind::Io, "cannot move aside: " + ec.message(), step.chained.string());
        report.lines.push_back(name + ": moved the older kept hook to " + step.stale_chained_to.filename().string());
      }
      report.lines.push_back(name + ": " + describe_foreign(step.path, step.chained));
      fs::rename(step.path, step.chained, ec);
      if (ec) return fail(ErrorKind::Io, "cannot keep the existing hook: " + ec.message(), step.path.string());
      rec->chained = true;
    } else {
      rec->chained = exists_no_follow(step.chained);
    }
    if (auto st = write_executable(step.path, shim); !st) {
      if (step.action == Action::ChainThenWriteShim) fs::rename(step.chained, step.path, ec);
      return std::unexpected(st.error());
    }
    report.changed = true;
    report.lines.push_back(name + ": installed " + step.path.string());
  }

  auto notes = configure_notes(repo);
  if (!notes) return std::unexpected(notes.error());
  if (notes->added_rewrite_ref) {
    record.added_rewrite_ref = true;
    report.lines.push_back(std::string("set notes.rewriteRef = ") + kNotesRewriteRef + " (notes follow amend and rebase)");
  }
  for (auto& key : notes->merge_strategy_keys) record.merge_strategy_keys.push_back(key);
  if (!notes->merge_strategy_keys.empty())
    report.lines.push_back("set notes.hookagent/<skill>.mergeStrategy = cat_sort_uniq");
  report.changed = report.changed || notes->added_rewrite_ref || !notes->merge_strategy_keys.empty();

  if (auto st = write_install_record(paths.common_dir, record); !st) return std::unexpected(st.error());
  return report;
}

}  // namespace hookagent::hooks
