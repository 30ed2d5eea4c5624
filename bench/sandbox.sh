#!/usr/bin/env bash
# The sandbox's two speed goals (issue 9), each against a floor measured in the
# same run (tests/agent/sandbox_bench.cpp does the timing):
#   1. start: what Landlock+seccomp and bubblewrap add to one Bash call running
#      `true` (Confinement::prepare() included, as the Bash tool prepares one per
#      call) over run_process with no sandbox. Goal: 2 ms or less added.
#   2. snapshot: SnapshotWorkspace::create of a generated 10,000-file, 100 MB
#      tree through the real redactor, split into names, redaction (by kind and
#      by rule) and writing, against fwrite of the same files and `cp -r`.
#      Goal: 500 ms or less, once per review.
#
#   bench/sandbox.sh [-n RUNS] [-f FILES] [-m MB] [-r ROUNDS] [-t TMPDIR]
#     defaults: 200 start runs per mode; 10000 files, 100 MB, 3 rounds; $TMPDIR or /tmp
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=200
files=10000
mb=100
rounds=3
while getopts 'n:f:m:r:t:h' opt; do
  case $opt in
    n) runs=$OPTARG ;;
    f) files=$OPTARG ;;
    m) mb=$OPTARG ;;
    r) rounds=$OPTARG ;;
    t) export TMPDIR=$OPTARG ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
cmd=$(command_line "$@")

bench_bin=""
for dir in "$source_root/build-bench" "$source_root/build"; do
  if [[ -x $dir/tests/agent/sandbox_bench ]]; then
    bench_bin="$dir/tests/agent/sandbox_bench"
    # For machine_description: that build's version and buildtype.
    [[ -x $dir/hookagent ]] && HOOKAGENT="$dir/hookagent"
    break
  fi
done
[[ -n $bench_bin ]] || die "no sandbox_bench: build it with ninja -C build tests/agent/sandbox_bench"
# A placeholder main (before the bench was written) prints nothing: say so, rather than an empty table.
probe=$("$bench_bin" --probe 2>/dev/null || true)
[[ $probe == landlock* ]] || die "$bench_bin does not know --probe: rebuild it (ninja -C build tests/agent/sandbox_bench)"

report="$results_dir/sandbox-$(date +%Y%m%d-%H%M%S).txt"
{
  printf 'command: %s\n' "$cmd"
  machine_description
  bwrap_version=$(bwrap --version 2>/dev/null || echo "bwrap not installed (apt-get install bubblewrap)")
  printf 'sandbox: %s; %s\n' "$probe" "$bwrap_version"
  tmp=${TMPDIR:-/tmp}
  printf 'snapshot directory: %s (%s); bench binary: %s\n' "$tmp" \
    "$(df -T "$tmp" 2>/dev/null | awk 'NR == 2 {print $2 " on " $1}')" "$bench_bin"
  "$bench_bin" --runs "$runs" --files "$files" --mb "$mb" --rounds "$rounds"
} 2>&1 | tee "$report"
say "report: $report"
