// `hookagent scan`, `hookagent baseline`, `hookagent rules list` (DESIGN §8-§9).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "config/config.hpp"
#include "core/exit_codes.hpp"
#include "hookagent_build_config.hpp"
#include "report/csv_sink.hpp"
#include "report/gitleaks_json_sink.hpp"
#include "report/json_sink.hpp"
#include "report/junit_sink.hpp"
#include "report/sarif_sink.hpp"
#include "report/terminal_sink.hpp"
#include "scan/fingerprint.hpp"
#include "scan/rule_set.hpp"
#include "scan/scan_run.hpp"

namespace hookagent::cli {
namespace fs = std::filesystem;
namespace {

struct ScanFlags {
  std::vector<std::string> paths;
  bool staged = false;
  std::string commit;
  std::string range;
  bool history = false;
  std::string format = "terminal";
  std::string block_on;  // empty: the config's pre-commit block_on
  int jobs = 0;
  bool no_ignore = false;
  bool verbose = false;
  int max_decode_depth = 5;
  int exit_code = kExitBlocked;  // gitleaks' --exit-code: what findings at or above the threshold exit with
  std::string output;    // baseline: file to write
  std::string shard;     // --history: "K/N"
  bool since_last_scan = false;
};

std::vector<SarifRule> sarif_rules(const scan::RuleSet* rules) {
  std::vector<SarifRule> out;
  if (!rules) return out;
  for (const auto& r : scan::describe_rules(*rules))
    out.push_back(SarifRule{r.id, r.description, r.severity, r.cwe, r.fix, r.tags, {}});
  return out;
}

struct Loaded {
  RepoPaths repo;  // empty git_dir when not in a repository
  Config config;
};

Result<Loaded> load_context(const CliState& state) {
  Loaded l;
  auto repo = discover_repo_paths(start_dir(state));
  if (repo) l.repo = *repo;
  auto config = load_config(default_config_sources(l.repo));
  if (!config) return std::unexpected(config.error());
  for (const auto& line : config->untrusted_keys) std::cerr << "hookagent: " << line << "\n";
  l.config = std::move(*config);
  return l;
}

Result<scan::ScanRequest> request_from(const ScanFlags& f, const CliState& state) {
  scan::ScanRequest req;
  int scopes = f.staged + !f.commit.empty() + !f.range.empty() + f.history + !f.paths.empty();
  if (scopes > 1)
    return fail(ErrorKind::Usage, "choose one scope", "hookagent scan",
                "use one of PATH..., --staged, --commit REV, --range A..B, --history");
  req.jobs = f.jobs;
  req.use_ignore_file = !f.no_ignore;
  req.verbose = f.verbose;
  req.max_decode_depth = f.max_decode_depth;
  req.progress = true;
  if ((!f.shard.empty() || f.since_last_scan) && !f.history)
    return fail(ErrorKind::Usage, "--shard and --since-last-scan work with --history only", "hookagent scan",
                "e.g. hookagent scan --history --shard 1/4 --since-last-scan");
  if (!f.shard.empty()) {
    auto shard = parse_shard(f.shard);
    if (!shard) return std::unexpected(shard.error());
    req.shard = *shard;
  }
  req.since_last_scan = f.since_last_scan;
  if (!f.paths.empty()) {
    req.scope = scan::ScanScope::Paths;
    for (const auto& p : f.paths) {
      fs::path path = fs::path(p).is_absolute() || state.directory.empty() ? fs::path(p) : start_dir(state) / p;
      // A typo in CI must not turn the job green: what cannot be scanned is an error.
      std::error_code ec;
      if (!fs::exists(fs::symlink_status(path, ec)))
        return fail(ErrorKind::Usage, "no such file or directory: " + p, path.string(),
                    "check the path; nothing was scanned");
      req.paths.push_back(std::move(path));
    }
  } else if (!f.commit.empty()) {
    req.scope = scan::ScanScope::Commit;
    req.rev = f.commit;
  } else if (!f.range.empty()) {
    req.scope = scan::ScanScope::Range;
    req.rev = f.range;
  } else if (f.history) {
    req.scope = scan::ScanScope::History;
  } else {
    req.scope = scan::ScanScope::Staged;
  }
  return req;
}

int run_scan_command(ScanFlags f, const CliState& state) {
  if (f.format == "text") f.format = "terminal";  // one vocabulary in every command
  static const std::set<std::string> kFormats{"terminal", "json", "sarif", "gitleaks-json", "csv", "junit"};
  if (!kFormats.count(f.format))
    return report_error(Error{ErrorKind::Usage, "unknown format '" + f.format + "'", "--format",
                              "use text (or terminal), json or sarif, or gitleaks-json, csv or junit"});
  auto ctx = load_context(state);
  if (!ctx) return report_error(ctx.error());
  std::optional<Severity> threshold = ctx->config.hook("pre-commit").block_on;
  if (!f.block_on.empty()) {
    threshold = f.block_on == "never" ? std::nullopt : parse_severity(f.block_on);
    if (f.block_on != "never" && !threshold)
      return report_error(Error{ErrorKind::Usage, "unknown severity '" + f.block_on + "'", "--block-on",
                                "use critical, high, medium, low, info or never"});
  }
  auto req = request_from(f, state);
  if (!req) return report_error(req.error());
  auto result = scan::run_scan(*req, ctx->config, ctx->repo);
  if (!result) return report_error(result.error());

  RunSummary summary = result->summary;
  summary.block_threshold = threshold ? std::string(to_string(*threshold)) : "never";
  for (const auto& finding : result->findings)
    if (threshold && blocks(finding, *threshold)) summary.blocked = true;
  if (result->suppressed > 0)
    summary.notes.push_back(std::to_string(result->suppressed) + " finding(s) suppressed by .hookagentignore or .gitleaksignore");

  std::unique_ptr<Sink> sink;
  if (f.format == "json") sink = std::make_unique<JsonSink>(std::cout);
  else if (f.format == "sarif")
    sink = std::make_unique<SarifSink>(std::cout, sarif_rules(result->rules.get()), HOOKAGENT_VERSION);
  else if (f.format == "gitleaks-json") sink = std::make_unique<GitleaksJsonSink>(std::cout);
  else if (f.format == "csv") sink = std::make_unique<CsvSink>(std::cout);
  else if (f.format == "junit") sink = std::make_unique<JunitSink>(std::cout);
  else
    sink = std::make_unique<TerminalSink>(
        std::cout, TerminalOptions{should_use_color(state.no_color, 1), state.quiet});
  for (const auto& finding : result->findings) sink->finding(finding);
  sink->finish(summary);
  std::cout.flush();
  // The run completed (findings or not): only now may the next one skip its commits.
  if (result->history && f.since_last_scan)
    if (auto st = record_history_state(ctx->repo, *result->history, req->shard); !st)
      std::cerr << "hookagent: " << st.error().message() << "\n";
  return summary.blocked ? f.exit_code : kExitPass;
}

int run_baseline_command(const ScanFlags& f, const CliState& state) {
  auto ctx = load_context(state);
  if (!ctx) return report_error(ctx.error());
  scan::ScanRequest req;
  req.scope = scan::ScanScope::Paths;
  req.jobs = f.jobs;
  req.use_ignore_file = false;  // a baseline records every finding of today
  fs::path top = ctx->repo.work_tree.empty() ? start_dir(state) : ctx->repo.work_tree;
  if (f.paths.empty()) req.paths.push_back(top);
  for (const auto& p : f.paths) req.paths.push_back(fs::path(p).is_absolute() ? fs::path(p) : start_dir(state) / p);
  auto result = scan::run_scan(req, ctx->config, ctx->repo);
  if (!result) return report_error(result.error());

  fs::path out = f.output.empty() ? top / ".hookagentignore" : fs::path(f.output);
  if (out.is_relative() && !f.output.empty()) out = start_dir(state) / out;
  auto existing = scan::IgnoreList::load(out);
  if (!existing) return report_error(existing.error());
  std::set<std::string> entries;
  {  // keep what the file already accepted, comments aside
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') entries.insert(line);
  }
  std::size_t before = entries.size();
  for (const auto& finding : result->findings) entries.insert(finding.fingerprint);
  std::ofstream file(out, std::ios::trunc);
  if (!file) return report_error(Error{ErrorKind::Io, "cannot write baseline", out.string(), "check permissions"});
  file << "# hookagent baseline: fingerprints of accepted findings (file:rule:hash of the secret).\n"
       << "# Findings listed here do not block; new ones do. Regenerate with `hookagent baseline`.\n";
  for (const auto& e : entries) file << e << "\n";
  if (!state.quiet)
    std::cout << "hookagent: baseline of " << result->findings.size() << " finding(s), "
              << entries.size() - before << " new, written to " << out.string() << "\n";
  return kExitPass;
}

int run_rules_list(const std::string& format, const CliState& state) {
  if (format != "text" && format != "terminal" && format != "json")
    return report_error(Error{ErrorKind::Usage, "unknown format '" + format + "'", "--format", "use text or json"});
  auto ctx = load_context(state);
  if (!ctx) return report_error(ctx.error());
  auto rules = scan::load_rule_set(scan::rule_sources_for(ctx->config, ctx->repo));
  if (!rules) return report_error(rules.error());
  auto infos = scan::describe_rules(**rules);
  if (format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : infos)
      arr.push_back({{"id", r.id}, {"description", r.description}, {"severity", std::string(to_string(r.severity))},
                     {"category", r.category}, {"cwe", r.cwe}, {"tags", r.tags}, {"keywords", r.keywords},
                     {"origin", r.origin}, {"secret", r.secret}});
    std::cout << arr.dump(2) << "\n";
    return kExitPass;
  }
  for (const auto& r : infos) {
    std::cout << r.id << "  [" << to_string(r.severity) << "] " << r.category;
    if (!r.cwe.empty()) std::cout << " " << r.cwe;
    std::cout << "  " << r.description << "\n";
  }
  if (!state.quiet) std::cout << infos.size() << " rules\n";
  return kExitPass;
}

void add_scope_flags(CLI::App* cmd, ScanFlags& f) {
  cmd->add_option("paths", f.paths, "Files or directories to scan (whole content, .gitignore honoured)");
  cmd->add_flag("--staged", f.staged, "Added lines of the staged changes (the default)");
  cmd->add_option("--commit", f.commit, "Added lines of one commit against its first parent");
  cmd->add_option("--range", f.range, "Added lines of every commit in A..B");
  cmd->add_flag("--history", f.history, "Every commit reachable from HEAD");
  cmd->add_option("--shard", f.shard,
                  "With --history: only shard K of N (K/N, 1-based), split by commit id, so N jobs cover it once");
  cmd->add_flag("--since-last-scan", f.since_last_scan,
                "With --history: skip commits an earlier completed run scanned (state in refs/hookagent/last-scan)");
  cmd->add_option("-j,--jobs", f.jobs, "Files scanned in parallel (default: one per CPU)");
}

}  // namespace

