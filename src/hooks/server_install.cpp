#include "hooks/server_install.hpp"

#include "core/paths.hpp"
#include "hooks/adoption.hpp"
#include "hooks/shim.hpp"
#include "hooks/shim_steps.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

// Said after every server install: where the hook takes its config from.
void add_config_lines(InstallReport& report, const std::string& git_dir) {
  report.lines.push_back("pre-receive reads the server's config only: " + git_dir +
                         "/hookagent.toml and the server account's ~/.config/hookagent/config.toml");
  report.lines.push_back(
      "never read from a push: .hookagent.toml, .gitleaks.toml, .hookagentignore, .gitleaksignore; "
      "`hookagent:allow` comments only with [hooks.pre-receive] inline_allow = true; "
      "allow one finding on the server by adding its fingerprint to " + git_dir + "/hookagentignore");
}

// gitolite links every file of its common hooks dir into each repository only
// when told to (gitolite(1): `gitolite setup --hooks-only`).
bool is_gitolite_common(const fs::path& dir) {
  auto s = dir.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.ends_with(".gitolite/hooks/common");
}

Result<InstallReport> install_into_dir(const fs::path& dir, bool force) {
  InstallReport report;
  std::error_code ec;
  if (exists_no_follow(dir) && !fs::is_directory(dir, ec))
    return fail(ErrorKind::Usage, "--hooks-dir is not a directory", dir.string(),
                "name the directory git runs hooks from; nothing was changed");
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      return fail(ErrorKind::Usage, "cannot create the hooks directory: " + ec.message(), dir.string(),
                  "create it yourself, as the account the git server runs as; nothing was changed");
    report.lines.push_back("created " + dir.string());
  }
  if (auto st = check_writable_dir(dir, "hooks directory"); !st) return std::unexpected(st.error());
  auto shim = render_shim(Hook::PreReceive, fs::absolute(hook_binary_dir()).lexically_normal());
  if (!shim) return std::unexpected(shim.error());
  auto step = plan_shim(Hook::PreReceive, dir, std::move(*shim), force, false);
  if (!step) return std::unexpected(step.error());
  bool chained = false;
  if (auto st = apply_shim_step(*step, &chained, &report.lines); !st) return std::unexpected(st.error());
  report.changed = step->action != ShimAction::Unchanged;
  add_config_lines(report, "<git dir>");
  if (is_gitolite_common(dir))
    report.next_steps.push_back("as the gitolite account, run `gitolite setup --hooks-only` so every repository "
                                "links it (new repositories get it when gitolite creates them)");
  else
    report.next_steps.push_back("point the repositories at it, as the server's account: `git config --global "
                                "core.hooksPath " + dir.string() + "` (or --system, or in each repository)");
  return report;
}

}  // namespace

Result<InstallReport> install_server_hook(Repository* repo, const ServerInstallOptions& options) {
  if (!options.hooks_dir.empty()) return install_into_dir(fs::absolute(options.hooks_dir).lexically_normal(), options.force);
  if (!repo)
    return fail(ErrorKind::Usage, "not inside a git repository", fs::current_path().string(),
                "run it in a bare repository, or name a shared hooks directory with --hooks-dir DIR");
  const RepoPaths& paths = repo->paths();
  if (!paths.bare)
    return fail(ErrorKind::Usage, "not a bare repository: --server installs the hook a git server runs on push",
                paths.work_tree.string(),
                "run it in the server's bare repository (git init --bare), or name the hooks directory the server "
                "uses with --hooks-dir DIR; in a clone, `hookagent install` sets up pre-commit and pre-push");
  InstallOptions install;
  install.hooks = {Hook::PreReceive};
  install.force = options.force;
  install.shim = true;  // a server has no husky, lefthook or pre-commit to go through
  auto report = install_hooks(*repo, install);
  if (!report) return report;
  add_config_lines(*report, (paths.common_dir.empty() ? paths.git_dir : paths.common_dir).string());
  return report;
}

Result<InstallReport> uninstall_server_hook(const fs::path& hooks_dir) {
  InstallReport report;
  auto lines = remove_shim(fs::absolute(hooks_dir).lexically_normal(), std::string(hook_name(Hook::PreReceive)), true);
  if (!lines) return std::unexpected(lines.error());
  report.lines = std::move(*lines);
  report.changed = !report.lines.empty();
  if (report.lines.empty()) report.lines.push_back("no pre-receive of hookagent's in " + hooks_dir.string());
  return report;
}

}  // namespace hookagent::hooks
