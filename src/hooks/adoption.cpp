#include "hooks/adoption.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "agent/process_runner.hpp"
#include "hooks/tool_config.hpp"

extern char** environ;

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

// The file's bytes; nullopt when it does not exist; an error when it exists
// but cannot be read (a husky directory without x, a file without r).
Result<std::optional<std::string>> read_if_present(const fs::path& file) {
  struct stat st{};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    return fail(ErrorKind::Usage, std::string("cannot read: ") + std::strerror(errno), file.string(),
                "make its directory searchable and the file readable (chmod u+rx); nothing was changed");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail(ErrorKind::Usage, std::string("cannot read: ") + std::strerror(errno), file.string(),
                "make the file readable (chmod u+r); nothing was changed");
  std::stringstream ss;
  ss << in.rdbuf();
  return std::optional<std::string>(ss.str());
}

std::string relative_to(const fs::path& file, const fs::path& work_tree) {
  return file.lexically_normal().lexically_relative(work_tree.lexically_normal()).string();
}

const Adoption* recorded_for(const std::vector<Adoption>& recorded, HookTool tool, Hook hook) {
  for (const auto& a : recorded)
    if (a.tool == tool_name(tool) && a.hook == hook_name(hook)) return &a;
  return nullptr;
}

struct Draft {
  std::map<fs::path, FileChange> files;
  std::vector<fs::path> order;

  // The text of `file` as the plan has it so far (reading it the first time).
  Result<std::optional<std::string>> text(const fs::path& file) {
    if (auto it = files.find(file); it != files.end()) return it->second.after;
    auto read = read_if_present(file);
    if (!read) return std::unexpected(read.error());
    files[file] = FileChange{file, *read, *read};
    order.push_back(file);
    return *read;
  }
  void set(const fs::path& file, std::optional<std::string> after) { files[file].after = std::move(after); }
  std::vector<FileChange> changes() const {
    std::vector<FileChange> out;
    for (const auto& f : order)
      if (files.at(f).before != files.at(f).after) out.push_back(files.at(f));
    return out;
  }
};

Result<AddResult> add_to(const FoundTool& tool, const std::string& text, Hook hook, const std::string& label,
                         const std::string& stage) {
  switch (tool.tool) {
    case HookTool::Husky: return husky_add(text, hook);
    case HookTool::Lefthook: return lefthook_add(text, hook, label);
    case HookTool::PreCommit: return precommit_add(text, stage, label);
  }
  return AddResult{};
}

Result<std::string> remove_from(HookTool tool, const std::string& text, const Adoption& a, const std::string& label) {
  switch (tool) {
    case HookTool::Husky: return husky_remove(text, a.added, label);
    case HookTool::Lefthook: return lefthook_remove(text, *parse_hook_name(a.hook), a.added, label);
    case HookTool::PreCommit: return precommit_remove(text, a.added, label);
  }
  return text;
}

Status write_atomically(const fs::path& file, const std::string& text, mode_t mode) {
  std::string tmp = file.string() + ".hookagent-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0)
    return fail(ErrorKind::Usage, std::string("cannot write: ") + std::strerror(errno), file.string(),
                "make its directory writable");
  bool good = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  good = good && fchmod(fd, mode) == 0 && fsync(fd) == 0;
  good = (close(fd) == 0) && good;
  if (!good || rename(tmp.c_str(), file.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return fail(ErrorKind::Io, std::string("cannot write: ") + std::strerror(err), file.string());
  }
  return ok();
}

mode_t mode_for(const FileChange& change) {
  struct stat st{};
  if (::stat(change.file.c_str(), &st) == 0) return st.st_mode & 07777;
  return 0755;
}

Status apply_one(const FileChange& change, const std::optional<std::string>& content) {
  if (!content) {
    std::error_code ec;
    fs::remove(change.file, ec);
    if (ec) return fail(ErrorKind::Io, "cannot remove: " + ec.message(), change.file.string());
    return ok();
  }
  return write_atomically(change.file, *content, mode_for(change));
}

}  // namespace

Status check_writable_dir(const fs::path& dir, const std::string& what) {
  auto probe = (dir / ".hookagent-write-test-XXXXXX").string();
  int fd = mkstemp(probe.data());
  if (fd < 0) {
    int err = errno;
    return fail(ErrorKind::Usage, what + " is not writable: " + std::strerror(err), dir.string(),
                "make it writable (e.g. chmod u+w '" + dir.string() + "'); nothing was changed");
  }
  close(fd);
  unlink(probe.c_str());
  return ok();
}

Result<bool> tool_takes_hook(const FoundTool& tool, Hook hook) {
  switch (tool.tool) {
    case HookTool::Husky: return true;
    case HookTool::PreCommit: return hook == Hook::PreCommit;
    case HookTool::Lefthook: {
      if (hook == Hook::PreCommit) return true;
      if (!tool.editable) return false;
      auto text = read_if_present(tool.config);
      if (!text) return std::unexpected(text.error());
      return lefthook_has_section(text->value_or(""), hook, tool.config.string());
    }
  }
  return false;
}

