#include "probe_hooks.hpp"

#include <git2.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "git/libgit2_init.hpp"

namespace hookagent::test {
namespace fs = std::filesystem;

namespace {
// Every test binary of src/git/ needs libgit2 initialised once, as main does.
[[maybe_unused]] const bool libgit2_ready = (hookagent::gitx::wait_libgit2_init(), true);
}  // namespace

std::string probe_path() { return GIT_PROBE_PATH; }

void install_probe_hook(const GitRepo& repo, const std::string& hook, const std::string& probe_args,
                        const fs::path& out_file, fs::path hooks_dir) {
  if (hooks_dir.empty()) hooks_dir = repo.root() / ".git" / "hooks";
  fs::create_directories(hooks_dir);
  std::string out = out_file.string();
  // The snapshot covers the index git handed over, the repository's own index
  // and every work tree file with its mode, size, mtime and content hash.
  std::string script =
      "#!/bin/sh\n"
      "snap() {\n"
      "  for f in \"$GIT_INDEX_FILE\" \"$(env -u GIT_INDEX_FILE git rev-parse --git-path index)\"; do\n"
      "    [ -f \"$f\" ] && { printf '%s ' \"$f\"; stat -c '%s %Y' \"$f\"; sha1sum < \"$f\"; }\n"
      "  done\n"
      "  if [ \"$(git rev-parse --is-bare-repository)\" = false ]; then\n"
      "    find . -path ./.git -prune -o -type f -printf '%P %m %s %T@\\n' | sort\n"
      "    find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 -r sha1sum\n"
      "  fi\n"
      "}\n"
      "snap > '" + out + ".before'\n"
      "'" + probe_path() + "' " + probe_args + " > '" + out + "' 2>&1 || echo \"probe exit $?\" >> '" + out + "'\n"
      "echo \"quarantine=${GIT_QUARANTINE_PATH:+yes}\" > '" + out + ".env'\n"
      "snap > '" + out + ".after'\n"
      "exit 0\n";
  write_file(hooks_dir / hook, script);
  fs::permissions(hooks_dir / hook, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

HookRun read_hook_run(const fs::path& out_file) {
  REQUIRE(fs::exists(out_file));
  return {read_file(out_file), read_file(out_file.string() + ".before"), read_file(out_file.string() + ".after")};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

ProcessResult run_probe(const GitRepo& repo, const std::string& args, const fs::path& dir,
                        const std::map<std::string, std::string>& extra, const std::string& input) {
  ProcessOptions o;
  o.cwd = dir;
  o.env_set = repo.env();
  for (auto& [k, v] : extra) o.env_set[k] = v;
  o.stdin_data = input;
  std::vector<std::string> argv{"sh", "-c", "'" + probe_path() + "' " + args};
  return run_process(argv, o);
}

}  // namespace hookagent::test

namespace hookagent::test {

std::vector<ChangeRow> rows_of(const std::string& text) {
  std::vector<ChangeRow> rows;
  for (auto& line : lines_of(text)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    INFO("probe line: " << line);
    REQUIRE(f.size() == 7);
    rows.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  return rows;
}

ChangeRow row_for(const std::vector<ChangeRow>& rows, const std::string& path) {
  const ChangeRow* found = nullptr;
  int n = 0;
  for (auto& r : rows)
    if (r.path == path) found = &r, ++n;
  INFO("looking for " << path);
  REQUIRE(n == 1);
  return *found;
}

}  // namespace hookagent::test
