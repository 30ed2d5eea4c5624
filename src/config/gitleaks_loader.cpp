#include "config/gitleaks_loader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include <unordered_map>

namespace hookagent {
namespace fs = std::filesystem;
using scan::AllowlistSpec;
using scan::RuleSpec;
using scan::RuleSpecSet;

namespace {

constexpr int kMaxExtendDepth = 2;  // gitleaks: "chain together ... to a depth of 2"

// Reads one file's values; every error names file:line and the rule id.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  // gitleaks ignores keys it does not know; so do we, but a misspelt key
  // (`regexs`, `allowList`) silently does nothing, so each is named once.
  void note_unknown_keys(const toml::table& t, std::initializer_list<std::string_view> known,
                         const std::string& what) const {
    for (const auto& [key, node] : t) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      notes_.push_back(where(node) + ": unknown key '" + std::string(key.str()) + "' in " + what +
                       " (ignored; check its spelling against the gitleaks config format)");
    }
  }
  std::vector<std::string> take_notes() const { return std::move(notes_); }

  std::string where(const toml::node& n) const {
    return source_ + ":" + std::to_string(n.source().begin.line);
  }

  std::unexpected<Error> bad(const toml::node& n, const std::string& rule_id, const std::string& what,
                             const std::string& hint) const {
    std::string prefix = rule_id.empty() ? std::string() : "rule '" + rule_id + "': ";
    return fail(ErrorKind::Config, prefix + what, where(n), hint);
  }

  Status string(const toml::table& t, const char* key, std::string& out, const std::string& rule,
                bool* seen = nullptr) const {
    const toml::node* n = t.get(key);
    if (!n) return ok();
    if (!n->is_string()) return bad(*n, rule, std::string("'") + key + "' must be a string", "quote the value");
    out = n->as_string()->get();
    if (seen) *seen = true;
    return ok();
  }

  Status strings(const toml::table& t, const char* key, std::vector<std::string>& out,
                 const std::string& rule, bool* seen = nullptr) const {
    const toml::node* n = t.get(key);
    if (!n) return ok();
    const toml::array* a = n->as_array();
    if (!a) return bad(*n, rule, std::string("'") + key + "' must be an array of strings", "write [\"a\", \"b\"]");
    for (const toml::node& e : *a) {
      if (!e.is_string()) return bad(e, rule, std::string("'") + key + "' holds a non-string", "quote every element");
      out.push_back(e.as_string()->get());
    }
    if (seen) *seen = true;
    return ok();
  }

  Status number(const toml::table& t, const char* key, double& out, const std::string& rule,
                bool* seen = nullptr) const {
    const toml::node* n = t.get(key);
    if (!n) return ok();
    if (n->is_integer()) out = static_cast<double>(n->as_integer()->get());
    else if (n->is_floating_point()) out = n->as_floating_point()->get();
    else return bad(*n, rule, std::string("'") + key + "' must be a number", "e.g. 3.5");
    if (seen) *seen = true;
    return ok();
  }

  Status integer(const toml::table& t, const char* key, int& out, const std::string& rule,
                 bool* seen = nullptr) const {
    const toml::node* n = t.get(key);
    if (!n) return ok();
    if (!n->is_integer() || n->as_integer()->get() < 0 || n->as_integer()->get() > 1000)
      return bad(*n, rule, std::string("'") + key + "' must be a small non-negative integer", "e.g. 1");
    out = static_cast<int>(n->as_integer()->get());
    if (seen) *seen = true;
    return ok();
  }

  Result<AllowlistSpec> allowlist(const toml::table& t, const std::string& rule) const {
    AllowlistSpec a;
    a.where = where(t);
    note_unknown_keys(t, {"description", "regexes", "regexTarget", "paths", "stopwords", "commits", "condition",
                          "targetRules"},
                      "an allowlist");
    if (auto s = string(t, "description", a.description, rule); !s) return std::unexpected(s.error());
    for (auto [key, out] : {std::pair{"regexes", &a.regexes}, {"paths", &a.paths},
                            {"stopwords", &a.stopwords}, {"commits", &a.commits},
                            {"targetRules", &a.target_rules}}) {
      if (auto s = strings(t, key, *out, rule); !s) return std::unexpected(s.error());
    }
    if (const toml::node* n = t.get("regexTarget")) {
      auto v = n->value<std::string>();
      if (v == "secret") a.regex_target = scan::RegexTarget::Secret;
      else if (v == "match") a.regex_target = scan::RegexTarget::Match;
      else if (v == "line") a.regex_target = scan::RegexTarget::Line;
      else return bad(*n, rule, "regexTarget must be \"secret\", \"match\" or \"line\"", "gitleaks accepts only these three");
    }
    if (const toml::node* n = t.get("condition")) {
      auto v = n->value<std::string>();
      if (v == "OR" || v == "or") a.condition = scan::AllowCondition::Or;
      else if (v == "AND" || v == "and" || v == "&&") a.condition = scan::AllowCondition::And;
      else return bad(*n, rule, "condition must be \"OR\" or \"AND\"", "OR is the default");
    }
    return a;
  }

