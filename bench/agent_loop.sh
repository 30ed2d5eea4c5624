#!/usr/bin/env bash
# The agent runtime's own cost, with no LLM in the way:
#   1. per turn of the agent loop against the scripted provider on loopback,
#      which answers at once with a Read call (request building, JSON,
#      redaction with the bundled secret rules, the policy gate, tool dispatch,
#      plus one loopback HTTP exchange); with and without redaction;
#   2. the start-up of `hookagent review --staged` with no provider configured.
# Goal (issue 4): 2 ms or less per turn.
#
#   bench/agent_loop.sh [-n RUNS] [-t TURNS]     (defaults 7 runs of 20 turns)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=7
turns=20
while getopts 'n:t:h' opt; do
  case $opt in
    n) runs=$OPTARG ;;
    t) turns=$OPTARG ;;
    *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done

HOOKAGENT=$(find_hookagent)
build_dir=$(dirname "$HOOKAGENT")
bench_bin="$build_dir/tests/agent/agent_loop_bench"
[[ -x $bench_bin ]] || die "no $bench_bin: build it with ninja -C $build_dir tests/agent/agent_loop_bench"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

machine_description
for mode in redacted plain; do
  arg=""
  [[ $mode == plain ]] && arg=plain
  per_turn=$(for _ in $(seq "$runs"); do
    "$bench_bin" "$turns" $arg | sed -n 's/.*mean_ms_per_turn=\([0-9.]*\).*/\1/p'
  done | median)
  printf 'agent loop, %-8s: median %s ms per turn (%d runs of %d turns, loopback HTTP included)\n' \
    "$mode" "$per_turn" "$runs" "$turns"
done

repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
echo "x" > "$repo/a.txt"
git -C "$repo" add a.txt
startup=$(for _ in $(seq 30); do
  s=$(date +%s%N)
  "$HOOKAGENT" -C "$repo" review --staged --skill security-scan >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo "scale=2; ($e - $s) / 1000000" | bc
done | median)
printf 'hookagent review --staged, no provider: median %s ms (30 runs)\n' "$startup"