Result<AdoptionPlan> plan_adoption(const RepoPaths& repo, const fs::path& hooks_dir, const FoundTool& tool,
                                   const std::vector<Hook>& hooks, const std::vector<Adoption>& recorded,
                                   const std::string& pre_commit_stage) {
  AdoptionPlan plan;
  if (!tool.editable)
    return fail(ErrorKind::Usage, "lefthook reads this file, but hookagent edits only YAML lefthook configs",
                tool.config.string(),
                "add a pre-commit command running `hookagent run pre-commit` by hand (templates/lefthook.yml shows "
                "it in YAML), or run `hookagent install --shim`; nothing was changed");
  Draft draft;
  for (Hook hook : hooks) {
    const std::string name(hook_name(hook));
    const fs::path file = tool.tool == HookTool::Husky ? tool.config / name : tool.config;
    const std::string rel = relative_to(file, repo.work_tree);
    if (tool.tool == HookTool::Husky)
      if (auto why = husky_wrapper_problem(tool.config, hook, hooks_dir); !why.empty())
        return fail(ErrorKind::Usage, why, file.string(),
                    "run `npx husky` (it rewrites husky's hooks), then `hookagent install`; nothing was changed");
    auto text = draft.text(file);
    if (!text) return std::unexpected(text.error());
    if (const Adoption* earlier = recorded_for(recorded, tool.tool, hook);
        earlier && *text && earlier->file == rel && (*text)->find(earlier->added) != std::string::npos) {
      plan.adoptions.push_back(*earlier);
      plan.lines.push_back(name + ": already in " + rel);
    } else {
      auto added = add_to(tool, text->value_or(""), hook, file.string(), pre_commit_stage);
      if (!added) return std::unexpected(added.error());
      if (!added->addition) {
        plan.lines.push_back(name + ": " + rel + " already runs hookagent (" + added->already + "); left it as it is");
      } else {
        plan.adoptions.push_back({std::string(tool_name(tool.tool)), name, rel, added->addition->added, !*text});
        draft.set(file, added->addition->after);
        plan.lines.push_back(name + ": added hookagent to " + rel + " (" + std::string(tool_name(tool.tool)) +
                             " runs it; its re-installs keep it)");
      }
    }
    if (!tool_runs_hook(tool, hook, hooks_dir))
      plan.not_wired.push_back(name + ": " + std::string(tool_name(tool.tool)) + " is not installed for " + name +
                               " in this clone yet, so git does not run " + rel + ": run `" +
                               tool_install_command(tool.tool) + "`");
  }
  plan.changes = draft.changes();
  for (const auto& change : plan.changes) {
    if (auto st = check_writable_dir(change.file.parent_path(), "the directory of " + change.file.filename().string());
        !st)
      return std::unexpected(st.error());
    const std::string rel = relative_to(change.file, repo.work_tree);
    if (tool.tool == HookTool::PreCommit)  // pre-commit stops every commit while its config has unstaged changes
      plan.not_wired.push_back("`git add " + rel + "`: pre-commit refuses to run while its config has unstaged "
                               "changes (commit it, and everyone who clones runs hookagent too)");
    else
      plan.lines.push_back("commit " + rel + " and everyone who clones runs hookagent too");
  }
  return plan;
}

Result<AdoptionPlan> plan_unadoption(const RepoPaths& repo, const std::vector<Adoption>& recorded) {
  AdoptionPlan plan;
  Draft draft;
  for (auto it = recorded.rbegin(); it != recorded.rend(); ++it) {
    const Adoption& a = *it;
    auto tool = parse_tool_name(a.tool);
    const fs::path file = repo.work_tree / a.file;
    if (!tool) continue;  // written by a newer hookagent: not ours to guess at
    auto text = draft.text(file);
    if (!text) return std::unexpected(text.error());
    if (!*text) {
      plan.lines.push_back(a.hook + ": " + a.file.string() + " is gone; nothing to remove there");
      continue;
    }
    auto removed = remove_from(*tool, **text, a, file.string());
    if (!removed) {
      plan.adoptions.push_back(a);
      plan.lines.push_back(a.hook + ": left " + a.file.string() + " alone: " + removed.error().message());
      continue;
    }
    std::optional<std::string> after = *removed;
    static const std::regex kOnlyShebang(R"(^(#![^\n]*\n)?\s*$)");
    if (a.created_file && std::regex_match(*removed, kOnlyShebang)) after.reset();
    draft.set(file, after);
    plan.lines.push_back(a.hook + ": removed hookagent from " + a.file.string() + (after ? "" : " (and the file it created)"));
  }
  plan.changes = draft.changes();
  for (const auto& change : plan.changes)
    if (auto st = check_writable_dir(change.file.parent_path(), "the directory of " + change.file.filename().string());
        !st)
      return std::unexpected(st.error());
  return plan;
}

Status apply_changes(const std::vector<FileChange>& changes) {
  std::vector<FileChange> done;
  for (const auto& change : changes) {
    if (auto st = apply_one(change, change.after); !st) {
      revert_changes(done);
      Error e = st.error();
      e.hint = "nothing was changed" + (e.hint.empty() ? "" : "; " + e.hint);
      return std::unexpected(e);
    }
    done.push_back(change);
  }
  return ok();
}

void revert_changes(const std::vector<FileChange>& changes) {
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) (void)apply_one(*it, it->before);
}

bool on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    fs::path dir = dirs.substr(start, end - start);
    if (dir.empty()) dir = ".";
    if (access((dir / name).c_str(), X_OK) == 0) return true;  // hookagent:allow (PATH lookup, as sh does)
    start = end + 1;
  }
  return false;
}

std::string pre_commit_stage_name() {
  agent::ProcessSpec spec;
  spec.argv = {"pre-commit", "--version"};
  for (char** e = environ; e && *e; ++e) spec.env.emplace_back(*e);
  spec.timeout = std::chrono::seconds(20);
  auto out = agent::run_process(spec);
  static const std::regex kVersion(R"(pre-commit (\d+)\.(\d+))");
  std::smatch m;
  if (out.exit_code != 0 || !std::regex_search(out.out, m, kVersion)) return "pre-commit";
  const int major = std::stoi(m[1]), minor = std::stoi(m[2]);
  return (major < 3 || (major == 3 && minor < 2)) ? "commit" : "pre-commit";
}

}  // namespace hookagent::hooks