  // [[x]] arrays of tables and the legacy single [x] table both become a list.
  Status allowlists(const toml::table& t, const char* array_key, const char* legacy_key,
                    std::vector<AllowlistSpec>& out, const std::string& rule) const {
    for (const char* key : {legacy_key, array_key}) {
      const toml::node* n = t.get(key);
      if (!n) continue;
      std::vector<const toml::table*> tables;
      if (const toml::table* one = n->as_table()) tables.push_back(one);
      else if (const toml::array* many = n->as_array()) {
        for (const toml::node& e : *many) {
          if (!e.is_table()) return bad(e, rule, std::string("'") + key + "' must hold tables", "use [[" + std::string(key) + "]]");
          tables.push_back(e.as_table());
        }
      } else {
        return bad(*n, rule, std::string("'") + key + "' must be a table", "use [" + std::string(key) + "]");
      }
      for (const toml::table* one : tables) {
        auto a = allowlist(*one, rule);
        if (!a) return std::unexpected(a.error());
        out.push_back(std::move(*a));
      }
    }
    return ok();
  }

  Result<RuleSpec> rule(const toml::table& t) const {
    RuleSpec r;
    r.where = where(t);
    r.origin = source_;
    if (auto s = string(t, "id", r.id, ""); !s) return std::unexpected(s.error());
    if (r.id.empty()) return bad(t, "", "a [[rules]] entry has no id", "add id = \"my-rule\"");
    const std::string& id = r.id;
    note_unknown_keys(t, {"id", "description", "regex", "path", "secretGroup", "entropy", "keywords", "tags",
                          "allowlist", "allowlists", "required", "skipReport", "severity", "cwe", "fix", "category",
                          "positives", "negatives", "samplePath", "aliases", "confidence", "prefilter"},
                      "rule '" + id + "'");
    Status s = string(t, "description", r.description, id, &r.has_description);
    if (s) s = string(t, "regex", r.regex, id, &r.has_regex);
    if (s) s = string(t, "path", r.path, id, &r.has_path);
    if (s) s = integer(t, "secretGroup", r.secret_group, id, &r.has_secret_group);
    if (s) s = number(t, "entropy", r.entropy, id, &r.has_entropy);
    if (s) s = strings(t, "keywords", r.keywords, id, &r.has_keywords);
    if (s) s = strings(t, "tags", r.tags, id);
    if (s) s = string(t, "cwe", r.cwe, id);
    if (s) s = string(t, "fix", r.fix, id);
    if (s) s = string(t, "category", r.category, id);
    if (s) s = strings(t, "positives", r.positives, id);
    if (s) s = strings(t, "negatives", r.negatives, id);
    if (s) s = string(t, "samplePath", r.sample_path, id);
    if (s) s = strings(t, "aliases", r.aliases, id);
    if (s) s = allowlists(t, "allowlists", "allowlist", r.allowlists, id);
    if (s) s = required(t, r);
    if (!s) return std::unexpected(s.error());
    r.regex_where = t.get("regex") ? where(*t.get("regex")) : r.where;
    r.path_where = t.get("path") ? where(*t.get("path")) : r.where;
    if (const toml::node* n = t.get("severity")) {
      auto text = n->value<std::string>();
      auto sev = text ? parse_severity(*text) : std::nullopt;
      if (!sev) return bad(*n, id, "severity must be critical, high, medium, low or info", "e.g. severity = \"high\"");
      r.severity = sev;
    }
    if (const toml::node* n = t.get("confidence")) {
      auto text = n->value<std::string>();
      auto c = text ? scan::parse_rule_confidence(*text) : std::nullopt;
      if (!c) return bad(*n, id, "confidence must be high, medium or low", "e.g. confidence = \"medium\"");
      r.confidence = c;
    }
    if (const toml::node* n = t.get("prefilter")) {
      auto text = n->value<std::string>();
      if (!text || (*text != "keywords" && *text != "regex"))
        return bad(*n, id, "prefilter must be \"keywords\" or \"regex\"",
                   "prefilter = \"keywords\" makes the fast prefilter look for the rule's keywords, not its regex");
      r.prefilter = *text;
    }
    if (const toml::node* n = t.get("skipReport")) {
      if (!n->is_boolean()) return bad(*n, id, "'skipReport' must be true or false", "e.g. skipReport = true");
      r.skip_report = n->as_boolean()->get();
    }
    if (r.entropy < 0 || r.entropy > 8) {
      return bad(*t.get("entropy"), id, "entropy must be between 0 and 8 bits per byte", "typical values are 3 to 4.5");
    }
    return r;
  }

