// lefthook.yml: a `hookagent` entry in the hook's `commands:` map (or a job
// named hookagent when the section uses `jobs:`), inserted as text at the
// positions yaml-cpp reports, then proven by parsing the result again.
//
// lefthook facts (v2.2, https://lefthook.dev/configuration): `{1}`, `{2}` are
// git's arguments, replaced verbatim; `use_stdin: true` hands git's stdin
// (pre-push ref lines) to the command; a pre-commit command is skipped when
// nothing is staged, and a pre-push command when HEAD has no file changes
// against @{push}.
#include "hooks/config_text.hpp"
#include "hooks/tool_config.hpp"
#include "hooks/yaml_tree.hpp"

namespace hookagent::hooks {

namespace {

const char* const kEntryName = "hookagent";

std::string args_for(Hook hook) {
  switch (hook) {
    case Hook::PrePush: return " -- \"{1}\" \"{2}\"";
    case Hook::CommitMsg:
    case Hook::PostMerge:
    case Hook::PostRewrite: return " -- \"{1}\"";
    case Hook::PrepareCommitMsg: return " -- {0}";  // one to three arguments: {2} would stay literal
    default: return "";
  }
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'' ? std::string("''") : std::string(1, c));
  return out + "'";
}

std::string comment() { return "  # " + std::string(kAddedMarker) + "; `hookagent uninstall` removes it"; }

std::vector<std::string> command_lines(size_t indent, Hook hook) {
  const std::string pad(indent, ' ');
  std::vector<std::string> out{pad + kEntryName + ":" + comment(), pad + "  run: " + single_quoted(lefthook_command(hook))};
  if (reads_stdin(hook)) out.push_back(pad + "  use_stdin: true");
  return out;
}

std::vector<std::string> job_lines(size_t indent, Hook hook) {
  const std::string pad(indent, ' ');
  std::vector<std::string> out{pad + "- name: " + kEntryName + comment(),
                               pad + "  run: " + single_quoted(lefthook_command(hook))};
  if (reads_stdin(hook)) out.push_back(pad + "  use_stdin: true");
  return out;
}

bool runs_hookagent(const std::string& run) {
  size_t first = run.find_first_not_of(" \t\n");
  return first != std::string::npos && (run.compare(first, 10, "hookagent ") == 0 ||
                                        run.find(" hookagent run ") != std::string::npos ||
                                        run.find(" hookagent scan") != std::string::npos);
}

// The config without hookagent's own entry for `hook`, and without the empty
// containers that removing it leaves (so that "before" and "after" compare).
YAML::Node without_ours(const YAML::Node& root, Hook hook) {
  YAML::Node copy = YAML::Clone(root);
  const std::string name(hook_name(hook));
  auto section = find_entry(copy, name);
  if (section && section->value.IsMap()) {
    YAML::Node v = section->value;  // yaml-cpp nodes are handles: edits reach `copy`
    if (auto commands = find_entry(v, "commands"); commands && commands->value.IsMap())
      commands->value.remove(kEntryName);
    if (auto jobs = find_entry(v, "jobs"); jobs && jobs->value.IsSequence()) {
      YAML::Node kept(YAML::NodeType::Sequence);
      for (const auto& job : jobs->value)
        if (scalar_at(job, "name") != kEntryName) kept.push_back(job);
      v["jobs"] = kept;
    }
    for (auto key : {"commands", "jobs"})
      if (auto e = find_entry(v, key); e && (e->value.IsNull() || e->value.size() == 0)) v.remove(key);
  }
  if (section && (section->value.IsNull() || (section->value.IsMap() && section->value.size() == 0)))
    copy.remove(name);
  return copy.IsMap() && copy.size() == 0 ? YAML::Node() : copy;
}

bool has_our_entry(const YAML::Node& root, Hook hook) {
  auto section = find_entry(root, hook_name(hook));
  if (!section || !section->value.IsMap()) return false;
  if (auto commands = find_entry(section->value, "commands"); commands && commands->value.IsMap())
    if (auto ours = find_entry(commands->value, kEntryName);
        ours && scalar_at(ours->value, "run") == lefthook_command(hook))
      return true;
  if (auto jobs = find_entry(section->value, "jobs"); jobs && jobs->value.IsSequence())
    for (const auto& job : jobs->value)
      if (scalar_at(job, "name") == kEntryName && scalar_at(job, "run") == lefthook_command(hook)) return true;
  return false;
}

// What already runs hookagent in the section, as "pre-commit.commands.NAME".
std::string existing_runner(const YAML::Node& root, Hook hook) {
  const std::string name(hook_name(hook));
  auto section = find_entry(root, name);
  if (!section || !section->value.IsMap()) return {};
  if (auto commands = find_entry(section->value, "commands"); commands && commands->value.IsMap())
    for (const auto& kv : commands->value)
      if (runs_hookagent(scalar_at(kv.second, "run"))) return name + ".commands." + kv.first.as<std::string>("?");
  if (auto jobs = find_entry(section->value, "jobs"); jobs && jobs->value.IsSequence()) {
    int i = 0;
    for (const auto& job : jobs->value) {
      if (runs_hookagent(scalar_at(job, "run")))
        return name + ".jobs[" + std::to_string(i) + "]" +
               (scalar_at(job, "name").empty() ? "" : " (" + scalar_at(job, "name") + ")");
      ++i;
    }
  }
  return {};
}

Error unsafe(const std::string& label, Hook hook, const std::string& why) {
  return Error{ErrorKind::Usage, "cannot add hookagent to this lefthook config safely: " + why, label,
               "add a " + std::string(hook_name(hook)) + " command running `" + lefthook_command(hook) +
                   "` by hand (see templates/lefthook.yml), or run `hookagent install --shim`; nothing was changed"};
}

// Where the entry goes, as lines to insert before line `at`.
Result<std::pair<size_t, std::vector<std::string>>> placement(const YAML::Node& root, Hook hook, size_t line_count,
                                                              const std::string& label) {
  const std::string name(hook_name(hook));
  if (!root.IsNull() && !is_block_map(root)) return std::unexpected(unsafe(label, hook, "its top level is not a mapping"));
  auto section = root.IsNull() ? std::nullopt : find_entry(root, name);
  if (!section) {  // a new section at the end of the file
    std::vector<std::string> block{name + ":", "  commands:"};
    for (auto& l : command_lines(4, hook)) block.push_back(l);
    return std::pair{line_count, block};
  }
  const auto key_line = static_cast<size_t>(section->key.Mark().line);
  const auto key_col = static_cast<size_t>(section->key.Mark().column);
  const YAML::Node& v = section->value;
  if (v.IsNull()) {
    std::vector<std::string> block{std::string(key_col + 2, ' ') + "commands:"};
    for (auto& l : command_lines(key_col + 4, hook)) block.push_back(l);
    return std::pair{key_line + 1, block};
  }
  if (!is_block_map(v)) return std::unexpected(unsafe(label, hook, name + " is not a block mapping"));
  const auto child_col = static_cast<size_t>(v.Mark().column);
  if (auto commands = find_entry(v, "commands")) {
    const auto at = static_cast<size_t>(commands->key.Mark().line) + 1;
    if (commands->value.IsNull())
      return std::pair{at, command_lines(static_cast<size_t>(commands->key.Mark().column) + 2, hook)};
    if (!is_block_map(commands->value))
      return std::unexpected(unsafe(label, hook, name + ".commands is not a block mapping"));
    if (find_entry(commands->value, kEntryName))
      return std::unexpected(unsafe(label, hook, name + ".commands already has an entry named hookagent"));
    return std::pair{at, command_lines(static_cast<size_t>(commands->value.Mark().column), hook)};
  }
  if (auto jobs = find_entry(v, "jobs")) {
    const auto at = static_cast<size_t>(jobs->key.Mark().line) + 1;
    if (!is_block_sequence(jobs->value) || jobs->value.size() == 0)
      return std::unexpected(unsafe(label, hook, name + ".jobs is not a block list"));
    return std::pair{at, job_lines(static_cast<size_t>(jobs->value.Mark().column), hook)};
  }
  std::vector<std::string> block{std::string(child_col, ' ') + "commands:"};
  for (auto& l : command_lines(child_col + 2, hook)) block.push_back(l);
  return std::pair{key_line + 1, block};
}

}  // namespace

