#pragma once
// Which findings report without blocking (issue: precision first). Two causes:
//  - the rule's confidence is below scan.block_confidence (default high);
//  - the file is test code, a fixture, an example, docs, a dataset, vendored
//    or generated code (scan.context = "aware", the default), where a match is usually expected;
//    such findings are also shown one severity lower. A high-confidence secret
//    rule (a vendor token, a private key) is the exception: a live key leaks
//    from a test file as from any other.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "report/finding.hpp"

namespace hookagent::scan {

// "test code", "a fixture", "an example", "docs", "a dataset", "vendored code",
// "generated code", or empty when the path looks like the repository's own
// shipped code. Judged by folder names and file names (`tests/`, `__tests__/`,
// `testdata/`, `*_test.go`, `test_*.py`, `*.spec.ts`, `FooTest.java`, `docs/`,
// `*.md`, `*.csv`, `vendor/`, `node_modules/`, `third_party/`, `*.min.js`,
// `*_pb2.py`, `*.pb.go`, ...).
std::string_view path_context(std::string_view path);

// Sets Finding::advisory (and lowers the severity of context findings) for
// the rule findings that must not block under `scan`. A bad regex in
// scan.context_paths is an error at `context_paths_where` (the config line that set it).
// `context_secret_rules`: secret rules that, like generic-*, do not block in
// test code, fixtures, examples or docs: those that match a shape, not a
// vendor's token (tag "generic": a password in a URL or .netrc), and the
// private keys that TLS and SSH tests generate by the hundred (tag "test-fixture-key").
Status mark_advisory_findings(std::vector<Finding>& findings, const ScanConfig& scan,
                              const std::string& context_paths_where = {},
                              const std::unordered_set<std::string>& context_secret_rules = {});

}  // namespace hookagent::scan
