#!/usr/bin/env bash
# Issue 13, "Bad input": hookagent on inputs far past a normal commit, each case at
# two sizes so that linear time shows as a ratio, with peak memory, beside a floor
# (plain git or grep over the same data) measured in the same run:
#   staged   N small files staged: `scan --staged`, and `git commit` through the installed hook
#   bigfile  one big text file: `scan FILE` on disk, and staged (`git add`, `scan --staged`)
#   commit   one commit modifying N files: `scan --commit HEAD`
#   history  N small commits made by `git fast-import`: `scan --history`
#   broken   a pack with a corrupt blob, a deleted loose blob, a blob:none partial clone
#
#   bench/bad_input_scale.sh [-c CASES] [-q]
#     -c  comma-separated cases (default staged,bigfile,commit,history,broken)
#     -q  quick: every size divided by 10 (a smoke run of a minute or two)
# Sizes (full): staged 10k/100k files, bigfile 200 MB/2 GB, commit 5k/50k files,
# history 100k/1M commits. Data lives in bench/.cache/bad_input and is deleted at the end.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bench/snapshot.sh
source "$bench_dir/snapshot.sh"

cases=staged,bigfile,commit,history,broken
div=1
while getopts 'c:qh' opt; do
  case $opt in
    c) cases=$OPTARG ;;
    q) div=10 ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
cmd=$(command_line "$@")
HOOKAGENT=$(find_hookagent)
[[ -x /usr/bin/time ]] || ensure_apt time
want() { [[ ",$cases," == *",$1,"* ]]; }

data="$cache_dir/bad_input"
rm -rf "$data"
mkdir -p "$data"
trap 'rm -rf "$data"' EXIT
# A private copy (the run takes many minutes; build/ may be relinked meanwhile),
# with every hook binary, since the staged case installs the pre-commit hook.
built_hooks="$(dirname "$HOOKAGENT")/hooks"
snapshot_hookagent "$data/bin"
[[ -d $built_hooks ]] && find "$built_hooks" -maxdepth 1 -type f -perm -u+x -exec cp {} "$data/bin/hooks/" \;
gen() { nice -n 10 "$@"; }  # generation yields to whoever else measures on this machine

stamp=$(date +%Y%m%d-%H%M%S)
report="$results_dir/bad_input_scale-$stamp.txt"
rows="$data/rows.tsv"
: > "$rows"

# A fake credential, drawn now: an AWS access key id shape (AKIA + 16 of [A-Z2-7]).
fake_key() { printf 'AKIA%s' "$(head -c 10 /dev/urandom | base32 | head -c 16)"; }

