#!/usr/bin/env bash
# What hookagent's default pre-commit scan adds to a commit of a 50-file change:
# repos with the same 50 source files: `hookagent install` with the default
# configuration (offline rules, no provider; the per-user warm server runs the
# scan), the same scanned in process (hookagent-cold, HOOKAGENT_WARM=0), a raw
# `sh` hook running `true` (the floor) and no hook. Each round rewrites the 50
# files identically in all (clean code, nothing to block), stages them and
# times `git commit`, interleaved. Goals: 15 ms or less added (issue 12), and
# at most 3x what the raw sh hook adds (issue 13).
#
#   bench/precommit_scan.sh [-n ROUNDS] [-f FILES]      (defaults 30, 50)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rounds=30 files=50
while getopts 'n:f:h' opt; do
  case $opt in
    n) rounds=$OPTARG ;;
    f) files=$OPTARG ;;
    *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
cmd=$(command_line "$@")
HOOKAGENT=$(find_hookagent)

work=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-bench-precommit.XXXXXX")
trap '"$HOOKAGENT" warm stop -q >/dev/null 2>&1; rm -rf "$work"' EXIT

change() {  # repo round: rewrite the files and stage them
  python3 "$bench_dir/gen_corpus.py" change "$1" --files "$files" --round "$2" >/dev/null
  git -C "$1" add -A src
}

setups=(none sh-true hookagent hookagent-cold)
for s in none sh-true hookagent; do
  new_repo "$work/$s"
  change "$work/$s" 0
  git -C "$work/$s" commit -q --no-verify -m "the $files files"
done
# The user's own config says only this: no provider, so the offline engine alone.
printf '[provider]\nkind = "none"\n' > "$work/hookagent/.git/hookagent.toml"
(cd "$work/hookagent" && "$HOOKAGENT" install >"$work/install.log" 2>&1) ||
  die "\`hookagent install\` failed: $(cat "$work/install.log")"
[[ -x $work/hookagent/.git/hooks/pre-commit ]] || die "\`hookagent install\` wrote no pre-commit hook"

# A hook that silently does nothing would look very fast: check, untimed, that
# this one blocks a (fake, made now) AWS key, then take it back out.
probe="$work/hookagent/src/zz_probe.py"
printf 'AWS_ACCESS_KEY_ID = "AKIA%s"\n' "$(head -c 10 /dev/urandom | base32)" > "$probe"
git -C "$work/hookagent" add "$probe"
if git -C "$work/hookagent" commit -q -m probe >"$work/probe.log" 2>&1; then
  die "the installed pre-commit hook did not block a fake AWS key: it is not scanning (see $work/probe.log)"
fi
git -C "$work/hookagent" rm -q --cached "$probe" && rm -f "$probe"
cp -a "$work/hookagent" "$work/hookagent-cold"
printf '#!/bin/sh\ntrue\n' > "$work/sh-true/.git/hooks/pre-commit"
chmod +x "$work/sh-true/.git/hooks/pre-commit"

samples="$work/samples.txt"
: > "$samples"
blocked=0
say "committing a $files-file change: 2 warm-up rounds, then $rounds rounds"
for ((i = 1; i <= rounds + 2; i++)); do
  for ((k = 0; k < ${#setups[@]}; k++)); do
    s=${setups[(i + k) % ${#setups[@]}]}
    change "$work/$s" "$i"
    warm=auto
    [[ $s == hookagent-cold ]] && warm=0
    t0=$(now_us)
    if ! HOOKAGENT_WARM=$warm git -C "$work/$s" commit -q -m "round $i" >"$work/last.log" 2>&1; then
      blocked=$((blocked + 1))
      say "commit failed in the $s repo (round $i):"
      head -20 "$work/last.log" >&2
      git -C "$work/$s" commit -q --no-verify -m "round $i (after a failed commit)"
      continue
    fi
    t1=$(now_us)
    ((i > 2)) && printf '%s %d\n' "$s" "$((t1 - t0))" >> "$samples"
  done
done

stamp=$(date +%Y%m%d-%H%M%S)
report="$results_dir/precommit_scan-$stamp.txt"
{
  echo "# bench/precommit_scan.sh: median ms per \`git commit\` of a $files-file staged change, interleaved"
  echo "command: $cmd"
  machine_description
  echo "change: $files files rewritten per round ($(du -sh "$work/none/src" | cut -f1) of Python/JS/Go/Java-like source), default config, provider none"
  ((blocked)) && echo "note: $blocked commits failed or were blocked and are not in the figures"
  echo
  python3 "$bench_dir/stats.py" "$samples" --baseline none --reference hookagent \
    --order none,sh-true,hookagent,hookagent-cold --json "$results_dir/precommit_scan-$stamp.json"
  echo
  python3 - "$results_dir/precommit_scan-$stamp.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["added_ms"]
for label in ("hookagent", "hookagent-cold"):
    if label in a:
        print(f"goal: {label}: the default pre-commit scan adds <= 15 ms: {'MET' if a[label] <= 15 else 'NOT MET'} ({a[label]:+.2f} ms)")
        floor = a.get("sh-true")
        if floor and floor > 0:
            ratio = a[label] / floor
            print(f"goal: {label} adds <= 3x a raw sh hook: {'MET' if ratio <= 3 else 'NOT MET'}"
                  f" ({a[label]:+.2f} ms vs {floor:+.2f} ms; {ratio:.2f}x)")
PY
} | tee "$report"
say "results: $report"