  // [[rules.required]]: id, withinLines, withinColumns.
  Status required(const toml::table& t, RuleSpec& r) const {
    const toml::node* n = t.get("required");
    if (!n) return ok();
    const toml::array* arr = n->as_array();
    if (!arr) return bad(*n, r.id, "'required' must be an array of tables", "use [[rules.required]]");
    for (const toml::node& e : *arr) {
      const toml::table* one = e.as_table();
      if (!one) return bad(e, r.id, "'required' must hold tables", "use [[rules.required]]");
      note_unknown_keys(*one, {"id", "withinLines", "withinColumns"}, "rule '" + r.id + "' [[rules.required]]");
      scan::RequiredSpec q;
      if (auto s = string(*one, "id", q.id, r.id); !s) return s;
      if (q.id.empty()) return bad(*one, r.id, "a [[rules.required]] entry has no id", "name the rule it needs: id = \"...\"");
      bool lines = false, columns = false;
      if (auto s = integer(*one, "withinLines", q.within_lines, r.id, &lines); !s) return s;
      if (auto s = integer(*one, "withinColumns", q.within_columns, r.id, &columns); !s) return s;
      if (!lines) q.within_lines = -1;
      if (!columns) q.within_columns = -1;
      r.required.push_back(std::move(q));
    }
    return ok();
  }

 private:
  std::string source_;
  mutable std::vector<std::string> notes_;
};

Result<RuleSpecSet> load_text(std::string_view text, const std::string& source_name,
                              const GitleaksLoadOptions& options, int depth);

Result<RuleSpecSet> load_file(const fs::path& file, const GitleaksLoadOptions& options, int depth) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::Config, "cannot read rule file", file.string(),
                "check the path in .hookagent.toml or [extend] path");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_text(ss.str(), file.string(), options, depth);
}

Result<RuleSpecSet> load_text(std::string_view text, const std::string& source_name,
                              const GitleaksLoadOptions& options, int depth) {
  toml::table doc;
  try {
    doc = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return fail(ErrorKind::Config, std::string(e.description()),
                source_name + ":" + std::to_string(e.source().begin.line) + ":" +
                    std::to_string(e.source().begin.column),
                "fix the TOML syntax");
  }
  Reader reader(source_name);
  reader.note_unknown_keys(doc, {"title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists"},
                           "the top level");
  RuleSpecSet base;
  if (const toml::table* extend = doc["extend"].as_table()) {
    reader.note_unknown_keys(*extend, {"useDefault", "path", "disabledRules"}, "[extend]");
    bool use_default = extend->get("useDefault") && extend->get("useDefault")->value_or(false);
    std::string path;
    if (auto s = reader.string(*extend, "path", path, ""); !s) return std::unexpected(s.error());
    if (use_default && !path.empty()) {
      return reader.bad(*extend, "", "[extend] sets both useDefault and path", "choose one, as gitleaks requires");
    }
    if ((use_default || !path.empty()) && depth >= kMaxExtendDepth) {
      return reader.bad(*extend, "", "[extend] chain is deeper than 2 files", "gitleaks allows a depth of 2");
    }
    if (use_default && !options.default_config.empty() &&
        fs::weakly_canonical(options.default_config) != fs::weakly_canonical(source_name)) {
      auto b = load_file(options.default_config, options, depth + 1);
      if (!b) return b;
      base = std::move(*b);
    } else if (!path.empty()) {
      fs::path p = path;
      if (p.is_relative()) p = fs::path(source_name).parent_path() / p;
      auto b = load_file(p, options, depth + 1);
      if (!b) return b;
      base = std::move(*b);
    }
    std::vector<std::string> disabled;
    if (auto s = reader.strings(*extend, "disabledRules", disabled, ""); !s) return std::unexpected(s.error());
    // Applied by load_rule_set once every pack is in: ids are checked against the whole set.
    base.disabled_rules.insert(base.disabled_rules.end(), disabled.begin(), disabled.end());
    if (!disabled.empty()) base.disabled_where = reader.where(*extend);
    base.uses_default = base.uses_default || use_default;
  }

  RuleSpecSet own;
  own.files.push_back(source_name);
  if (auto s = reader.allowlists(doc, "allowlists", "allowlist", own.global_allowlists, ""); !s)
    return std::unexpected(s.error());
  if (const toml::node* rules = doc.get("rules")) {
    const toml::array* arr = rules->as_array();
    if (!arr) return reader.bad(*rules, "", "'rules' must be an array of tables", "use [[rules]]");
    for (const toml::node& n : *arr) {
      if (!n.is_table()) return reader.bad(n, "", "'rules' must hold tables", "use [[rules]]");
      auto r = reader.rule(*n.as_table());
      if (!r) return std::unexpected(r.error());
      own.rules.push_back(std::move(*r));
    }
  }
  own.notes = reader.take_notes();
  merge_rule_specs(base, std::move(own));
  return base;
}

}  // namespace

