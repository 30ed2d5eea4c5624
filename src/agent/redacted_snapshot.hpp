#pragma once
// The snapshot as every tool sees it (DESIGN §6): each file's content passed
// through the redactor once, before any tool pages, cuts or greps it, and
// secret-looking path components replaced. Read, Grep, Glob and the
// materialised tree all read this, so no tool has a path around redaction.
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "agent/snapshot.hpp"

namespace hookagent::agent {

using FileRedactor = std::function<std::string(std::string_view path, std::string_view content)>;
using NameRedactor = std::function<std::string(std::string_view text)>;

class RedactedSnapshot : public Snapshot {
 public:
  // `inner` must outlive this.
  RedactedSnapshot(const Snapshot& inner, FileRedactor redact_file, NameRedactor redact_name);

  const std::vector<std::string>& list_files() const override { return shown_; }
  // `path` as listed (redacted names).
  Result<std::string> read_file(std::string_view path) const override;
  std::string describe() const override { return inner_.describe(); }
  void prefetch(unsigned jobs, uint64_t max_bytes) const override;

 private:
  const Snapshot& inner_;
  FileRedactor redact_file_;
  std::vector<std::string> shown_;
  std::map<std::string, std::string, std::less<>> original_;  // shown path -> inner path
  mutable std::map<std::string, std::string, std::less<>> cache_;
};

}  // namespace hookagent::agent
