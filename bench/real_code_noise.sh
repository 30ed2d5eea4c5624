#!/usr/bin/env bash
# Noise of the bundled packs on real, clean source code (issue 12: at most 0.5
# blocking findings per 10,000 lines, 80% of blocking findings worth a look).
#
# The corpus is what Debian packages installed on this machine, read in place
# (nothing is copied into the repository): the Python standard library, C/C++
# headers, Go's standard library, JavaScript from /usr/share/javascript and the
# npm packages under build*/, Perl modules, and the JDK's own Java sources
# (java.base, java.sql, java.net.http, java.xml from lib/src.zip, unpacked into
# a temporary folder). Sources that are not installed are left out and named.
#
#   bench/real_code_noise.sh [--markdown] [--list N] [--bin PATH]
#     --markdown  print the README table
#     --list N    print N blocking findings per rule (default 3) for triage
#
# A finding blocks when it would fail a default pre-commit: no advisory (not a
# lower-confidence rule, not in test/docs/example/vendored/generated paths) and
# severity high or critical (the default block_on). Lines are the newline count
# of every file the scan read. HOME is a temporary folder: no user config applies.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/hookagent"
MARKDOWN=0
LIST=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --markdown) MARKDOWN=1 ;;
    --list) LIST="$2"; shift ;;
    --bin) BIN="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x "$BIN" ]] || { echo "no hookagent binary at $BIN (build first)" >&2; exit 2; }

WORK="$(mktemp -d -t hookagent-noise.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"

declare -a SOURCES=()
add() {  # add LABEL PATH...
  local label="$1"; shift
  local p
  for p in "$@"; do
    if [[ -d "$p" ]]; then SOURCES+=("$label=$p"); fi
  done
}
add python /usr/lib/python3.11
add c-headers /usr/include
add go /usr/share/go-1.19/src
add javascript /usr/share/javascript /usr/lib/node_modules/npm
for d in "$ROOT"/build*/hook-tools/node_modules "$ROOT"/build*/sarif-schema/node_modules; do add javascript "$d"; done
add perl /usr/share/perl5 /usr/share/perl
JDK_SRC=""
for z in /usr/lib/jvm/*/lib/src.zip; do [[ -f "$z" ]] && { JDK_SRC="$z"; break; }; done
if [[ -n "$JDK_SRC" ]]; then
  mkdir -p "$WORK/jdk"
  python3 - "$JDK_SRC" "$WORK/jdk" <<'EOF'
import sys, zipfile
keep = ("java.base/", "java.sql/", "java.net.http/", "java.xml/")
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.startswith(keep) and n.endswith(".java"):
            z.extract(n, sys.argv[2])
EOF
  add java "$WORK/jdk"
fi

PATHS=()
for s in "${SOURCES[@]}"; do PATHS+=("${s#*=}"); done
start=$(date +%s.%N)
HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" NO_COLOR=1 \
  "$BIN" scan "${PATHS[@]}" --format json --block-on never > "$WORK/report.json" 2> "$WORK/stderr" || {
  echo "scan failed:" >&2; cat "$WORK/stderr" >&2; exit 1; }
end=$(date +%s.%N)

python3 - "$WORK/report.json" "$MARKDOWN" "$LIST" "$(echo "$end - $start" | bc)" "${SOURCES[@]}" <<'EOF'
import json, os, sys
from collections import Counter, defaultdict

report = json.load(open(sys.argv[1]))
markdown, per_rule, seconds = sys.argv[2] == "1", int(sys.argv[3]), float(sys.argv[4])
sources = [s.split("=", 1) for s in sys.argv[5:]]
BLOCKING = {"critical", "high"}

def label_of(path):
    for label, root in sources:
        if path.startswith(root.rstrip("/") + "/") or path == root:
            return label
    return "?"

# Lines: every regular, non-binary file under the sources (what the scan reads).
lines = Counter()
files = Counter()
for label, root in sources:
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            try:
                if os.path.islink(p) or not os.path.isfile(p):
                    continue
                with open(p, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if b"\0" in data[:8000]:
                continue
            lines[label] += data.count(b"\n")
            files[label] += 1

findings = report.get("findings", [])
blocking = [f for f in findings if not f.get("advisory") and f.get("severity") in BLOCKING]
by_label = Counter(label_of(f["file"]) for f in blocking)
all_by_label = Counter(label_of(f["file"]) for f in findings)
by_rule = Counter(f["rule_id"] for f in blocking)
total_lines = sum(lines.values())

def per10k(n, l):
    return 10000.0 * n / l if l else 0.0

if markdown:
    print("| source | files | lines | findings | blocking | blocking per 10,000 lines |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label in dict.fromkeys(l for l, _ in sources):
        print(f"| {label} | {files[label]:,} | {lines[label]:,} | {all_by_label[label]} | {by_label[label]} | "
              f"{per10k(by_label[label], lines[label]):.2f} |")
    print(f"| **all** | {sum(files.values()):,} | {total_lines:,} | {len(findings)} | {len(blocking)} | "
          f"**{per10k(len(blocking), total_lines):.2f}** |")
    if by_rule:
        print()
        print("Blocking findings by rule: " + ", ".join(f"`{r}` {n}" for r, n in by_rule.most_common()))
else:
    print(f"{'source':<12} {'files':>8} {'lines':>11} {'findings':>9} {'blocking':>9} {'per 10k':>8}")
    for label in dict.fromkeys(l for l, _ in sources):
        print(f"{label:<12} {files[label]:>8,} {lines[label]:>11,} {all_by_label[label]:>9} {by_label[label]:>9} "
              f"{per10k(by_label[label], lines[label]):>8.2f}")
    print(f"{'all':<12} {sum(files.values()):>8,} {total_lines:>11,} {len(findings):>9} {len(blocking):>9} "
          f"{per10k(len(blocking), total_lines):>8.2f}")
    print(f"\nscan: {seconds:.1f} s; sources: " + ", ".join(f"{l}={r}" for l, r in sources))
    print("\nblocking findings by rule:")
    examples = defaultdict(list)
    for f in blocking:
        examples[f["rule_id"]].append(f)
    for rule, n in by_rule.most_common():
        print(f"  {n:>5}  {rule}")
        for f in examples[rule][:per_rule]:
            print(f"         {f['file']}:{f['line']}: {f.get('excerpt', '').strip()[:140]}")
    advisory = Counter(f["rule_id"] for f in findings if f.get("advisory"))
    print("\nreported without blocking, top rules: " +
          ", ".join(f"{r} {n}" for r, n in advisory.most_common(10)))
EOF
