# A private copy of the hookagent under test, for the long benches. Sourced, never run.
# shellcheck shell=bash
# shellcheck disable=SC2154  # source_root comes from lib.sh, sourced first
#
# A bench that runs for minutes must not see build/hookagent relinked under it (a
# hook started during the link fails, and two versions would be mixed): copy the
# binary, the pre-receive hook binary and the data (rules, skills, templates) into
# DIR and point hookagent at them with the variables it reads for an installed
# layout (src/core/paths.cpp).

snapshot_hookagent() {  # DIR: sets HOOKAGENT to the copy, exports its paths
  local dir=$1 built_from hooks
  mkdir -p "$dir/hooks" "$dir/share"
  built_from=$(dirname "$HOOKAGENT")
  cp "$HOOKAGENT" "$dir/hookagent"
  hooks="$built_from/hooks"
  [[ -x $hooks/pre-receive ]] || hooks="$(dirname "$built_from")/libexec/hookagent"
  [[ -x $hooks/pre-receive ]] && cp "$hooks/pre-receive" "$dir/hooks/pre-receive"
  if [[ -d $source_root/rules ]]; then
    cp -r "$source_root/rules" "$source_root/skills" "$source_root/templates" "$dir/share/" 2>/dev/null || true
    export HOOKAGENT_DATA_DIR="$dir/share"
  fi
  export HOOKAGENT_HOOK_BINARY_DIR="$dir/hooks"
  export HOOKAGENT_BIN="$dir/hookagent"
  HOOKAGENT="$dir/hookagent"
}
