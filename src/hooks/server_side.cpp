#include "hooks/server_side.hpp"

namespace hookagent::hooks {

RepoPaths paths_seen_by(Hook hook, RepoPaths paths) {
  // Config layers, the team gitleaks file and both ignore files are all found
  // through work_tree; without it only the git dir's files are read.
  if (hook == Hook::PreReceive) paths.work_tree.clear();
  return paths;
}

}  // namespace hookagent::hooks
