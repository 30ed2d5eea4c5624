// Notes are lost on rebase/amend unless notes.rewriteRef covers them, and a
// notes merge conflicts unless told how to merge (DESIGN §4).
// git-config(1): notes.rewriteRef is multi-valued and may be a glob;
// notes.<name>.mergeStrategy applies to a merge into refs/notes/<name> and takes
// no glob (checked with git 2.39: `notes.hookagent/code-review.mergeStrategy`
// governs `git notes --ref hookagent/code-review merge`), so it is set per skill.
#include <algorithm>
#include <set>

#include "core/paths.hpp"
#include "hooks/installer.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

// Skills whose notes live under refs/notes/hookagent/<skill>: the bundled ones
// that are always known, plus any shipped in data_dir()/skills/.
std::set<std::string> note_writing_skills() {
  std::set<std::string> skills{"code-review", "security-scan", "test-coverage", "docs-audit",
                               "commit-message"};
  std::error_code ec;
  for (auto it = fs::directory_iterator(data_dir() / "skills", ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    if (it->is_directory(ec) && fs::exists(it->path() / "SKILL.md", ec))
      skills.insert(it->path().filename().string());
  return skills;
}

}  // namespace

Result<NotesConfigChange> configure_notes(Repository& repo) {
  NotesConfigChange change;
  auto existing = repo.get_config_all("notes.rewriteRef");
  if (!existing) return std::unexpected(existing.error());
  if (std::find(existing->begin(), existing->end(), kNotesRewriteRef) == existing->end()) {
    if (auto st = repo.add_config_multivar("notes.rewriteRef", kNotesRewriteRef); !st)
      return std::unexpected(st.error());
    change.added_rewrite_ref = true;
  }
  for (const auto& skill : note_writing_skills()) {
    const auto key = "notes.hookagent/" + skill + ".mergeStrategy";
    auto current = repo.get_config(key);
    if (!current) return std::unexpected(current.error());
    if (*current) continue;  // the user's own choice wins
    if (auto st = repo.set_config(key, "cat_sort_uniq"); !st) return std::unexpected(st.error());
    change.merge_strategy_keys.push_back(key);
  }
  return change;
}

Status unconfigure_notes(Repository& repo, bool remove_rewrite_ref,
                         const std::vector<std::string>& merge_strategy_keys) {
  if (remove_rewrite_ref)
    if (auto st = repo.remove_config_multivar_value("notes.rewriteRef", kNotesRewriteRef); !st) return st;
  for (const auto& key : merge_strategy_keys)
    if (auto st = repo.unset_config(key); !st) return st;
  return ok();
}

}  // namespace hookagent::hooks
