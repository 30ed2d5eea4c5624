// Building the pattern prefilter's databases: groups by path pattern, match
// bounds, and combined databases for the languages of the bundled packs.
#include <algorithm>
#include <array>
#include <climits>
#include <cstdlib>
#include <map>
#include <re2/re2.h>
#include <atomic>
#include <set>
#include <thread>

#include "scan/hyperscan_keywords.hpp"
#include "scan/match_windows.hpp"
#include "scan/pattern_prefilter_parts.hpp"
#include "scan/rule_set.hpp"

namespace hookagent::scan {

GroupList group_rules(const std::vector<PrefilterRule>& rules) {
  GroupList groups;
  groups.push_back(std::make_unique<PatternPrefilter::Group>());
  std::map<std::string, std::size_t> index;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (rules[r].pattern.empty() && rules[r].keywords.empty()) continue;
    std::size_t g = 0;
    if (!rules[r].path_pattern.empty()) {
      auto [it, fresh] = index.try_emplace(rules[r].path_pattern, groups.size());
      if (fresh) {
        groups.push_back(std::make_unique<PatternPrefilter::Group>());
        groups.back()->path_pattern = rules[r].path_pattern;
      }
      g = it->second;
    }
    groups[g]->rules.push_back(static_cast<uint32_t>(r));
  }
  return groups;
}

// Compiles one group. A pattern Vectorscan refuses is dropped (its rule takes
// the keyword path) and the rest compiled again.
void compile_group(PatternPrefilter::Group& g, const std::vector<PrefilterRule>& rules) {
  while (!g.rules.empty()) {
    std::vector<std::string> literals;  // a rule's keywords, every byte escaped
    std::vector<std::size_t> owner;     // expression -> position in g.rules
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < g.rules.size(); ++i) {
      const PrefilterRule& rule = rules[g.rules[i]];
      if (rule.keywords.empty()) {
        literals.push_back(rule.pattern);
        flags.push_back(kPrefilterFlags);
      }
      for (const std::string& k : rule.keywords) {
        literals.push_back(escaped_literal(k));
        flags.push_back(HS_FLAG_CASELESS);
      }
      owner.resize(literals.size(), i);
      ids.resize(literals.size(), g.rules[i]);
    }
    std::vector<const char*> exprs;
    for (const auto& e : literals) exprs.push_back(e.c_str());
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                         nullptr, &g.db, &err) == HS_SUCCESS)
      return;
    const int bad = err ? err->expression : -1;
    hs_free_compile_error(err);
    g.db = nullptr;
    if (bad < 0 || static_cast<std::size_t>(bad) >= owner.size()) {
      g.rules.clear();  // the whole database was refused (too large): every rule takes the keyword path
      return;
    }
    g.rules.erase(g.rules.begin() + static_cast<std::ptrdiff_t>(owner[static_cast<std::size_t>(bad)]));
  }
}

// The bounds of a rule's matches. (Reports may arrive out of end-offset order
// for some expressions: find() keeps the least and the greatest of all.)
MatchBound bound_of(const std::string& pattern) {
  MatchBound b;
  if (pattern.empty()) return b;
  b.single_line = !may_match_newline(pattern);
  b.max_newlines = b.single_line ? 0 : max_newlines(pattern);
  hs_expr_info_t* plain = nullptr;
  hs_compile_error_t* err = nullptr;
  // A pattern too large for Vectorscan as it is (long bounded repeats) is
  // measured as the prefilter's superset: a lower least width and a higher
  // greatest one, bounds still true of the pattern itself.
  for (unsigned flags : {HS_FLAG_ALLOWEMPTY, HS_FLAG_ALLOWEMPTY | HS_FLAG_PREFILTER}) {
    if (hs_expression_info(pattern.c_str(), flags, &plain, &err) == HS_SUCCESS) {
      b.min_len = plain->min_width;
      b.max_len = plain->max_width == UINT_MAX ? 0 : plain->max_width;
      std::free(plain);
      break;
    }
    hs_free_compile_error(err);
    err = nullptr;
  }
  // `{,n}` is a literal in Go but a repeat to Vectorscan: the widths mean nothing then.
  if (pattern.find("{,") != std::string::npos) b.max_len = 0;
  return b;
}

// File names that stand for the languages of the bundled packs. Rules for
// one language often come in several groups (`\.(?:js|ts)$`,
// `\.(?:js|jsx|ts|tsx|vue)$`, ...): a file matching several gets one combined
// database instead of one pass per group.
constexpr std::array<const char*, 52> kProbes = {
    "src/a.py", "src/settings.py", "src/a.js", "src/a.jsx", "src/a.ts", "src/a.tsx", "src/a.mjs", "src/a.cjs",
    "src/a.vue", "src/a.svelte", "src/a.html", "src/a.java", "src/a.kt", "src/a.kts", "src/a.groovy",
    "src/a.scala", "src/a.jsp", "src/a.c", "src/a.h", "src/a.cc", "src/a.cpp", "src/a.hpp", "src/a.m",
    "src/a.mm", "src/a.cs", "src/a.vb", "src/a.cshtml", "src/a.go", "src/a.php", "src/a.rb", "src/a.erb",
    "Rakefile", "Gemfile", "src/a.rs", "src/a.sh", "src/a.bash", "src/a.yml", "src/a.yaml", "Dockerfile",
    "Makefile", "Jenkinsfile", ".env", "src/a.json", "src/a.toml", "src/a.ini", "src/a.properties",
    "web.config", "nuget.config", "settings.xml", "AndroidManifest.xml", "src/a.ps1", "src/a.swift"};
static_assert(kProbes.size() <= kMaxCombinations, "the cache file's reader bounds the combinations");

// One combined database per distinct set (of two or more) of groups a probe
// file belongs to, appended after the plain groups. A set whose combination
// does not compile keeps its groups' separate passes.
void add_combinations(GroupList& groups, const std::vector<PrefilterRule>& rules) {
  const std::size_t plain = groups.size();
  std::vector<std::unique_ptr<RE2>> paths(plain);
  for (std::size_t g = 1; g < plain; ++g) paths[g] = std::make_unique<RE2>(groups[g]->path_pattern, go_regex_options());
  std::set<std::vector<uint32_t>> seen;
  GroupList combos;
  for (const char* probe : kProbes) {
    std::vector<uint32_t> members;
    if (groups[0]->db) members.push_back(0);  // the rules for every path ride along: one pass per file
    for (std::size_t g = 1; g < plain; ++g)
      if (paths[g]->ok() && groups[g]->db && RE2::PartialMatch(probe, *paths[g])) members.push_back(static_cast<uint32_t>(g));
    if (members.size() < 2 || !seen.insert(members).second) continue;
    auto combo = std::make_unique<PatternPrefilter::Group>();
    combo->members = members;
    for (uint32_t m : members) combo->rules.insert(combo->rules.end(), groups[m]->rules.begin(), groups[m]->rules.end());
    combos.push_back(std::move(combo));
  }
  // Each combination holds the every-path rules again, so together they take
  // most of the compile time: spread over the cores (hs_compile is thread-safe).
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < combos.size();) compile_group(*combos[i], rules);
  };
  const unsigned n = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 8));
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < n; ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  for (auto& combo : combos) {
    std::size_t expected = 0;
    for (uint32_t m : combo->members) expected += groups[m]->rules.size();
    // A combination that lost a rule (Vectorscan refused it there) keeps its groups' separate passes.
    if (combo->db && combo->rules.size() == expected) groups.push_back(std::move(combo));
  }
}

}  // namespace hookagent::scan
