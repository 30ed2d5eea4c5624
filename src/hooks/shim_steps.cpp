#include "hooks/shim_steps.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "hooks/chained_hook.hpp"
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

}  // namespace

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

Result<ShimStep> plan_shim(Hook hook, const fs::path& dir, std::string shim, bool force, bool chained_freed) {
  ShimStep step{hook, ShimAction::WriteShim, dir / std::string(hook_name(hook)), {}, {}, std::move(shim)};
  step.chained = with_suffix(step.path, kChainedSuffix);
  if (!exists_no_follow(step.path)) return step;
  if (is_our_shim(step.path)) {
    if (!force && slurp(step.path) == step.shim) step.action = ShimAction::Unchanged;
    return step;
  }
  step.action = ShimAction::ChainThenWriteShim;
  if (!chained_freed && exists_no_follow(step.chained)) {
    // Our shim was replaced by another tool after an earlier install, so there
    // are two foreign hooks and one name to keep them under.
    auto aside = with_suffix(step.chained, ".old");
    if (!force || exists_no_follow(aside))
      return fail(ErrorKind::Usage,
                  "both " + step.path.filename().string() + " and " + step.chained.filename().string() +
                      " are foreign hooks",
                  dir.string(),
                  force ? "move " + aside.string() + " away first; nothing was changed"
                        : "run `hookagent install --force` to keep the older one as " + aside.filename().string() +
                              "; nothing was changed");
    step.stale_chained_to = aside;
  }
  return step;
}

Status apply_shim_step(const ShimStep& step, bool* chained, std::vector<std::string>* lines) {
  const std::string name(hook_name(step.hook));
  std::error_code ec;
  if (step.action == ShimAction::Unchanged) {
    lines->push_back(name + ": already installed");
    *chained = exists_no_follow(step.chained);
    return ok();
  }
  if (step.action == ShimAction::ChainThenWriteShim) {
    if (!step.stale_chained_to.empty()) {
      fs::rename(step.chained, step.stale_chained_to, ec);
      if (ec) return fail(ErrorKind::Io, "cannot move aside: " + ec.message(), step.chained.string());
      lines->push_back(name + ": moved the older kept hook to " + step.stale_chained_to.filename().string());
    }
    lines->push_back(name + ": " + describe_foreign(step.path, step.chained));
    fs::rename(step.path, step.chained, ec);
    if (ec) return fail(ErrorKind::Io, "cannot keep the existing hook: " + ec.message(), step.path.string());
    *chained = true;
  } else {
    *chained = exists_no_follow(step.chained);
  }
  if (auto st = write_executable(step.path, step.shim); !st) {
    if (step.action == ShimAction::ChainThenWriteShim) fs::rename(step.chained, step.path, ec);
    return st;
  }
  lines->push_back(name + ": installed " + step.path.string());
  return ok();
}

Result<std::vector<std::string>> remove_shim(const fs::path& dir, const std::string& name, bool restore_chained) {
  std::vector<std::string> lines;
  const fs::path path = dir / name;
  const fs::path chained = with_suffix(path, kChainedSuffix);
  std::error_code ec;
  if (is_our_shim(path)) {
    fs::remove(path, ec);
    if (ec)
      return fail(ErrorKind::Io, "cannot remove hook: " + ec.message(), path.string(),
                  "check the hooks directory's permissions");
    lines.push_back(name + ": removed hookagent's hook " + path.string());
  } else if (exists_no_follow(path)) {
    // Someone replaced our shim since; their file stays, and so does the one we kept.
    lines.push_back(name + ": " + path.string() + " is no longer hookagent's; left it alone" +
                    (exists_no_follow(chained) ? " (your earlier hook is still at " + chained.string() + ")" : ""));
    return lines;
  }
  if (restore_chained && exists_no_follow(chained)) {
    fs::rename(chained, path, ec);
    if (ec) return fail(ErrorKind::Io, "cannot restore hook: " + ec.message(), chained.string());
    lines.push_back(name + ": restored your original hook");
  }
  return lines;
}

}  // namespace hookagent::hooks
