#!/usr/bin/env bash
# Offline scan speed and memory, with the peers on the same input:
#   - a generated tree of Python/JS/Go/Java-like source (default 100 MB, made once
#     into bench/.cache), scanned by `hookagent scan DIR` (all cores, then pinned to
#     one core) and by secretlint (npm, recommended preset); MB/s and ratios;
#   - its Python part scanned by hookagent with its `danger` pack only and by bandit
#     (Debian), whose checks are all dangerous-code rules;
#   - peak memory (`/usr/bin/time -v`) of `hookagent scan` on one 200 MB file, and
#     on a 200 MB single-line (minified) file.
# Goals: >= 300 MB/s on one core, >= 20x secretlint, <= 64 MB peak.
#
#   bench/scan_throughput.sh [-s TREE_MB] [-b BIG_MB] [-r RUNS] [-P]
#     -P  skip the peers (secretlint, bandit): hookagent figures only
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tree_mb=100 big_mb=200 runs=3 peers=1
while getopts 's:b:r:Ph' opt; do
  case $opt in
    s) tree_mb=$OPTARG ;;
    b) big_mb=$OPTARG ;;
    r) runs=$OPTARG ;;
    P) peers=0 ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
cmd=$(command_line "$@")

HOOKAGENT=$(find_hookagent)
hookagent_has scan || die "\`$HOOKAGENT scan\` is not available yet"
ensure_apt time util-linux
if ((peers)); then
  ensure_apt bandit
  ensure_npm_peers
fi

# --- inputs, generated once -------------------------------------------------------
tree="$cache_dir/tree-${tree_mb}MB"
if [[ ! -f $tree/.complete ]]; then
  say "generating a ${tree_mb} MB source tree in $tree (once)"
  rm -rf "$tree"
  python3 "$bench_dir/gen_corpus.py" tree "$tree" --mb "$tree_mb" > "$tree.manifest.json"
  touch "$tree/.complete"
fi
big="$cache_dir/big-${big_mb}MB.py"
if [[ ! -f $big ]]; then
  say "generating a ${big_mb} MB file $big (once)"
  python3 "$bench_dir/gen_corpus.py" file "$big.tmp" --mb "$big_mb" >/dev/null && mv "$big.tmp" "$big"
fi
line="$cache_dir/line-${big_mb}MB.js"
if [[ ! -f $line ]]; then
  say "generating a ${big_mb} MB single-line file $line (once)"
  python3 "$bench_dir/gen_corpus.py" line "$line.tmp" --mb "$big_mb" >/dev/null && mv "$line.tmp" "$line"
fi

# bench/.cache is git-ignored by this repo, and `hookagent scan DIR` honours the
# .gitignore of the repo it runs in: scan from inside the tree, a repo of its own.
[[ -d $tree/.git ]] || git init -q "$tree"
in_tree=(env -C "$tree")

