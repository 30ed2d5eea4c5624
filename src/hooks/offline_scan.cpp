// The production OfflineScan: src/scan's engine, as `hookagent scan` runs it.
#include "hooks/full_run.hpp"

namespace hookagent::hooks {

OfflineScan default_offline_scan() { return scan::run_scan; }

}  // namespace hookagent::hooks
