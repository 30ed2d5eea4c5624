#pragma once
// The CLI as plain data, read from the CLI11 definitions (cmd_docs.cpp), and
// what is generated from it: man pages and shell completion scripts. The
// definitions are the only place a command or option is written; `meson`
// runs `hookagent man` and `hookagent completion SHELL` at build time and
// installs what they print.
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace hookagent::cli {

struct OptionDoc {
  std::vector<std::string> names;  // "-q", "--quiet"; empty for a positional
  std::string positional;          // "rev" for a positional
  std::string value_name;          // "TEXT", "DIR"; empty for a flag
  std::vector<std::string> choices;  // from an IsMember check: "bash", "zsh", "fish"
  std::string description;
  std::string default_value;
  bool required = false;
  bool takes_value() const { return !value_name.empty(); }
};

struct CommandDoc {
  std::vector<std::string> path;  // {"hookagent", "notes", "push"}
  std::string description;        // may hold several lines
  std::string footer;
  std::vector<OptionDoc> options;      // named options, help included
  std::vector<OptionDoc> positionals;  // in order
  std::vector<CommandDoc> subcommands;
  std::string name() const { return path.back(); }
  std::string joined(const char* sep = " ") const;
};

// A description's first sentence, its wrapped lines joined, without the full stop.
std::string first_sentence(const std::string& description);

// man(7) pages: hookagent.1 and hookagent-<command>.1 for each command.
struct ManPage {
  std::string file_name;  // "hookagent-scan.1"
  std::string text;
};
std::vector<ManPage> man_pages(const CommandDoc& root, const std::string& version);
Status write_man_pages(const CommandDoc& root, const std::string& version, const std::filesystem::path& dir);

// The completion script of `shell` ("bash", "zsh" or "fish"); empty for another name.
std::string completion_script(const CommandDoc& root, const std::string& shell);

}  // namespace hookagent::cli