# measure CASE SIZE WHAT DIR -- CMD...: runs CMD in DIR under GNU time; one row of
# case, size, what, seconds, peak KiB, exit code, and the last stdout/stderr line.
measure() {
  local case=$1 size=$2 what=$3 dir=$4
  shift 5
  local t="$data/time.out" out="$data/cmd.out" rc=0
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$t" "$@" >"$out" 2>&1) || rc=$?
  local secs kib
  read -r secs kib < <(tail -1 "$t")
  local last
  last=$(grep -v '^\s*$' "$out" | grep -iE 'scanned|skipped|error|missing|corrupt|finding|blocked' | tail -2 | tr '\n' ' ' | cut -c1-230 || true)
  [[ -n $last ]] || last=$(grep -v '^\s*$' "$out" | tail -1 | cut -c1-120 || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$size" "$what" "$secs" "$kib" "$rc" "$last" >> "$rows"
  say "  $case $size $what: ${secs}s, $((kib / 1024)) MiB peak, exit $rc"
  cp "$out" "$data/last-$case-$size-${what// /_}.out" 2>/dev/null || true
}

install_hook() {  # repo: hookagent's default pre-commit, offline
  printf '[provider]\nkind = "none"\n' > "$1/.git/hookagent.toml"
  (cd "$1" && "$HOOKAGENT" install >"$data/install.log" 2>&1) || die "hookagent install failed: $(cat "$data/install.log")"
}

# Writes N small source-like files under DIR/src (100 per folder), one with a fake key.
write_files() {
  gen python3 - "$1" "$2" "$(fake_key)" <<'EOF'
import os, sys
root, n, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(n):
    d = os.path.join(root, "src", "m%04d" % (i // 100))
    if i % 100 == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.py" % i), "w") as f:
        f.write("def handler_%d(request):\n    total = request.count * %d\n    return {'id': %d, 'total': total}\n" % (i, i % 97, i))
        if i == n // 2:
            f.write("AWS_ACCESS_KEY_ID = '%s'\n" % key)
EOF
}

# Appends a line to every other file (N/2 files), the fake key in one of them.
touch_half() {
  gen python3 - "$1" "$2" "$(fake_key)" <<'EOF'
import os, sys
root, n, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(0, n, 2):
    p = os.path.join(root, "src", "m%04d" % (i // 100), "f%06d.py" % i)
    with open(p, "a") as f:
        f.write("# reviewed %d\n" % i)
        if i == n // 4 * 2:
            f.write("AWS_SECRET_KEY_ID = '%s'\n" % key)
EOF
}

staged_and_commit() {  # N: cases staged (N files) and commit (N/2 files modified)
  local n=$1 repo="$data/staged-$1"
  say "staged: $n files"
  new_repo "$repo"
  write_files "$repo" "$n"
  gen git -C "$repo" add -A src
  if want staged; then
    measure staged "$n files" "floor: git diff --cached --stat" "$repo" -- git diff --cached --stat
    measure staged "$n files" "hookagent scan --staged" "$repo" -- "$HOOKAGENT" scan --staged
    install_hook "$repo"
    measure staged "$n files" "floor: git commit --no-verify" "$repo" -- git commit -q --no-verify -m floor
    git -C "$repo" reset -q --soft HEAD~1
    # The hook must block the fake key (exit 1): a hook that scanned nothing would pass.
    measure staged "$n files" "git commit, hook (blocks)" "$repo" -- git commit -q -m hooked
  fi
  if want commit; then
    git -C "$repo" commit -q --no-verify -m "$n files"
    touch_half "$repo" "$n"
    gen git -C "$repo" commit -q -a --no-verify -m "touch $((n / 2)) files"
    measure commit "$((n / 2)) files" "floor: git show -p | grep -c" "$repo" -- sh -c 'git show -p --format= HEAD | grep -c AKIA'
    measure commit "$((n / 2)) files" "hookagent scan --commit HEAD" "$repo" -- "$HOOKAGENT" scan --commit HEAD
  fi
  rm -rf "$repo"
}

# MB of real-looking text (Python's standard library, repeated) with a fake key 1 KB before the end.
big_text() {
  gen python3 - "$1" "$2" "$(fake_key)" <<'EOF'
import glob, sys
out, mb, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
block = b""
for p in sorted(glob.glob("/usr/lib/python3*/**/*.py", recursive=True)):
    try:
        block += open(p, "rb").read()
    except OSError:
        continue
    if len(block) > 4 << 20:
        break
if not block:
    block = b"def f(x):\n    return x * 2\n" * 100000
size = mb * 1000 * 1000
with open(out, "wb") as f:
    written = 0
    while written + len(block) < size - 1024:
        f.write(block); written += len(block)
    f.write(block[: size - 1024 - written].rsplit(b"\n", 1)[0] + b"\n")
    f.write(b"aws_access_key_id = '" + key.encode() + b"'\n")
    f.write(b"# end\n" * 10)
EOF
}

bigfile() {  # MB
  local mb=$1 repo="$data/big-$1"
  say "bigfile: $mb MB"
  new_repo "$repo"
  big_text "$repo/big.txt" "$mb"
  cat "$repo/big.txt" > /dev/null
  measure bigfile "$mb MB" "floor: grep -c AKIA FILE" "$repo" -- grep -c AKIA big.txt
  measure bigfile "$mb MB" "hookagent scan FILE" "$repo" -- "$HOOKAGENT" scan big.txt
  gen git -C "$repo" add big.txt
  local where=loose
  [[ -z $(find "$repo/.git/objects/pack" -name '*.pack' -print -quit) ]] || where="packed by git add (core.bigFileThreshold)"
  measure bigfile "$mb MB, $where" "floor: git cat-file blob :big.txt | grep -c" "$repo" -- sh -c 'git cat-file blob :big.txt | grep -c AKIA'
  measure bigfile "$mb MB, $where" "hookagent scan --staged" "$repo" -- "$HOOKAGENT" scan --staged
  rm -rf "$repo"
}

history() {  # N commits, each changing one small file; the fake key in the middle one
  local n=$1 repo="$data/history-$1"
  say "history: $n commits (git fast-import)"
  rm -rf "$repo"
  git init -q "$repo"
  gen python3 - "$n" "$(fake_key)" <<'EOF' | gen git -C "$repo" fast-import --quiet
import sys
n, key = int(sys.argv[1]), sys.argv[2]
w = sys.stdout.buffer.write
t = 1700000000
for i in range(1, n + 1):
    body = b"def step_%d(state):\n    return state + %d\n" % (i, i % 13)
    if i == n // 2:
        body += b"AWS_ACCESS_KEY_ID = '" + key.encode() + b"'\n"
    msg = b"step %d\n" % i
    w(b"commit refs/heads/main\nmark :%d\ncommitter Bench <bench@example.invalid> %d +0000\n" % (i, t + i))
    w(b"data %d\n%s" % (len(msg), msg))
    if i > 1:
        w(b"from :%d\n" % (i - 1))
    w(b"M 100644 inline pkg%02d/mod%02d.py\ndata %d\n%s\n" % (i % 64, (i // 64) % 16, len(body), body))
EOF
  git -C "$repo" symbolic-ref HEAD refs/heads/main
  measure history "$n commits" "floor: git log -p | grep -c" "$repo" -- sh -c 'git log -p | grep -c AKIA'
  measure history "$n commits" "hookagent scan --history" "$repo" -- "$HOOKAGENT" scan --history
  rm -rf "$repo"
}

broken() {
  say "broken: corrupt pack, deleted loose blob, partial clone"
  local src="$data/broken-src"
  new_repo "$src"
  for i in $(seq 1 20); do
    printf 'def f%d():\n    return %d\n' "$i" "$i" > "$src/m$i.py"
    ((i == 10)) && printf "TOKEN = '%s'\n" "$(fake_key)" >> "$src/m$i.py"
    git -C "$src" add "m$i.py"
    git -C "$src" commit -q --no-verify -m "m$i"
  done
  # A deleted loose blob (as after a bad copy or a crash).
  local loose="$data/broken-loose"
  cp -r "$src" "$loose"  # commits made one by one: every object is loose
  local victim
  victim=$(git -C "$loose" rev-parse HEAD~5:m15.py)
  [[ -f $loose/.git/objects/${victim:0:2}/${victim:2} ]] || die "could not find the loose blob $victim"
  rm -f "$loose/.git/objects/${victim:0:2}/${victim:2}"
  measure broken "1 of 21 blobs" "deleted loose blob: scan --history" "$loose" -- "$HOOKAGENT" scan --history
  # A pack whose blob's compressed data is overwritten.
  local packed="$data/broken-pack"
  git clone -q --no-local "$src" "$packed"
  git -C "$packed" repack -adq
  local pack idx
  idx=$(ls "$packed"/.git/objects/pack/*.idx)
  pack=${idx%.idx}.pack
  victim=$(git -C "$packed" rev-parse HEAD~5:m15.py)
  local offset
  offset=$(git verify-pack -v "$idx" | awk -v v="$victim" '$1==v{print $5}')
  chmod u+w "$pack"
  printf 'XXXXXXXX' | dd of="$pack" bs=1 seek=$((offset + 3)) conv=notrunc status=none
  measure broken "1 of 21 blobs" "corrupt packed blob: scan --history" "$packed" -- "$HOOKAGENT" scan --history
  measure broken "1 of 21 blobs" "corrupt packed blob: git log -p (floor)" "$packed" -- sh -c 'git log -p >/dev/null'
  # A blob:none partial clone: every blob missing, so exit 2 is right here.
  local partial="$data/broken-partial"
  git -C "$src" config uploadpack.allowFilter true
  git clone -q --no-local --filter=blob:none --no-checkout "file://$src" "$partial"
  measure broken "21 of 21 blobs" "partial clone, all missing: scan --history" "$partial" -- "$HOOKAGENT" scan --history
  # ...and the same after one checkout fetched the tip's blobs.
  git -C "$partial" checkout -q main 2>/dev/null || git -C "$partial" checkout -q master
  measure broken "some missing" "partial clone after checkout: scan --history" "$partial" -- "$HOOKAGENT" scan --history
}

say "bench/bad_input_scale.sh: cases $cases, sizes divided by $div"
df -h "$data" | tail -1 >&2
if want staged || want commit; then
  staged_and_commit $((10000 / div))
  staged_and_commit $((100000 / div))
fi
if want bigfile; then
  bigfile $((200 / div))
  bigfile $((2000 / div))
fi
if want history; then
  history $((100000 / div))
  history $((1000000 / div))
fi
want broken && broken

{
  echo "# bench/bad_input_scale.sh: hookagent on very large and broken input (issue 13, \"Bad input\")"
  echo "command: $cmd"
  machine_description
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  python3 - "$rows" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| case | size | command | wall s | peak MiB | exit | last line of output |")
print("| --- | --- | --- | ---: | ---: | ---: | --- |")
for c, size, what, secs, kib, rc, last in rows:
    print(f"| {c} | {size} | {what} | {float(secs):.2f} | {int(kib)/1024:.1f} | {rc} | {last.strip()} |")
# Ratios: hookagent against the floor at each size, and big size against small.
print()
print("| case | command | small → large size | time ratio (large/small) | size ratio | peak MiB small → large | vs floor (small, large) |")
print("| --- | --- | --- | ---: | ---: | --- | --- |")
# Each hookagent row is set against the floor measured just before it (same case, same size).
last_floor, pairs, by = {}, {}, {}
for c, size, what, secs, kib, rc, last in rows:
    if what.startswith("floor"):
        last_floor[(c, size)] = float(secs)
        continue
    by.setdefault((c, what), []).append((size, float(secs), int(kib), last_floor.get((c, size))))
def num(s):
    return float(s.split()[0])
for (c, what), v in by.items():
    if c == "broken" or len(v) < 2:
        continue
    (s0, t0, m0, f0), (s1, t1, m1, f1) = v[0], v[-1]
    vs = ", ".join(f"{t / max(f, 0.01):.1f}x" if f is not None else "-" for t, f in ((t0, f0), (t1, f1)))
    print(f"| {c} | {what} | {s0} → {s1} | {t1 / max(t0, 0.01):.1f}x | {num(s1) / num(s0):.0f}x | {m0/1024:.0f} → {m1/1024:.0f} | {vs} |")
EOF
} | tee "$report"
say "report: $report"
