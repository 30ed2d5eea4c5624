// Placeholder until the hook runner lands; replaced by its owner.
#include "hooks/hook.hpp"
namespace hookagent::hooks {
int run(Hook, int, char**) { return 0; }
}  // namespace hookagent::hooks
