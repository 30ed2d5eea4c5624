// git runs this as the post-merge hook (through the shim `hookagent install` writes).
#include "hooks/hook.hpp"

int main(int argc, char** argv) {
  return hookagent::hooks::run(hookagent::hooks::Hook::PostMerge, argc, argv);
}
