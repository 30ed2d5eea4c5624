#!/usr/bin/env bash
# A nightly fleet scan on one machine: REPOS generated repositories (COMMITS
# commits each, written by `git fast-import` from bench/fleet_gen.py: small edits
# to a few dozen source files, SECRETS fake credentials per repository added and
# later removed, their random parts made at generation time), cached in
# bench/.cache/fleet-*/.
#
# For each N in NS: every repository scanned as N shards,
#   hookagent scan --history --shard K/N --format sarif -j 1
# run as N parallel processes (xargs -P N over all repositories' shards, each
# process single-threaded), then `hookagent report merge` of each repository's N
# SARIF files. The floor, in the same run with the same parallelism:
#   git log -p | grep -Ec 'AKIA...|ghp_...'
# per repository. Reports the wall time, CPU time, commits per second and per
# second per core (cores = min(N, nproc)), the speed-up over N=1, and checks for
# every repository that the merged findings of each N equal the unsharded scan
# (N=1, no --shard) and that every seeded secret's commit is among them.
#
# Every configuration runs on each chunk of CHUNK repositories in turn (the order
# rotating), so all see the same background load; the figures are sums.
#
#   REPOS=100 COMMITS=10000 SECRETS=3 NS="1 2 4" CHUNK=10 bench/fleet.sh  (defaults)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac
repos=${REPOS:-100} commits=${COMMITS:-10000} secrets=${SECRETS:-3} ns=${NS:-1 2 4} chunk=${CHUNK:-10}
cmd="REPOS=$repos COMMITS=$commits SECRETS=$secrets NS=\"$ns\" CHUNK=$chunk $(command_line "$@")"
HOOKAGENT=$(find_hookagent)
hookagent_has report merge || die "this hookagent has no \`report merge\`"
[[ -x /usr/bin/time ]] || ensure_apt time

# ---- the fleet, generated once ------------------------------------------------
fleet="$cache_dir/fleet-v1-${commits}c-${secrets}s"
mkdir -p "$fleet"
generate() {  # index
  local name repo
  name=$(printf 'repo-%03d' "$1")
  repo="$fleet/$name.git"
  [[ -f $fleet/$name.json ]] && return 0
  rm -rf "$repo" && git init -q --bare "$repo"
  python3 "$bench_dir/fleet_gen.py" --commits "$commits" --secrets "$secrets" --seed "$1" \
      --marks "$repo/secret-marks.json" |
    git -C "$repo" fast-import --quiet --export-marks="$repo/marks"
  git -C "$repo" symbolic-ref HEAD refs/heads/main
  # The manifest: commit count and the ids of the commits that added a secret.
  python3 - "$repo" "$fleet/$name.json" <<'PY'
import json, sys
repo, out = sys.argv[1], sys.argv[2]
marks = dict(line.split() for line in open(f"{repo}/marks"))
numbers = json.load(open(f"{repo}/secret-marks.json"))["secret_commits"]
json.dump({"commits": len(marks), "secret_commits": [marks[f":{n}"] for n in numbers]}, open(out, "w"))
PY
}
export -f generate
export fleet commits secrets bench_dir
to_generate=0
for ((i = 0; i < repos; i++)); do [[ -f $fleet/$(printf 'repo-%03d' "$i").json ]] || to_generate=$((to_generate + 1)); done
if ((to_generate)); then
  say "fleet: generating $to_generate of $repos repositories ($commits commits each) into $fleet"
  t0=$(now_us)
  seq 0 $((repos - 1)) | xargs -P "$(nproc)" -I{} bash -c 'generate {}'
  say "fleet: generated in $(( ($(now_us) - t0) / 1000000 )) s"
fi
repo_list=()
for ((i = 0; i < repos; i++)); do repo_list+=("$fleet/$(printf 'repo-%03d' "$i").git"); done
total_commits=$(python3 -c 'import json,sys; print(sum(json.load(open(p[:-4] + ".json"))["commits"] for p in sys.argv[1:]))' "${repo_list[@]}")

work=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-bench-fleet.XXXXXX")
trap 'rm -rf "$work"' EXIT
machine=$(machine_description)
# shellcheck source=bench/snapshot.sh
source "$bench_dir/snapshot.sh"
snapshot_hookagent "$work/hookagent"
export HOOKAGENT

