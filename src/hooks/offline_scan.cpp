// The production OfflineScan. Until src/scan's run_scan is linked, the seam
// reports that the engine is not built in and finds nothing.
#include "hooks/full_run.hpp"

namespace hookagent::hooks {

OfflineScan default_offline_scan() {
  return [](const scan::ScanRequest&, const Config&, const RepoPaths&) -> Result<scan::ScanResult> {
    scan::ScanResult result;
    result.summary.scope = "staged changes";
    result.summary.notes.push_back("offline rule engine not built into this binary yet");
    return result;
  };
}

}  // namespace hookagent::hooks