bytes_of() { find "$@" -path '*/.git' -prune -o -type f ! -name '.*' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
tree_bytes=$(bytes_of "$tree")
py_bytes=$(bytes_of "$tree/py")

# --- measuring --------------------------------------------------------------------
scan_help=$("$HOOKAGENT" scan --help 2>&1 || true)
jobs_flag=()
if grep -qE -- '(^|[ ,])(-j|--jobs)\b' <<<"$scan_help"; then jobs_flag=(-j 1); fi
# bandit only has dangerous-code checks: give hookagent the same job (its danger pack),
# through the config's environment layer (HOOKAGENT_SCAN_PACKS -> scan.packs).
danger_env=(env HOOKAGENT_SCAN_PACKS=danger)

log="$results_dir/scan_throughput-last.log"
: > "$log"

# On a user's machine `hookagent install` (or the first bulk scan past 64 MB)
# compiles the pattern prefilter once and caches it. Do the same here, untimed,
# for both rule sets measured (all packs; the danger pack alone).
warm_file=$(find "$tree" -path '*/.git' -prune -o -type f -name '*.py' -print -quit)
if [[ -n $warm_file ]]; then
  say "compiling the scan prefilter once, untimed (as \`hookagent install\` does)"
  "${in_tree[@]}" env HOOKAGENT_PREFILTER=always "$HOOKAGENT" scan "$warm_file" >>"$log" 2>&1 || true
  "${in_tree[@]}" "${danger_env[@]}" HOOKAGENT_PREFILTER=always "$HOOKAGENT" scan "$warm_file" >>"$log" 2>&1 || true
fi
# Runs a command, appends its output to the log, prints its wall time in microseconds.
# Exit 0 and 1 (findings) are both a completed scan; anything else is a failure.
timed() {
  local t0 t1 status
  t0=$(now_us)
  set +e
  "$@" >>"$log" 2>&1
  status=$?
  set -e
  t1=$(now_us)
  if ((status > 1)); then
    say "failed (exit $status): $*  -- see $log"
    echo "FAILED"
    return
  fi
  echo $((t1 - t0))
}

# Median wall time of $runs runs after one warm-up run (the page cache holds the input).
median_us() {
  local samples=() i t
  timed "$@" >/dev/null
  for ((i = 0; i < runs; i++)); do
    t=$(timed "$@")
    [[ $t == FAILED ]] && { echo FAILED; return; }
    samples+=("$t")
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

figures="$results_dir/scan_throughput-$$.tsv"
: > "$figures"
record() {  # name bytes microseconds
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$figures"
  say "  $1: $3 us"
}

say "hookagent scan, all cores"
record "hookagent scan (all $(nproc) cores)" "$tree_bytes" "$(median_us "${in_tree[@]}" "$HOOKAGENT" scan "$tree")"
say "hookagent scan, one core"
record "hookagent scan (taskset -c 0${jobs_flag[*]:+ ${jobs_flag[*]}})" "$tree_bytes" \
  "$(median_us "${in_tree[@]}" taskset -c 0 "$HOOKAGENT" scan "${jobs_flag[@]}" "$tree")"
say "hookagent scan, Python part"
py_label="hookagent scan py/ (danger pack)"
record "$py_label" "$py_bytes" "$(median_us "${in_tree[@]}" "${danger_env[@]}" "$HOOKAGENT" scan "$tree/py")"
record "$py_label (1 core)" "$py_bytes" \
  "$(median_us "${in_tree[@]}" "${danger_env[@]}" taskset -c 0 "$HOOKAGENT" scan "${jobs_flag[@]}" "$tree/py")"

if ((peers)); then
  # secretlint resolves its rule preset from the directory it runs in: run it from
  # the npm cache, on the tree's absolute glob, so the tree holds nothing but source.
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$npm_dir/.secretlintrc.json"
  say "secretlint (one run: it is slow)"
  record "secretlint \"**/*\"" "$tree_bytes" \
    "$(cd "$npm_dir" && timed "$npm_dir/node_modules/.bin/secretlint" --secretlintrc .secretlintrc.json "$tree/**/*")"
  say "bandit -r py/ (one run: it is slow)"
  record "bandit -r py/" "$py_bytes" "$(timed bandit -q -r "$tree/py" -f json -o /dev/null)"
fi

# Peak memory: GNU time's "Maximum resident set size" in KiB.
peak_kib() {
  set +e
  /usr/bin/time -v "$@" >>"$log" 2>"$log.time"
  set -e
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$log.time"
}
say "peak memory"
big_bytes=$(stat -c %s "$big")
line_bytes=$(stat -c %s "$line")
peak_big=$(peak_kib "$HOOKAGENT" scan "$big")
peak_line=$(peak_kib "$HOOKAGENT" scan "$line")
record "hookagent scan ${big_mb} MB file" "$big_bytes" "$(timed "$HOOKAGENT" scan "$big")"
record "hookagent scan ${big_mb} MB one-line file" "$line_bytes" "$(timed "$HOOKAGENT" scan "$line")"

# --- report -----------------------------------------------------------------------
stamp=$(date +%Y%m%d-%H%M%S)
report="$results_dir/scan_throughput-$stamp.txt"
{
  echo "# bench/scan_throughput.sh: offline scan throughput (MB = 10^6 bytes, median of $runs warm runs for hookagent)"
  echo "command: $cmd"
  machine_description
  if ((peers)); then
    echo "peers: secretlint $("$npm_dir/node_modules/.bin/secretlint" --version) (preset-recommend), $(bandit --version 2>/dev/null | head -1)"
  fi
  echo "input: $tree ($(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(f\"{m['files']} files, {m['bytes']/1e6:.1f} MB, {m['secrets']} planted fake secrets, {m['danger']} planted dangerous calls\")" "$tree.manifest.json"))"
  echo
  python3 - "$figures" "$peak_big" "$peak_line" "$big_mb" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
rate = {}
print(f"{'scanner':<52}{'MB':>9}{'seconds':>10}{'MB/s':>10}")
for name, size, us in rows:
    if us == "FAILED" or not us:
        print(f"{name:<52}{int(size)/1e6:>9.1f}{'failed':>10}")
        continue
    secs = int(us) / 1e6
    rate[name] = int(size) / 1e6 / secs
    print(f"{name:<52}{int(size)/1e6:>9.1f}{secs:>10.2f}{rate[name]:>10.1f}")
print()
def find(prefix):
    return next((v for k, v in rate.items() if k.startswith(prefix)), None)
all_cores = find("hookagent scan (all")
one_core = find("hookagent scan (taskset")
secretlint = find("secretlint")
py_all = next((v for k, v in rate.items() if k.startswith("hookagent scan py/") and "1 core" not in k), None)
py_one = next((v for k, v in rate.items() if k.startswith("hookagent scan py/") and "1 core" in k), None)
bandit = find("bandit")
if all_cores and secretlint:
    line = f"ratio: hookagent (all cores) / secretlint = {all_cores / secretlint:.0f}x"
    if one_core:
        line += f"   (one core: {one_core / secretlint:.0f}x)"
    print(line)
if py_all and bandit:
    line = f"ratio: hookagent py/ / bandit = {py_all / bandit:.0f}x"
    if py_one:
        line += f"   (one core: {py_one / bandit:.0f}x)"
    print(line)
peak_big, peak_line, big_mb = sys.argv[2], sys.argv[3], sys.argv[4]
def mib(k):
    return f"{int(k) / 1024:.1f} MiB" if k.isdigit() else "not measured"
print(f"peak memory: {mib(peak_big)} scanning the {big_mb} MB file, {mib(peak_line)} scanning the {big_mb} MB one-line file")
print()
if one_core:
    print(f"goal: >= 300 MB/s on one core: {'MET' if one_core >= 300 else 'NOT MET'} ({one_core:.0f} MB/s)")
if all_cores and secretlint:
    print(f"goal: >= 20x secretlint: {'MET' if all_cores / secretlint >= 20 else 'NOT MET'} ({all_cores / secretlint:.0f}x)")
if peak_big.isdigit():
    print(f"goal: <= 64 MB peak on a {big_mb} MB file: {'MET' if int(peak_big) <= 64 * 1024 else 'NOT MET'} ({mib(peak_big)})")
PY
} | tee "$report"
mv "$figures" "$results_dir/scan_throughput-$stamp.tsv"
say "results: $report (scanner output in $log)"