# Untimed: the packs into the page cache, and one scan so that the rule databases
# are compiled and cached (as `hookagent install` leaves them on a CI runner's cache).
cat "$fleet"/*.git/objects/pack/*.pack > /dev/null
(cd "${repo_list[0]}" && "$HOOKAGENT" scan --history --format sarif -j 1 > /dev/null 2>&1) || true

# ---- one fleet run ----------------------------------------------------------------
# The machine's busy CPU seconds so far (all processes), from /proc/stat (USER_HZ 100).
cpu_busy() { awk '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100}' /proc/stat; }

# Runs one configuration on some repositories; prints "wall user sys busy" (seconds;
# busy: the whole machine's busy CPU time meanwhile, to show what others used).
timed() {  # command...
  local b0 b1
  b0=$(cpu_busy)
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@"
  b1=$(cpu_busy)
  printf '%s %s\n' "$(cat "$work/time")" "$(awk -v a="$b0" -v b="$b1" 'BEGIN {printf "%.2f", b - a}')"
}

run_hookagent() {  # N outdir repo...
  local n=$1 out=$2 k repo
  shift 2
  mkdir -p "$out"
  : > "$work/jobs"
  : > "$work/names"
  for repo in "$@"; do
    basename "$repo" .git >> "$work/names"
    for ((k = 1; k <= n; k++)); do
      printf '%s %d %d %s\n' "$repo" "$k" "$n" "$out/$(basename "$repo" .git).$k.sarif" >> "$work/jobs"
    done
  done
  # One process per shard, N at a time; exit 1 (findings) is a success here.
  timed bash -c '
    xargs -P "$1" -L 1 bash -c '\''
      cd "$0" || exit 255
      if [[ $2 == 1 ]]; then shard=(); else shard=(--shard "$1/$2"); fi
      "$HOOKAGENT" scan --history "${shard[@]}" --format sarif -j 1 > "$3" 2> "$3.err"
      rc=$?; ((rc <= 1)) || { echo "scan failed in $0 (shard $1/$2, exit $rc): $(head -c 300 "$3.err")" >&2; exit 255; }
    '\'' < "$2" &&
    xargs -P "$1" -I{} bash -c '\''
      "$HOOKAGENT" report merge "$0"/{}.[0-9]*.sarif -o "$0"/{}.merged.sarif 2>/dev/null
    '\'' "$3" < "$4"
  ' _ "$n" "$work/jobs" "$out" "$work/names"
}

run_floor() {  # N repo...
  timed bash -c '
    printf "%s\n" "${@:2}" | xargs -P "$1" -I{} bash -c '\''
      git -C {} log -p | grep -Ec "AKIA[A-Z2-7]{16}|ghp_[A-Za-z0-9]{36}" > /dev/null || true
    '\''
  ' _ "$@"
}

# Every configuration runs on each chunk of CHUNK repositories in turn, the order
# rotating per chunk, so that all of them see the same background load (this is a
# shared 2-core VM); each configuration's figures are its sums over the chunks.
configs=()
for n in $ns; do configs+=("hookagent $n" "floor $n"); done
samples="$work/samples"
: > "$samples"
for ((c = 0, round = 0; c < repos; c += chunk, round++)); do
  chunk_repos=("${repo_list[@]:c:chunk}")
  say "fleet: repositories $c-$((c + ${#chunk_repos[@]} - 1)): ${#configs[@]} configurations"
  for ((j = 0; j < ${#configs[@]}; j++)); do
    read -r tool n <<< "${configs[(j + round) % ${#configs[@]}]}"
    if [[ $tool == hookagent ]]; then
      printf 'hookagent %d %s\n' "$n" "$(run_hookagent "$n" "$work/out-$n" "${chunk_repos[@]}")" >> "$samples"
    else
      printf 'floor %d %s\n' "$n" "$(run_floor "$n" "${chunk_repos[@]}")" >> "$samples"
    fi
  done
done

# Refs of the cached repositories must be as generated (a scan writes nothing).
changed_refs=0
for repo in "${repo_list[@]}"; do
  [[ $(git -C "$repo" for-each-ref --format='%(refname)') == refs/heads/main ]] || changed_refs=$((changed_refs + 1))
done

stamp=$(date +%Y%m%d-%H%M%S)
report="$results_dir/fleet-$stamp.txt"
status=0
{
  echo "# bench/fleet.sh: sharded history scans of a generated fleet, N shards as N parallel processes"
  echo "command: $cmd"
  echo "$machine"
  echo "hookagent ran from a copy of it (bench/snapshot.sh); each scan process single-threaded (-j 1)"
  echo "fleet: $repos repositories, $total_commits commits in all, $secrets seeded fake secrets each ($fleet)"
  echo
  python3 "$bench_dir/fleet_report.py" --samples "$samples" --work "$work" --fleet "$fleet" \
    --repos "$repos" --commits "$total_commits" --cores "$(nproc)" --changed-refs "$changed_refs" \
    --json "$results_dir/fleet-$stamp.json"
} | tee "$report" || status=$?
say "results: $report"
exit "$status"
