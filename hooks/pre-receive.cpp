// git runs this as the pre-receive hook (through the shim `hookagent install` writes).
#include "hooks/hook.hpp"

int main(int argc, char** argv) {
  return hookagent::hooks::run(hookagent::hooks::Hook::PreReceive, argc, argv);
}
