#!/bin/sh
# hookagent-shim v1 (@HOOK@): written by `hookagent install`; `hookagent uninstall` puts back what was here.
# A hook that was here before is kept as @HOOK@.hookagent-chained and still runs, with the same arguments and stdin.
hookagent_hook_binary='@HOOK_BINARY@'
HOOKAGENT_HOOK_PATH=$0
export HOOKAGENT_HOOK_PATH
if [ -x "$hookagent_hook_binary" ]; then
  exec "$hookagent_hook_binary" "$@"
fi
if [ '@FAIL_CLOSED@' = yes ]; then
  echo "hookagent: $hookagent_hook_binary is missing (removed or moved), so nothing can be checked: refusing the push. Reinstall hookagent, or remove this hook with 'hookagent uninstall --server'." >&2
  exit 1
fi
echo "hookagent: $hookagent_hook_binary is missing (removed or moved); reinstall hookagent or run 'hookagent uninstall'. Skipping hookagent's @HOOK@ checks." >&2
if [ -x "$0.hookagent-chained" ]; then
  exec "$0.hookagent-chained" "$@"
fi
exit 0