void register_scan(CLI::App& app, CliState& state) {
  auto scan_flags = std::make_shared<ScanFlags>();
  CLI::App* scan = app.add_subcommand(
      "scan",
      "Scan for secrets and dangerous code, offline.\n"
      "Compiled rule databases and parsed packs are cached in $XDG_CACHE_HOME/hookagent (else ~/.cache/hookagent);\n"
      "HOOKAGENT_PREFILTER=off scans without the per-rule Vectorscan prefilter, =always compiles it at once.\n"
      "In --staged, --commit, --range and --history a modified file is scanned where it changed, with 1 KB of\n"
      "context; HOOKAGENT_REGIONS=off scans each changed file whole (the same findings, to compare).");
  add_scope_flags(scan, *scan_flags);
  scan->add_option("--format", scan_flags->format, "text (or terminal), json, sarif, gitleaks-json (gitleaks' JSON report), csv (gitleaks' CSV) or junit");
  scan->add_option("--block-on", scan_flags->block_on,
                   "Exit 1 on findings at or above: critical|high|medium|low|info|never (default: config)");
  scan->add_flag("--no-ignore", scan_flags->no_ignore, "Report findings listed in .hookagentignore too");
  scan->add_flag("-v,--verbose", scan_flags->verbose, "List every skipped file (default: one line of counts by reason)");
  scan->add_option("--exit-code", scan_flags->exit_code,
                   "Exit code when findings block (default 1; 0 reports without failing, as gitleaks' --exit-code)")
      ->check(CLI::Range(0, 125));
  scan->add_option("--max-decode-depth", scan_flags->max_decode_depth,
                   "Levels of base64, hex and percent-encoding looked inside (default 5, as gitleaks; 0 = off); "
                   "such findings say what was decoded")
      ->check(CLI::Range(0, 20));
  // Accepted so gitleaks command lines run unchanged: secrets are always masked and there is no banner.
  const std::string redact_help = "Accepted for gitleaks compatibility: hookagent always masks secrets";
  const std::string banner_help = "Accepted for gitleaks compatibility: hookagent prints no banner";
  scan->add_flag("--redact", redact_help);
  scan->add_flag("--no-banner", banner_help);
  scan->callback([&state, scan_flags] { state.exit_code = run_scan_command(*scan_flags, state); });

  auto base_flags = std::make_shared<ScanFlags>();
  CLI::App* baseline = app.add_subcommand("baseline", "Accept today's findings: write their fingerprints to .hookagentignore");
  baseline->add_option("paths", base_flags->paths, "What to scan (default: the whole work tree)");
  baseline->add_option("-o,--output", base_flags->output, "File to write (default: <repo>/.hookagentignore)");
  baseline->add_option("-j,--jobs", base_flags->jobs, "Files scanned in parallel");
  baseline->callback([&state, base_flags] { state.exit_code = run_baseline_command(*base_flags, state); });

  auto rules_format = std::make_shared<std::string>("text");
  CLI::App* rules = app.add_subcommand("rules", "Inspect the offline rules");
  rules->require_subcommand(1);
  CLI::App* list = rules->add_subcommand("list", "List every rule that a scan here would run");
  list->add_option("--format", *rules_format, "text (or terminal) or json");
  list->callback([&state, rules_format] { state.exit_code = run_rules_list(*rules_format, state); });
}

}  // namespace hookagent::cli