void merge_rule_specs(RuleSpecSet& base, RuleSpecSet extension) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < base.rules.size(); ++i) {
    index[base.rules[i].id] = i;
    for (const auto& alias : base.rules[i].aliases) index.try_emplace(alias, i);
  }
  for (RuleSpec& r : extension.rules) {
    auto it = index.find(r.id);
    if (it == index.end()) {
      index[r.id] = base.rules.size();
      for (const auto& alias : r.aliases) index.try_emplace(alias, base.rules.size());
      base.rules.push_back(std::move(r));
      continue;
    }
    RuleSpec& old = base.rules[it->second];
    if (!r.origin.empty() && old.origin != r.origin)
      base.notes.push_back(r.where + ": rule '" + r.id + "' " +
                           (r.id == old.id ? "has the id of" : "uses an old id of") + " the rule '" + old.id +
                           "' from " + old.origin + ": the fields it sets replace that rule's");
    if (!r.required.empty()) old.required = r.required;
    if (r.skip_report) old.skip_report = true;
    if (r.confidence) old.confidence = r.confidence;
    if (!r.prefilter.empty()) old.prefilter = r.prefilter;
    old.aliases.insert(old.aliases.end(), r.aliases.begin(), r.aliases.end());
    if (r.has_description) old.description = r.description;
    if (r.has_regex) { old.regex = r.regex; old.regex_where = r.regex_where; old.has_regex = true; }
    if (r.has_path) { old.path = r.path; old.path_where = r.path_where; old.has_path = true; }
    if (r.has_secret_group) old.secret_group = r.secret_group;
    if (r.has_entropy) old.entropy = r.entropy;
    if (r.severity) old.severity = r.severity;
    if (!r.cwe.empty()) old.cwe = r.cwe;
    if (!r.fix.empty()) old.fix = r.fix;
    if (!r.category.empty()) old.category = r.category;
    old.keywords.insert(old.keywords.end(), r.keywords.begin(), r.keywords.end());
    old.tags.insert(old.tags.end(), r.tags.begin(), r.tags.end());
    for (AllowlistSpec& a : r.allowlists) old.allowlists.push_back(std::move(a));
  }
  for (AllowlistSpec& a : extension.global_allowlists) base.global_allowlists.push_back(std::move(a));
  for (std::string& f : extension.files) base.files.push_back(std::move(f));
  for (std::string& d : extension.disabled_rules) base.disabled_rules.push_back(std::move(d));
  if (!extension.disabled_where.empty()) base.disabled_where = extension.disabled_where;
  for (std::string& n : extension.notes) base.notes.push_back(std::move(n));
  base.uses_default = base.uses_default || extension.uses_default;
}

Result<RuleSpecSet> load_gitleaks_file(const fs::path& file, const GitleaksLoadOptions& options) {
  return load_file(file, options, 0);
}

Result<RuleSpecSet> load_gitleaks_text(std::string_view text, const std::string& source_name,
                                       const GitleaksLoadOptions& options) {
  return load_text(text, source_name, options, 0);
}

}  // namespace hookagent
