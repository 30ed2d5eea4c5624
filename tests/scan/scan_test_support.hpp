#pragma once
// Small hand-written rules and secrets built at test time, so that nothing in
// this repository looks like a leak to any scanner.
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "config/gitleaks_loader.hpp"
#include "scan/scanner.hpp"

namespace hookagent::scan::testing {

// tkn_ + 24 characters: the test token format of kTestRules.
inline std::string fake_token(uint64_t seed = 1) { return expand_sample("tkn_{{rand:24:A-Za-z0-9}}", seed); }

inline const char* kTestRules = R"TOML(
[[rules]]
id = "test-token"
description = "Test token"
regex = '''\b(tkn_[a-zA-Z0-9]{24})\b'''
keywords = ["tkn_"]

[[rules]]
id = "test-assign"
description = "Secret assignment"
regex = '''(?i)(?:secret|passwd)\s*=\s*"([^"\s]{6,})"'''
secretGroup = 1
entropy = 3.0
keywords = ["secret", "passwd"]
  [[rules.allowlists]]
  stopwords = ["changeme", "example"]

[[rules]]
id = "test-shell"
description = "Shell command built from input"
category = "injection"
severity = "medium"
cwe = "CWE-78"
regex = '''os\.system\('''
keywords = ["os.system"]
fix = "use subprocess.run([...]) without a shell"

[[rules]]
id = "test-nokeyword"
description = "Rule without keywords always runs"
regex = '''BEGIN_MARK_[0-9]{3}'''

)TOML";

inline std::shared_ptr<const RuleSet> compile_text(const std::string& text) {
  auto specs = load_gitleaks_text(text, "test.toml");
  INFO((specs ? std::string() : specs.error().message()));
  REQUIRE(specs);
  auto rules = compile_rules(*specs);
  INFO((rules ? std::string() : rules.error().message()));
  REQUIRE(rules);
  return *rules;
}

inline Scanner test_scanner(const std::string& extra = "", ScanOptions options = {}) {
  return Scanner(compile_text(std::string(kTestRules) + extra), options);
}

}  // namespace hookagent::scan::testing
