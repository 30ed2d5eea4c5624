// SKILL.md parsing: the frontmatter between two `---` lines is YAML, the rest
// is the Markdown body. Accepts what real skill repositories contain (DESIGN §5).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "policy/policy.hpp"
#include "skills/skill.hpp"
#include "skills/skill_text.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

// Keys Claude Code and the Agent Skills format define; kept without a warning.
const std::set<std::string> kKnownOtherKeys = {
    "argument-hint", "disable-model-invocation", "user-invocable", "effort", "context",
    "agent", "hooks", "compatibility", "version", "when_to_use", "mode", "tags",
    "arguments", "background", "paths", "shell",
};

std::string loc(const fs::path& file, int line) { return file.string() + ":" + std::to_string(line); }

std::string as_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Any YAML value as compact JSON; scalars become strings (YAML does not say
// which plain scalars are numbers), null stays null.
std::string as_json(const YAML::Node& node) {
  if (node.IsScalar()) return json_string(node.Scalar());
  std::string out;
  if (node.IsSequence()) {
    for (const auto& item : node) out += (out.empty() ? "" : ",") + as_json(item);
    return "[" + out + "]";
  }
  if (node.IsMap()) {
    for (const auto& kv : node)
      out += (out.empty() ? "" : ",") + json_string(as_text(kv.first)) + ":" + as_json(kv.second);
    return "{" + out + "}";
  }
  return "null";
}

// allowed-tools / disallowed-tools: a string (space- or comma-separated,
// parentheses kept whole) or a YAML list of such strings.
Result<std::vector<std::string>> read_rule_list(const YAML::Node& node, const std::string& key,
                                                const fs::path& file, int line,
                                                std::vector<std::string>& warnings) {
  std::vector<std::string> raw;
  if (node.IsNull()) return raw;
  if (node.IsScalar()) {
    raw = split_rule_list(node.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (!item.IsScalar())
        return fail(ErrorKind::Config, "`" + key + "` entries must be strings",
                    loc(file, item.Mark().line + line), "write e.g. `- Bash(git diff *)`");
      for (auto& r : split_rule_list(item.Scalar())) raw.push_back(std::move(r));
    }
  } else {
    return fail(ErrorKind::Config, "`" + key + "` must be a string or a list", loc(file, line),
                "write `" + key + ": Read Grep Bash(git diff *)` or a YAML list");
  }
  std::vector<std::string> rules;
  for (auto& r : raw) {
    if (auto parsed = parse_permission_rule(r); parsed) {
      rules.push_back(parsed->text);
    } else {
      warnings.push_back(loc(file, line) + ": `" + key + "` entry `" + r + "` ignored: " + parsed.error().what);
    }
  }
  return rules;
}

// `fallback` is used when the key is absent, null or blank (Claude Code's own
// fallbacks, e.g. the folder name for `name`); empty means the key is required.
Result<std::string> required_string(const YAML::Node& root, const std::string& key, const fs::path& file,
                                    int fm_line, const std::string& fallback = {}) {
  const YAML::Node node = root[key];
  const bool blank = node && node.IsScalar() && trim_copy(node.Scalar()).empty();
  if (!fallback.empty() && (!node || node.IsNull() || blank)) return fallback;
  if (!node || node.IsNull())
    return fail(ErrorKind::Config, "frontmatter has no `" + key + "`", loc(file, fm_line),
                key == "name" ? "add `name: <skill-name>` (lowercase, digits, hyphens)"
                              : "add `description:` saying what the skill does and when to use it, or a "
                                "first paragraph to the body (Claude Code's fallback)");
  if (!node.IsScalar())
    return fail(ErrorKind::Config, "`" + key + "` must be a string", loc(file, node.Mark().line + fm_line),
                "quote the value, or use a block scalar (`|` or `>-`)");
  std::string value = trim_copy(node.Scalar());
  if (value.empty())
    return fail(ErrorKind::Config, "`" + key + "` is empty", loc(file, node.Mark().line + fm_line),
                "give the skill a " + key);
  return value;
}

Status fill_from_yaml(Skill& skill, const YAML::Node& root, const fs::path& file, int fm_line) {
  if (!root.IsMap())
    return fail(ErrorKind::Config, "frontmatter is not a YAML mapping", loc(file, fm_line),
                "write `key: value` lines between the `---` lines");
  // Claude Code names a skill without `name` after its folder.
  const std::string folder = file.parent_path().filename().string();
  auto name = required_string(root, "name", file, fm_line, folder);
  if (!name) return std::unexpected(name.error());
  // ... and describes a skill without `description` by its first paragraph.
  auto description = required_string(root, "description", file, fm_line, first_paragraph(skill.body));
  if (!description) return std::unexpected(description.error());
  skill.name = *name;
  skill.description = *description;
  const YAML::Node name_node = root["name"];
  const int name_line = name_node && !name_node.IsNull() ? name_node.Mark().line + fm_line : fm_line;
  if (!is_conventional_skill_name(skill.name))
    skill.warnings.push_back(loc(file, name_line) + ": name `" + skill.name +
                             "` is not lowercase letters, digits and hyphens; use that name exactly");

  for (const auto& kv : root) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : as_text(kv.first);
    const YAML::Node& value = kv.second;
    const int line = kv.first.Mark().line + fm_line;
    if (key == "name" || key == "description") continue;
    if (key == "allowed-tools" || key == "disallowed-tools") {
      auto rules = read_rule_list(value, key, file, fm_line, skill.warnings);
      if (!rules) return std::unexpected(rules.error());
      (key == "allowed-tools" ? skill.allowed_tools : skill.disallowed_tools) = std::move(*rules);
    } else if (key == "model" || key == "license") {
      if (!value.IsScalar() && !value.IsNull())
        return fail(ErrorKind::Config, "`" + key + "` must be a string", loc(file, line), "");
      (key == "model" ? skill.model : skill.license) = value.IsNull() ? "" : trim_copy(value.Scalar());
    } else if (key == "metadata") {
      // Claude Code does not read `metadata`; any shape is kept as opaque JSON.
      if (value.IsNull()) continue;
      skill.metadata_text = as_json(value);
      if (value.IsMap())
        for (const auto& m : value)
          skill.metadata[as_text(m.first)] = m.second.IsScalar() ? m.second.Scalar() : as_json(m.second);
    } else {
      skill.extra_keys[key] = as_text(value);
      if (!kKnownOtherKeys.count(key))
        skill.warnings.push_back(loc(file, line) + ": unknown frontmatter key `" + key + "` kept but not used");
    }
  }
  return ok();
}

