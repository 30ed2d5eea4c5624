// `hookagent doctor`: the effective config and where each value came from, the
// hooks git will run, the provider, and anything broken, each with its fix.
// `hookagent trust [--revoke]`: record (or forget) the repo config's hash.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <sys/stat.h>

#include "agent/sandbox/sandbox.hpp"
#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "cli/config_check.hpp"
#include "config/config.hpp"
#include "config/describe.hpp"
#include "config/trust.hpp"
#include "core/exit_codes.hpp"
#include "git/repository.hpp"
#include "hooks/hook.hpp"
#include "hooks/hook_health.hpp"
#include "hooks/install_record.hpp"
#include "scan/rule_set.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::cli {
namespace {
namespace fs = std::filesystem;

// What doctor found wrong: printed last, and any `broken` one makes the exit code 2.
struct Findings {
  std::vector<std::string> problems;  // "what: fix" lines
  bool broken = false;
  void add(std::string line, bool is_broken) {
    problems.push_back(std::move(line));
    broken = broken || is_broken;
  }
};

void print_files(std::ostream& out, const Config& config) {
  out << "config files (later wins):\n";
  for (auto& f : config.files) {
    std::string state = f.present ? "present" : "not present";
    if (f.present && !f.trusted) state += ", not trusted: restricted keys ignored";
    out << "  " << f.layer << std::string(7 - std::min<std::size_t>(f.layer.size(), 6), ' ') << f.path.string()
        << " (" << state << ")\n";
  }
}

// Providers some enabled hook would run an agent with.
std::set<std::string> providers_in_use(const Config& config) {
  std::set<std::string> used;
  for (auto& [hook, h] : config.hooks)
    if (h.enabled && h.agent != "never" && !h.skills.empty()) used.insert(h.provider.empty() ? "default" : h.provider);
  return used;
}

void print_providers(std::ostream& out, const Config& config, Findings& found) {
  auto used = providers_in_use(config);
  for (auto& [name, p] : config.providers) {
    out << "provider " << name << ": kind " << p.kind;
    if (!p.model.empty()) out << ", model " << p.model;
    if (!p.base_url.empty()) out << ", base_url " << p.base_url;
    if (p.kind == "anthropic" || p.kind == "openai") {
      const char* key = p.api_key_env.empty() ? nullptr : std::getenv(p.api_key_env.c_str());
      bool set = key && *key;  // never print the key itself
      out << ", API key from $" << p.api_key_env << (set ? " (set)" : " (NOT set)");
      if (!set && used.count(name))
        found.add("provider " + name + ": $" + p.api_key_env +
                      " is not set, so agent reviews will not run: export it in your shell, or set "
                      "[provider] kind = \"none\" for rules only",
                  false);
    }
    if (p.kind == "command") out << ", command " << (p.command.empty() ? "(none)" : p.command.front());
    if (p.kind == "none") out << " (rules only; no agent runs)";
    out << "\n";
  }
}

void print_hooks(std::ostream& out, const Repository& repo, const Config& config, Findings& found) {
  auto dir = repo.hooks_dir();
  if (!dir) {
    found.add("cannot tell where git runs hooks from: " + dir.error().message(), true);
    return;
  }
  const fs::path common = repo.paths().common_dir.empty() ? repo.paths().git_dir : repo.paths().common_dir;
  auto record = hooks::read_install_record(common);
  if (!record) found.add(record.error().message(), false);
  out << "hooks dir: " << dir->string() << "\n";
  auto health = hooks::check_hooks(repo.paths(), *dir, record ? *record : std::nullopt);
  for (const auto& hook : health.hooks) {
    std::string state = hook.state;
    if (!config.hook(hook.name).enabled) state += " [disabled in config]";
    out << "  " << hook.name << std::string(20 - std::min<size_t>(hook.name.size(), 19), ' ') << state << "\n";
  }
  for (const auto& problem : health.problems) found.add(problem, true);
}

void print_effective(std::ostream& out, const Config& config) {
  out << "effective config (key = value  # origin):\n";
  for (auto& v : describe_config(config)) {
    std::string line = "  " + v.key + " = " + v.value;
    if (line.size() < 56) line += std::string(56 - line.size(), ' ');
    out << line << "  # " << v.origin << "\n";
  }
}

// The offline rules this repository's scans run, and whether their Vectorscan
// prefilter is compiled (hooks never compile it: without it they take the
// slower keyword path). A rule file that does not load is broken.
void print_scan_rules(std::ostream& out, const Config& config, const RepoPaths& paths, Findings& found) {
  if (auto st = check_team_rule_file(config, paths); !st) {
    found.add("offline rules: " + st.error().message(), true);
    return;
  }
  auto rules = scan::load_rule_set(scan::rule_sources_for(config, paths));
  if (!rules) {
    found.add("offline rules: " + rules.error().message(), true);
    return;
  }
  for (const auto& note : (*rules)->notes) found.add("offline rules: " + note, false);
  out << "offline rules: " << (*rules)->rules.size() << " (packs:";
  for (const auto& pack : config.scan.packs) out << " " << pack;
  out << ")\n";
  if (scan::prefilter_turned_off()) {
    out << "scan prefilter: off (HOOKAGENT_PREFILTER=off); scans take the slower keyword path\n";
    return;
  }
  const bool compiled = (*rules)->pattern_prefilter(scan::PrefilterUse::CachedOnly) != nullptr;
  out << "scan prefilter: "
      << (compiled ? "compiled for these rules (cached)"
                   : "not compiled for these rules; scans use the slower keyword path until "
                     "`hookagent install` (or a scan of 1 GB or more) compiles it")
      << "\n";
}

// The kernel wall around Bash and agent CLIs (DESIGN §6): without it they do not run.
void print_sandbox(std::ostream& out, const Config& config, Findings& found) {
  const agent::SandboxState sandbox = agent::probe_sandbox_from_env();
  out << "agent sandbox: " << sandbox.describe() << "\n";
  for (const auto& gap : sandbox.gaps) out << "  gap: " << gap << "\n";
  if (sandbox.kind != agent::SandboxKind::Off) return;
  bool agent_configured = false;
  for (const auto& [name, p] : config.providers) agent_configured = agent_configured || p.kind != "none";
  if (agent_configured)
    found.add("no kernel sandbox (" + sandbox.why_off + "): agent Bash calls are denied and the command provider "
              "does not run",
              false);
}

int run_doctor(const CliState& state) {
  // --quiet prints only the problems; everything else goes to a discarded stream.
  std::ostringstream discarded;
  std::ostream& out = state.quiet ? discarded : std::cout;
  Findings found;
  auto paths = discover_repo_paths(start_dir(state));
  RepoPaths repo_paths;
  std::optional<Repository> repo;
  if (paths) {
    repo_paths = *paths;
    out << "repository: " << (paths->work_tree.empty() ? paths->git_dir : paths->work_tree).string()
        << (paths->bare ? " (bare)" : "") << "\n";
    auto opened = Repository::open(*paths);
    if (opened) repo.emplace(std::move(*opened));
    else found.add(opened.error().message(), true);
  } else {
    out << "repository: none here (" << paths.error().message() << "); showing your user config only\n";
  }

  auto config = load_config(default_config_sources(repo_paths));
  if (config) {
    print_files(out, *config);
    print_providers(out, *config, found);
    if (repo) print_hooks(out, *repo, *config, found);
    print_effective(out, *config);
    print_scan_rules(out, *config, repo_paths, found);
    print_sandbox(out, *config, found);
    for (auto& line : config->untrusted_keys) found.add("untrusted: " + line, false);
  } else {
    found.add("config error: " + config.error().message(), true);
  }

  if (found.problems.empty()) {
    out << "no problems found\n";
    return kExitPass;
  }
  std::cout << "problems:\n";
  for (auto& p : found.problems) std::cout << "  - " << p << "\n";
  return found.broken ? kExitUsage : kExitPass;
}

int run_trust(const CliState& state, bool revoke) {
  auto paths = repo_paths_or_report(state);
  if (!paths) return kExitUsage;
  if (paths->work_tree.empty())
    return report_error(Error{ErrorKind::Usage, "a bare repository has no .hookagent.toml to trust",
                              paths->git_dir.string(), "put server settings in " +
                                                           (paths->git_dir / "hookagent.toml").string()});
  const fs::path store = default_trust_store_path();
  if (revoke) {
    auto removed = revoke_repo_trust(store, paths->work_tree);
    if (!removed) return report_error(removed.error());
    if (!state.quiet)
      std::cout << (*removed ? "hookagent: no longer trusting " : "hookagent: was not trusted: ")
                << repo_config_path(paths->work_tree).string() << "\n";
    return kExitPass;
  }
  // Trust only a file that loads: trusting a broken file would hide its error behind a hash.
  auto before = load_config(default_config_sources(*paths));
  if (!before) return report_error(before.error());
  auto hash = trust_repo_config(store, paths->work_tree);
  if (!hash) return report_error(hash.error());
  if (!state.quiet) {
    std::cout << "hookagent: trusted " << repo_config_path(paths->work_tree).string() << " (sha256 "
              << hash->substr(0, 16) << "..., recorded in " << store.string() << ")\n";
    for (auto& line : before->untrusted_keys) {
      auto cut = line.find(" partly ignored:");
      if (cut == std::string::npos) cut = line.find(" ignored:");
      std::cout << "  now applies: " << line.substr(0, cut) << "\n";
    }
    std::cout << "Editing the file makes it untrusted again until you run `hookagent trust` once more.\n";
  }
  return kExitPass;
}

}  // namespace

void register_doctor(CLI::App& app, CliState& state) {
  auto* doctor = app.add_subcommand(
      "doctor",
      "Show the effective config and where each value came from, the installed hooks, the offline rules (and\n"
      "whether their scan prefilter is compiled), and what is broken");
  doctor->callback([&state] { state.exit_code = run_doctor(state); });

  auto revoke = std::make_shared<bool>(false);
  auto* trust = app.add_subcommand(
      "trust", "Let this repository's .hookagent.toml set provider, tools and blocking keys (until it changes)");
  trust->add_flag("--revoke", *revoke, "Forget the trust recorded for this repository");
  trust->callback([&state, revoke] { state.exit_code = run_trust(state, *revoke); });
}

}  // namespace hookagent::cli
