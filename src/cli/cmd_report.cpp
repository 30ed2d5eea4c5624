// `hookagent report merge FILE...`: the SARIF and JSON reports of sharded CI
// jobs joined into one SARIF 2.1.0 log (src/report/merge.hpp).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "core/exit_codes.hpp"
#include "hookagent_build_config.hpp"
#include "report/merge.hpp"

namespace hookagent::cli {
namespace fs = std::filesystem;
namespace {

struct MergeFlags {
  std::vector<std::string> files;
  std::string output;  // empty: stdout
};

int run_merge(const MergeFlags& f, const CliState& state) {
  std::vector<MergeInput> inputs;
  for (const auto& name : f.files) {
    fs::path path = fs::path(name).is_absolute() ? fs::path(name) : start_dir(state) / name;
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return report_error(Error{ErrorKind::Usage, "cannot read report", name, "check the path; nothing was merged"});
    std::ostringstream text;
    text << in.rdbuf();
    inputs.push_back({name, text.str()});
  }
  auto merged = merge_reports(inputs, HOOKAGENT_VERSION);
  if (!merged) return report_error(merged.error());
  for (const auto& note : merged->notes) std::cerr << "hookagent: report merge: " << note << "\n";
  const std::string text =
      merged->sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (f.output.empty()) {
    std::cout << text;
  } else {
    fs::path out = fs::path(f.output).is_absolute() ? fs::path(f.output) : start_dir(state) / f.output;
    std::ofstream file(out, std::ios::trunc | std::ios::binary);
    if (!(file << text))
      return report_error(Error{ErrorKind::Io, "cannot write the merged report", out.string(), "check permissions"});
  }
  if (!state.quiet)
    std::cerr << "hookagent: merged " << inputs.size() - merged->inputs_left_out << " of " << inputs.size()
              << " report(s): " << merged->results << " result(s) in " << merged->sarif["runs"].size() << " run(s), "
              << merged->duplicates << " duplicate(s) removed"
              << (merged->inputs_left_out > 0 ? "; the findings of the reports left out (named above) are missing"
                                              : "")
              << "\n";
  // Every input left out: no log worth uploading.
  if (merged->sarif["runs"].empty() && !merged->notes.empty())
    return report_error(Error{ErrorKind::Usage, "nothing could be merged", f.files.front(),
                              "the inputs must be SARIF 2.1.0 or `hookagent scan --format json` outputs"});
  return kExitPass;
}

}  // namespace

void register_report(CLI::App& app, CliState& state) {
  CLI::App* report = app.add_subcommand("report", "Work with scan reports");
  report->require_subcommand(1);
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* merge = report->add_subcommand(
      "merge",
      "Join SARIF files and `scan --format json` outputs (e.g. of --shard jobs) into one SARIF 2.1.0 log:\n"
      "one run per tool, rules de-duplicated, results de-duplicated by fingerprint");
  merge->add_option("files", flags->files, "SARIF or JSON reports")->required();
  merge->add_option("-o,--output", flags->output, "Write the merged SARIF here (default: stdout)");
  merge->callback([&state, flags] { state.exit_code = run_merge(*flags, state); });
}

}  // namespace hookagent::cli