std::string lefthook_command(Hook hook) { return "hookagent run " + std::string(hook_name(hook)) + args_for(hook); }

Result<AddResult> lefthook_add(const std::string& text, Hook hook, const std::string& label) {
  auto before = parse_yaml_document(text, label);
  if (!before) return std::unexpected(before.error());
  if (auto runner = existing_runner(*before, hook); !runner.empty()) return AddResult{std::nullopt, runner};
  auto where = placement(*before, hook, split_lines(text).lines.size(), label);
  if (!where) return std::unexpected(where.error());
  ConfigAddition out;
  out.after = insert_lines(text, where->first, where->second, &out.added);
  auto after = parse_yaml_document(out.after, label);
  if (!after || !has_our_entry(*after, hook) ||
      canonical_yaml(without_ours(*after, hook)) != canonical_yaml(without_ours(*before, hook)))
    return std::unexpected(unsafe(label, hook, "the edited file would not mean the same plus hookagent's entry"));
  return AddResult{out, {}};
}

Result<std::string> lefthook_remove(const std::string& text, Hook hook, const std::string& added,
                                    const std::string& label) {
  auto before = parse_yaml_document(text, label);
  if (!before) return std::unexpected(before.error());
  auto removed = remove_exact(text, added, label, std::string(hook_name(hook)) + " entry");
  if (!removed) return removed;
  auto after = parse_yaml_document(*removed, label);
  if (!after || has_our_entry(*after, hook) ||
      canonical_yaml(*after) != canonical_yaml(without_ours(*before, hook)))
    return fail(ErrorKind::Usage, "removing hookagent's " + std::string(hook_name(hook)) +
                                      " entry would change other lines of this lefthook config",
                label, "remove the lines marked \"" + std::string(kAddedMarker) + "\" by hand");
  return removed;
}

Result<bool> lefthook_runs_hookagent(const std::string& text, Hook hook, const std::string& label) {
  auto root = parse_yaml_document(text, label);
  if (!root) return std::unexpected(root.error());
  return !existing_runner(*root, hook).empty();
}

Result<bool> lefthook_has_section(const std::string& text, Hook hook, const std::string& label) {
  auto root = parse_yaml_document(text, label);
  if (!root) return std::unexpected(root.error());
  return find_entry(*root, hook_name(hook)).has_value();
}

}  // namespace hookagent::hooks
