#!/usr/bin/env bash
# Pushes under load into a git server with hookagent's pre-receive hook, against
# the same pushes into the same server without it (the floor, same run).
#
# A `git daemon --enable=receive-pack --export-all` on a free loopback port serves
# two sets of bare repositories: hook/ (`hookagent install --hooks pre-receive`)
# and floor/ (no hook). PUSHERS concurrent pushers (threads of server_load.py,
# each running `git push git://127.0.0.1:PORT/...`) push PUSHES operations in
# all, each to both sets in random order: clean fast-forwards, new branches,
# force-pushes, deletions, and pushes carrying a fake credential (AWS key id or
# GitHub token shape, random part made at run time) in the tip, in an earlier
# commit, on a new branch or in a force-push. Two modes: every pusher into one
# repository, and each push into one of REPOS repositories.
#
# Checks: every secret push refused by the hook, every clean push accepted, every
# ref equal to the ledger, no object of a refused push left in the repository,
# `git fsck --strict` on every repository. Reports p50/p99 per push with and
# without the hook (goal: p99 with the hook <= 2x the floor's p99) and the peak
# summed memory of the hooks running at once.
#
#   PUSHERS=32 PUSHES=2000 REPOS=64 MODES="one many" TRANSPORT=daemon SEED=1 \
#     BURSTS=5 bench/server_load.sh           (those are the defaults)
# TRANSPORT=local pushes to the repositories' paths (git runs receive-pack
# itself, no daemon). PUSHES is per mode.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac
pushers=${PUSHERS:-32} pushes=${PUSHES:-2000} repos=${REPOS:-64}
modes=${MODES:-one many} transport=${TRANSPORT:-daemon} seed=${SEED:-1} bursts=${BURSTS:-5}
cmd="PUSHERS=$pushers PUSHES=$pushes REPOS=$repos MODES=\"$modes\" TRANSPORT=$transport SEED=$seed BURSTS=$bursts $(command_line "$@")"
HOOKAGENT=$(find_hookagent)
[[ $transport == local ]] || git daemon --help >/dev/null 2>&1 || [[ -x $(git --exec-path)/git-daemon ]] ||
  die "no git daemon in this git (Debian's git package has it); or run with TRANSPORT=local"

work=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-bench-server.XXXXXX")
trap 'rm -rf "$work"' EXIT
machine=$(machine_description)
# shellcheck source=bench/snapshot.sh
source "$bench_dir/snapshot.sh"
snapshot_hookagent "$work/hookagent"

stamp=$(date +%Y%m%d-%H%M%S)
jsons=()
for mode in $modes; do
  json="$results_dir/server_load-$stamp-$mode.json"
  say "server_load: mode $mode, $pushers pushers, $pushes pushes (each to the hook and the floor server)"
  python3 "$bench_dir/server_load.py" --hookagent "$HOOKAGENT" --work "$work/$mode" --mode "$mode" \
    --pushers "$pushers" --pushes "$pushes" --repos "$repos" --transport "$transport" \
    --seed "$seed" --bursts "$bursts" --json "$json" >/dev/null
  jsons+=("$json")
  rm -rf "${work:?}/$mode"
done

report="$results_dir/server_load-$stamp.txt"
status=0
{
  echo "# bench/server_load.sh: concurrent pushes with hookagent's pre-receive hook vs none, same run"
  echo "command: $cmd"
  echo "$machine"
  echo "hookagent ran from a copy: $HOOKAGENT, hooks $HOOKAGENT_HOOK_BINARY_DIR, data ${HOOKAGENT_DATA_DIR:-built in}"
  echo
  python3 "$bench_dir/server_load.py" summary "${jsons[@]}"
} | tee "$report" || status=$?
say "results: $report (raw: ${jsons[*]})"
exit "$status"
