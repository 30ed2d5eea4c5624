#pragma once
// JUnit XML for CI test reports: testsuites > testsuite "hookagent", one
// testcase per finding with a <failure>, so a CI page lists each finding as a
// failed test. A run with no findings is one passing testcase, so CI shows a
// green test rather than an empty suite.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/sink.hpp"

namespace hookagent {

// Escapes & < > " ', writes tab, LF and CR as character references (a parser
// turns a raw newline in an attribute into a space), and replaces the other
// control bytes, which XML 1.0 forbids, with '?'.
std::string xml_escape(std::string_view text);

class JunitSink : public Sink {
 public:
  explicit JunitSink(std::ostream& out) : out_(out) {}
  void finding(const Finding& f) override { findings_.push_back(f); }
  void finish(const RunSummary& summary) override;

 private:
  void write_failure(const Finding& f);

  std::ostream& out_;
  std::vector<Finding> findings_;
};

}  // namespace hookagent
