#pragma once
// Findings for people (DESIGN §9): grouped by file, file:line:col, severity, rule,
// the masked excerpt, how to fix and how to suppress, then one verdict line.
#include <ostream>
#include <vector>

#include "report/sink.hpp"

namespace hookagent {

struct TerminalOptions {
  bool color = false;  // decide with should_use_color()
  bool quiet = false;  // only the findings and the verdict
  // The "suppress:" advice, with {fingerprint} replaced; empty: the inline
  // comment or .hookagentignore (a server's pre-receive names its own list).
  std::string suppress;
};

// Colour only on a terminal, never with --no-color or a non-empty NO_COLOR
// (https://no-color.org).
bool should_use_color(bool no_color_flag, int fd);

class TerminalSink : public Sink {
 public:
  TerminalSink(std::ostream& out, TerminalOptions options) : out_(out), options_(options) {}
  void finding(const Finding& f) override;
  void finish(const RunSummary& summary) override;

 private:
  void print_file(const std::string& file, const std::vector<const Finding*>& findings);
  void print_finding(const Finding& f);
  void print_verdict(const RunSummary& summary);
  std::string paint(std::string_view text, std::string_view code) const;

  std::ostream& out_;
  TerminalOptions options_;
  std::vector<Finding> findings_;  // held until finish() so they print grouped by file
};

}  // namespace hookagent
