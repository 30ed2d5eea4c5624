// Placeholder until this command lands; replaced by its owner.
#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace hookagent::cli {
void register_run(CLI::App&, CliState&) {}
}  // namespace hookagent::cli
