#pragma once
// The values of gitleaks' report fields that a Finding can give, shared by the
// gitleaks-json and csv sinks (gitleaks: report/finding.go).
#include <string>

#include "report/finding.hpp"

namespace hookagent {

// gitleaks' fingerprint, the form .gitleaksignore reads (scan/gitleaks_ignore.cpp):
// `commit:file:rule:line` when the finding has a commit, else `file:rule:line`.
// hookagent's own Finding::fingerprint hashes the secret instead and drops the line.
std::string gitleaks_fingerprint(const Finding& f);

// The masked secret as it stands in the excerpt ("tkn_****", or "****" for a
// short one); empty when the excerpt masks nothing (code rules, agent findings).
// A Finding never holds the secret: the engine masks it once, with
// scan::mask_secret, when it builds the excerpt, and this only reads that mask
// back, so no sink can print more of a secret than the excerpt already does.
std::string masked_secret(const Finding& f);

}  // namespace hookagent
