// pre-commit: scan exactly what the commit will record, the index git named in
// GIT_INDEX_FILE against HEAD (DESIGN §4). The scan reads blobs by id; nothing
// here touches the index or the work tree.
#include "hooks/full_run.hpp"

namespace hookagent::hooks {

int run_pre_commit(const HookContext& ctx) {
  scan::ScanRequest request;
  request.scope = scan::ScanScope::Staged;
  return scan_and_report(ctx, request);
}

}  // namespace hookagent::hooks
