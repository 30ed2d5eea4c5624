#pragma once
// Secrets inside encoded text, as gitleaks' --max-decode-depth finds them:
// runs of base64, hex or percent-encoding are decoded and scanned with every
// rule, and what they decode to is searched again, `max_depth` levels deep.
// A finding points at the encoded run in the original text (its line and
// column), its excerpt masks the run, and Finding::decoded names the chain
// ("base64", "percent>base64"). Work per level is linear in the text and each
// level is no longer than the one above it.
#include <vector>

#include "report/finding.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/scanner.hpp"

namespace hookagent::scan {

void scan_decoded(const RuleSet& rules, const Fragment& fragment, const TextContext& ctx, int max_depth,
                  std::vector<Finding>& out);

}  // namespace hookagent::scan
