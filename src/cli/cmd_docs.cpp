// `hookagent completion bash|zsh|fish` prints a completion script, and the
// hidden `hookagent man --output-dir DIR` writes the man pages: both from the
// CLI11 definitions of every command, read here into plain data (cli_docs.hpp).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/cli_docs.hpp"
#include "cli/cli_support.hpp"
#include "cli/command.hpp"
#include "core/exit_codes.hpp"
#include "hookagent_build_config.hpp"

namespace hookagent::cli {
namespace {

// CLI11 appends a check's description to the type name: "TEXT:{bash,zsh,fish}".
void split_type_name(const std::string& type_name, OptionDoc& doc) {
  const auto colon = type_name.find(':');
  doc.value_name = type_name.substr(0, colon);
  if (colon == std::string::npos) return;
  std::string rest = type_name.substr(colon + 1);
  if (rest.size() < 2 || rest.front() != '{' || rest.back() != '}') return;
  rest = rest.substr(1, rest.size() - 2);
  for (std::size_t pos = 0; pos <= rest.size();) {
    const auto comma = rest.find(',', pos);
    doc.choices.push_back(rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
}

OptionDoc describe_option(const CLI::Option& o) {
  OptionDoc doc;
  for (const auto& s : o.get_snames()) doc.names.push_back("-" + s);
  for (const auto& l : o.get_lnames()) doc.names.push_back("--" + l);
  if (doc.names.empty()) doc.positional = o.get_name(true);
  if (o.get_items_expected_max() > 0 || !doc.positional.empty()) {
    split_type_name(o.get_type_name(), doc);
    if (doc.value_name.empty()) doc.value_name = "TEXT";
  }
  doc.description = o.get_description();
  doc.default_value = o.get_default_str();
  doc.required = o.get_required();
  return doc;
}

CommandDoc describe(const CLI::App& app, std::vector<std::string> path) {
  CommandDoc doc;
  doc.path = std::move(path);
  doc.description = app.get_description();
  doc.footer = app.get_footer();
  // An empty group hides an option or a command from --help: from the docs too.
  for (const CLI::Option* o : app.get_options([](const CLI::Option* opt) { return !opt->get_group().empty(); })) {
    OptionDoc option = describe_option(*o);
    (option.names.empty() ? doc.positionals : doc.options).push_back(std::move(option));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    auto sub_path = doc.path;
    sub_path.push_back(sub->get_name());
    doc.subcommands.push_back(describe(*sub, std::move(sub_path)));
  }
  return doc;
}

}  // namespace

void register_docs(CLI::App& app, CliState& state) {
  auto shell = std::make_shared<std::string>();
  auto* completion = app.add_subcommand(
      "completion",
      "Print the shell completion script for bash, zsh or fish.\n"
      "Packages install it where each shell looks; by hand: `source <(hookagent completion bash)`,\n"
      "`hookagent completion zsh > ~/.zfunc/_hookagent`, `hookagent completion fish | source`.");
  completion->add_option("shell", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&app, &state, shell] {
    std::cout << completion_script(describe(app, {app.get_name()}), *shell);
    state.exit_code = kExitPass;
  });

  auto dir = std::make_shared<std::string>();
  auto* man = app.add_subcommand("man", "Write the man pages (hookagent.1, hookagent-<command>.1) into a folder");
  man->group("");  // for the build, not for users: `man hookagent` reads what it wrote
  man->add_option("--output-dir", *dir, "Folder to write the pages into")->required()->type_name("DIR");
  man->callback([&app, &state, dir] {
    auto written = write_man_pages(describe(app, {app.get_name()}), HOOKAGENT_VERSION, *dir);
    state.exit_code = written ? kExitPass : report_error(written.error());
  });
}

}  // namespace hookagent::cli
