#!/usr/bin/env bash
# `hookagent scan --history` of a real repository against its floor in the same
# run: `git log -p | grep -Ec` with five token patterns (the work every history
# scanner must at least do: produce each commit's patch and look at it).
# Interleaved rounds, wall-clock medians, the ratio, and hookagent's peak memory.
# The pattern prefilter is compiled first (as `hookagent install` does), so the
# rounds measure the scan, not the one-off compile.
#
#   bench/history_scan.sh [-n ROUNDS] [-j THREADS] [REPOSITORY]
#     defaults: 10 rounds; -j as hookagent picks (every core); this checkout
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rounds=10
threads=""
while getopts 'n:j:h' opt; do
  case $opt in
    n) rounds=$OPTARG ;;
    j) threads=$OPTARG ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
cmd=$(command_line "$@")
repo=$(cd "${1:-$source_root}" && git rev-parse --show-toplevel) || die "not a git repository: ${1:-$source_root}"
HOOKAGENT=$(find_hookagent)
jobs_arg=()
[[ -n $threads ]] && jobs_arg=(-j "$threads")
pattern='AKIA[0-9A-Z]{16}|ghp_[0-9A-Za-z]{36}|xox[baprs]-[0-9A-Za-z-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY|sk_live_[0-9a-zA-Z]{24}'

ensure_apt time bc
samples=$(mktemp)
peak_file=$(mktemp)
trap 'rm -f "$samples" "$peak_file"' EXIT
report="$results_dir/history_scan-$(date +%Y%m%d-%H%M%S).txt"
{
  printf 'command: %s\n' "$cmd"
  machine_description
  commits=$(git -C "$repo" rev-list --count HEAD)
  patch_bytes=$(git -C "$repo" log -p | wc -c)
  printf 'repository: %s, %s commits, %.1f MB of patches (git log -p)\n' "$repo" "$commits" \
    "$(echo "$patch_bytes / 1000000" | bc -l)"
  (cd "$repo" && HOOKAGENT_PREFILTER=always "$HOOKAGENT" scan --history "${jobs_arg[@]}" --format json >/dev/null 2>&1 || true)
  peak=0
  for ((i = 0; i < rounds; i++)); do
    t0=$(now_us)
    (cd "$repo" && git log -p | LC_ALL=C grep -Ec "$pattern" >/dev/null || true)
    t1=$(now_us)
    echo "floor $((t1 - t0))" >> "$samples"
    t0=$(now_us)
    (cd "$repo" && /usr/bin/time -o "$peak_file" -f '%M' "$HOOKAGENT" scan --history "${jobs_arg[@]}" --format json >/dev/null 2>&1 || true)
    t1=$(now_us)
    echo "hookagent $((t1 - t0))" >> "$samples"
    kb=$(tail -1 "$peak_file")
    if [[ $kb =~ ^[0-9]+$ ]] && ((kb > peak)); then peak=$kb; fi
  done
  python3 "$bench_dir/stats.py" "$samples" --baseline floor --reference floor --order floor,hookagent
  python3 - "$samples" <<'PY'
import statistics, sys
by = {}
for line in open(sys.argv[1]):
    label, us = line.split()
    by.setdefault(label, []).append(int(us))
ratio = statistics.median(by["hookagent"]) / statistics.median(by["floor"])
print(f"goal: scan --history at 1.2x or less of git log -p | grep: {ratio:.2f}x, {'met' if ratio <= 1.2 else 'not met'}")
PY
  printf 'hookagent peak memory: %.1f MiB\n' "$(echo "$peak / 1024" | bc -l)"
} 2>&1 | tee "$report"
say "report: $report"
