// .pre-commit-config.yaml: a `repo: local` entry with one system hook,
// inserted as the first item of `repos:` (so hookagent runs before hooks that
// rewrite files), then proven by parsing the result again.
//
// pre-commit facts (3.0.4 source, pre_commit/clientlib.py and commands/run.py):
// `pass_filenames: false` runs the entry once with no file names (hookagent
// reads the staged index itself); `always_run: true` runs it even when no
// staged file matches its types; stage names are `commit`/`push` before 3.2
// and `pre-commit`/`pre-push` from 3.2 on.
#include "hooks/config_text.hpp"
#include "hooks/tool_config.hpp"
#include "hooks/yaml_tree.hpp"

namespace hookagent::hooks {

namespace {

std::vector<std::string> repo_lines(size_t indent, const std::string& stage) {
  const std::string pad(indent, ' ');
  return {
      pad + "- repo: local  # " + std::string(kAddedMarker) + "; `hookagent uninstall` removes it",
      pad + "  hooks:",
      pad + "    - id: " + kPreCommitHookId,
      pad + "      name: hookagent (secrets and dangerous code in the staged changes)",
      pad + "      entry: hookagent run pre-commit",
      pad + "      language: system",
      pad + "      pass_filenames: false",
      pad + "      always_run: true",
      pad + "      stages: [" + stage + "]",
  };
}

bool is_ours(const YAML::Node& repo) {
  if (scalar_at(repo, "repo") != "local") return false;
  auto hooks = find_entry(repo, "hooks");
  if (!hooks || !hooks->value.IsSequence() || hooks->value.size() != 1) return false;
  const YAML::Node& hook = hooks->value[0];
  return scalar_at(hook, "id") == kPreCommitHookId && scalar_at(hook, "entry") == "hookagent run pre-commit";
}

YAML::Node without_ours(const YAML::Node& root) {
  YAML::Node copy = YAML::Clone(root);
  auto repos = find_entry(copy, "repos");
  if (!repos || !repos->value.IsSequence()) return copy;
  YAML::Node kept(YAML::NodeType::Sequence);
  for (const auto& repo : repos->value)
    if (!is_ours(repo)) kept.push_back(repo);
  copy["repos"] = kept;
  return copy;
}

bool has_ours(const YAML::Node& root) {
  auto repos = find_entry(root, "repos");
  if (!repos || !repos->value.IsSequence()) return false;
  for (const auto& repo : repos->value)
    if (is_ours(repo)) return true;
  return false;
}

// A hook that already runs hookagent: ours, a local one whose entry starts
// with `hookagent`, or this project's own hook ids from a remote repo entry.
std::string existing_runner(const YAML::Node& root) {
  auto repos = find_entry(root, "repos");
  if (!repos || !repos->value.IsSequence()) return {};
  for (const auto& repo : repos->value) {
    auto hooks = find_entry(repo, "hooks");
    if (!hooks || !hooks->value.IsSequence()) continue;
    for (const auto& hook : hooks->value) {
      const std::string id = scalar_at(hook, "id"), entry = scalar_at(hook, "entry");
      if (id.rfind("hookagent", 0) == 0 || entry.rfind("hookagent ", 0) == 0)
        return "the hook `" + id + "` of repo " + scalar_at(repo, "repo");
    }
  }
  return {};
}

Error unsafe(const std::string& label, const std::string& why) {
  return Error{ErrorKind::Usage, "cannot add hookagent to this pre-commit config safely: " + why, label,
               "add a `repo: local` hook with `entry: hookagent run pre-commit`, `language: system`, "
               "`pass_filenames: false` by hand (see templates/pre-commit-local.yaml), or run `hookagent install "
               "--shim`; nothing was changed"};
}

}  // namespace

Result<AddResult> precommit_add(const std::string& text, const std::string& stage, const std::string& label) {
  auto before = parse_yaml_document(text, label);
  if (!before) return std::unexpected(before.error());
  if (auto runner = existing_runner(*before); !runner.empty()) return AddResult{std::nullopt, runner};
  if (!is_block_map(*before)) return std::unexpected(unsafe(label, "its top level is not a mapping"));
  auto repos = find_entry(*before, "repos");
  if (!repos) return std::unexpected(unsafe(label, "it has no `repos:` list (pre-commit requires one)"));
  if (!is_block_sequence(repos->value) || repos->value.size() == 0)
    return std::unexpected(unsafe(label, "`repos:` is not a block list (write it with one `- repo:` per line)"));
  ConfigAddition out;
  const auto at = static_cast<size_t>(repos->key.Mark().line) + 1;
  out.after = insert_lines(text, at, repo_lines(static_cast<size_t>(repos->value.Mark().column), stage), &out.added);
  auto after = parse_yaml_document(out.after, label);
  if (!after || !has_ours(*after) || canonical_yaml(without_ours(*after)) != canonical_yaml(without_ours(*before)))
    return std::unexpected(unsafe(label, "the edited file would not mean the same plus hookagent's hook"));
  return AddResult{out, {}};
}

Result<std::string> precommit_remove(const std::string& text, const std::string& added, const std::string& label) {
  auto before = parse_yaml_document(text, label);
  if (!before) return std::unexpected(before.error());
  auto removed = remove_exact(text, added, label, "hook entry");
  if (!removed) return removed;
  auto after = parse_yaml_document(*removed, label);
  if (!after || has_ours(*after) || canonical_yaml(*after) != canonical_yaml(without_ours(*before)))
    return fail(ErrorKind::Usage, "removing hookagent's hook would change other lines of this pre-commit config", label,
                "remove the lines marked \"" + std::string(kAddedMarker) + "\" by hand");
  return removed;
}

Result<bool> precommit_runs_hookagent(const std::string& text, const std::string& label) {
  auto root = parse_yaml_document(text, label);
  if (!root) return std::unexpected(root.error());
  return !existing_runner(*root).empty();
}

}  // namespace hookagent::hooks
