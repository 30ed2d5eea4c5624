#pragma once
// Every `hookagent` subcommand registers itself on the CLI11 app through one
// of these functions (one file per command: cmd_<name>.cpp). A command's
// callback stores its exit code in CliState; main() returns it.
#include <string>

namespace CLI {
class App;
}

namespace hookagent::cli {

struct CliState {
  int exit_code = 0;
  bool quiet = false;
  bool no_color = false;
  std::string directory;  // -C DIR: run as if started there
};

void register_install(CLI::App& app, CliState& state);    // install, uninstall
void register_run(CLI::App& app, CliState& state);        // run <hook> (what hook binaries exec)
void register_scan(CLI::App& app, CliState& state);       // scan, baseline, rules
void register_review(CLI::App& app, CliState& state);     // review
void register_skills(CLI::App& app, CliState& state);     // skills list|show|check
void register_doctor(CLI::App& app, CliState& state);     // doctor, trust
void register_notes(CLI::App& app, CliState& state);      // show, notes push|fetch
void register_jobs(CLI::App& app, CliState& state);       // jobs, usage
void register_report(CLI::App& app, CliState& state);     // report merge
void register_warm(CLI::App& app, CliState& state);       // warm status|start|stop|serve
// The whole `hookagent` command line (main(), and each child of the warm server).
int run_cli(int argc, char** argv);
// What the warm server's children run: `hookagent run <hook> [--] [args...]`,
// the only request it takes, read without building the whole CLI (a fifth of
// a one-line check); any other shape goes through run_cli.
int run_served_hook(int argc, char** argv);

// completion, man: generated from every command registered before it (call last).
void register_docs(CLI::App& app, CliState& state);

}  // namespace hookagent::cli