// Strict YAML first; if that fails, once more with plain `key: a: b` values
// quoted, as Claude Code does. A file still broken throws the second error:
// the quoting keeps every line where it was, and the first error may only
// have been the unquoted `: ` while the real fault is further down.
YAML::Node load_frontmatter(const std::string& frontmatter) {
  std::string quoted;
  try {
    return YAML::Load(frontmatter);
  } catch (const YAML::Exception&) {
    quoted = quote_plain_values_with_colons(frontmatter);
    if (quoted == frontmatter) throw;
  }
  return YAML::Load(quoted);
}

// Claude Code loads a SKILL.md without frontmatter: every field is optional
// (the folder names it, the first paragraph describes it). No allowed-tools
// means the agent gets only report_finding.
Result<Skill> skill_without_frontmatter(const std::string& text, const fs::path& file) {
  Skill skill;
  skill.file = file;
  skill.dir = file.parent_path();
  skill.name = file.parent_path().filename().string();
  skill.body = text.substr(std::min(text.size(), text.find_first_not_of('\n')));
  skill.description = first_paragraph(skill.body);
  if (skill.name.empty())
    return fail(ErrorKind::Config, "no frontmatter, and no folder to name the skill after", loc(file, 1),
                "start the file with `---`, `name: <skill-name>`, `description: ...`, `---`");
  if (skill.description.empty())
    return fail(ErrorKind::Config, "no frontmatter and no text to describe the skill", loc(file, 1),
                "start the file with a `---` line, YAML frontmatter (name, description), and a closing `---` line");
  skill.warnings.push_back(loc(file, 1) + ": no frontmatter: named `" + skill.name +
                           "` after its folder and described by its first paragraph, as Claude Code does");
  if (!is_conventional_skill_name(skill.name))
    skill.warnings.push_back(loc(file, 1) + ": name `" + skill.name +
                             "` is not lowercase letters, digits and hyphens; use that name exactly");
  return skill;
}

}  // namespace

Result<Skill> parse_skill(std::string_view input, const fs::path& file) {
  if (input.size() > kMaxSkillBytes)
    return fail(ErrorKind::Config,
                "SKILL.md is " + std::to_string(input.size()) + " bytes; the limit is " +
                    std::to_string(kMaxSkillBytes) + " (the body is sent to the model on every run)",
                loc(file, 1), "move reference material into supporting files beside SKILL.md");
  std::string text = normalize_skill_text(input);
  if (auto bad = find_binary_bytes(text); bad)
    return fail(ErrorKind::Config, "binary bytes (" + bad->what + ")", loc(file, bad->line),
                "SKILL.md must be UTF-8 text");
  auto split = split_frontmatter(text);
  if (!split && split.error().starts_with("no YAML frontmatter") && !has_misplaced_frontmatter(text))
    return skill_without_frontmatter(text, file);
  if (!split)
    return fail(ErrorKind::Config, split.error(), loc(file, 1),
                "start the file with a `---` line, YAML frontmatter (name, description), and a closing `---` line");

  Skill skill;
  skill.file = file;
  skill.dir = file.parent_path();
  skill.body = split->body;
  // yaml-cpp marks are 0-based lines of the frontmatter text.
  const int fm_line = split->first_line;
  YAML::Node root;
  try {
    root = load_frontmatter(split->frontmatter);
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 1 : e.mark.line + fm_line;
    int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    // "end of ... not found" is marked past the last line: point at the last
    // frontmatter line instead of the closing fence.
    const int last =
        fm_line - 1 + static_cast<int>(std::count(split->frontmatter.begin(), split->frontmatter.end(), '\n'));
    if (line > last) {
      line = last;
      col = 0;
    }
    return fail(ErrorKind::Config, "broken YAML in frontmatter: " + e.msg,
                loc(file, line) + (col ? ":" + std::to_string(col) : ""),
                "values starting with `*`, `&`, `[` or `{` need quotes");
  } catch (const std::exception& e) {
    return fail(ErrorKind::Config, std::string("broken YAML in frontmatter: ") + e.what(), loc(file, 1),
                "check the frontmatter's YAML");
  }
  // An empty frontmatter sets nothing: every field takes Claude Code's fallback.
  if (!root || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  try {
    if (auto st = fill_from_yaml(skill, root, file, fm_line); !st) return std::unexpected(st.error());
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::Config, "unexpected YAML shape: " + e.msg,
                loc(file, e.mark.is_null() ? 1 : e.mark.line + fm_line), "check the frontmatter's types");
  } catch (const std::exception& e) {
    // A skill must never take a hook down, whatever yaml-cpp throws.
    return fail(ErrorKind::Config, std::string("cannot read frontmatter: ") + e.what(), loc(file, 1),
                "check the frontmatter's YAML");
  }
  return skill;
}

Result<Skill> load_skill(const fs::path& path) {
  std::error_code ec;
  fs::path file = fs::is_directory(path, ec) ? path / "SKILL.md" : path;
  if (!fs::is_regular_file(file, ec))
    return fail(ErrorKind::Config, "no SKILL.md here", file.string(),
                "a skill is a folder holding SKILL.md (or the path of a SKILL.md)");
  const auto size = fs::file_size(file, ec);
  if (ec) return fail(ErrorKind::Io, "cannot read: " + ec.message(), file.string(), "");
  // Check the size before reading: a 5 MB "skill" is refused without loading it.
  if (size > kMaxSkillBytes)
    return fail(ErrorKind::Config,
                "SKILL.md is " + std::to_string(size) + " bytes; the limit is " + std::to_string(kMaxSkillBytes) +
                    " (the body is sent to the model on every run)",
                loc(file, 1), "move reference material into supporting files beside SKILL.md");
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::Io, "cannot open", file.string(), "check the file's permissions");
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_skill(buf.str(), file);
}

}  // namespace hookagent
