#!/usr/bin/env python3
"""Recall and false positives of the `danger` pack on a labelled corpus.

The corpus is tests/scan/danger_corpus/<language>/: small, realistic files written
for this test. A line that holds an insecure construct carries a trailing comment
`hookagent-expect: CWE-NNN` (several CWEs: `CWE-78, CWE-88`); every other line is
expected to stay quiet. The real binary scans a copy of the corpus (outside any git
repository, with an empty HOME, so no user or repo config applies), and:

  recall   a marked line counts as found when a danger finding (any confidence)
           lies within 2 lines of it, as the held-out measure of issue 12 counts;
           for hard-coded credentials (CWE-798, 259, 321) a finding of the secrets
           pack counts too, since telling those apart is that pack's job;
  FP       a danger finding with no marked line within 2 lines, per 1,000 lines.

Both are printed per language and per CWE, for all findings and for the findings of
high-confidence rules alone (those that block by default). The test fails below
75% recall overall or 60% in any language, or above the FP limits below.

  danger_corpus_test.py [--markdown] [--misses] [--fps] [--lang NAME]
     --markdown  print the README table instead of the plain one
     --misses    list every marked line nothing found
     --fps       list every finding on an unmarked line

Environment (set by meson): HOOKAGENT_BIN, HOOKAGENT_TEST_SOURCE_ROOT.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

RECALL_OVERALL_MIN = 0.75
RECALL_LANGUAGE_MIN = 0.60
# Set from the measurement (see the report printed by this script): findings on
# unmarked lines per 1,000 lines, all rules and high-confidence rules alone.
FP_PER_KLOC_MAX = 3.0
FP_HIGH_PER_KLOC_MAX = 0.6
# A language with fewer marked lines than this measures nothing; the corpus is broken.
MIN_MARKED_PER_LANGUAGE = 25
NEAR = 2  # lines
# Hard-coded credential CWEs: the secrets pack's findings count for these lines too.
CREDENTIAL_CWES = {"CWE-798", "CWE-259", "CWE-321", "CWE-260", "CWE-547"}

PLACEHOLDER = re.compile(r"\{\{rand:(\d+):([^}]+)\}\}")
MARK = re.compile(r"hookagent-expect:\s*((?:CWE-\d+)(?:\s*,\s*CWE-\d+)*)")

# Display names, in table order.
LANGUAGES = {
    "python": "Python",
    "javascript": "JavaScript/TypeScript",
    "java": "Java",
    "csharp": "C#",
    "c": "C",
    "cpp": "C++",
    "go": "Go",
    "rust": "Rust",
    "php": "PHP",
    "ruby": "Ruby",
    "shell": "Shell",
}


def source_root() -> Path:
    env = os.environ.get("HOOKAGENT_TEST_SOURCE_ROOT")
    return Path(env) if env else Path(__file__).resolve().parents[2]


def hookagent_bin(root: Path) -> Path:
    env = os.environ.get("HOOKAGENT_BIN")
    return Path(env) if env else root / "build" / "hookagent"


def load_danger_rules(root: Path) -> dict:
    """rule id -> {cwe, confidence} for every rule of rules/danger.toml."""
    with open(root / "rules" / "danger.toml", "rb") as f:
        pack = tomllib.load(f)
    return {
        r["id"]: {"cwe": r.get("cwe", "?"), "confidence": r.get("confidence", "unset")}
        for r in pack.get("rules", [])
    }


def read_corpus(corpus: Path):
    """files: relative path -> (language, line count, {line: [CWE, ...]})."""
    files = {}
    for path in sorted(corpus.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(corpus).as_posix()
        language = rel.split("/", 1)[0]
        if language not in LANGUAGES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        marks = {}
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, start=1):
            m = MARK.search(line)
            if m:
                marks[number] = [c.strip() for c in m.group(1).split(",")]
        files[rel] = (language, len(lines), marks)
    return files


def charset(spec: str) -> str:
    """A regex-class-like CHARSET (`A-Za-z0-9_-`) as the characters it holds."""
    out, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


def expand_placeholders(text: str, seed: str) -> str:
    """{{rand:N:CHARSET}} -> N random characters (rules/README.md): the corpus never
    stores a credential-looking literal; the scanned copy holds one."""
    rng = random.Random(seed)
    return PLACEHOLDER.sub(lambda m: "".join(rng.choice(charset(m.group(2))) for _ in range(int(m.group(1)))), text)


def copy_corpus(corpus: Path, copy: Path) -> None:
    for path in sorted(corpus.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(corpus)
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        (copy / rel).write_text(expand_placeholders(text, rel.as_posix()), encoding="utf-8")


def run_scan(binary: Path, root: Path, corpus: Path):
    """Scans a copy of the corpus; returns (findings, the scan's summary)."""
    work = Path(tempfile.mkdtemp(prefix="hookagent-scan."))
    copy = work / "project"
    copy_corpus(corpus, copy)
    home = work / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKAGENT_")}
    env.update({
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "HOOKAGENT_DATA_DIR": str(root),
        "NO_COLOR": "1",
        "GIT_CEILING_DIRECTORIES": str(work),
    })
    # Keep the suite's shared cache of compiled databases when meson sets one.
    env.setdefault("XDG_CACHE_HOME", str(home / ".cache"))
    proc = subprocess.run(
        [str(binary), "scan", str(copy), "--format", "json", "--block-on", "never"],
        cwd=work, env=env, capture_output=True, text=True, timeout=600)
    try:
        if proc.returncode != 0:
            raise SystemExit(f"hookagent scan exited {proc.returncode}:\n{proc.stderr}")
        report = json.loads(proc.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    findings = []
    for f in report.get("findings", []):
        path = Path(f["file"])
        try:
            rel = path.relative_to(copy).as_posix()
        except ValueError:
            rel = f["file"].split("/project/", 1)[-1]
        findings.append({"file": rel, "line": int(f["line"]), "rule": f["rule_id"],
                         "excerpt": f.get("excerpt", "").strip()})
    summary = report.get("summary", {})
    return findings, summary


class Tally:
    def __init__(self):
        self.marked = 0
        self.found = 0
        self.found_high = 0
        self.fp = 0
        self.fp_high = 0
        self.lines = 0

    def recall(self, high=False):
        if not self.marked:
            return None
        return (self.found_high if high else self.found) / self.marked

    def fp_per_kloc(self, high=False):
        if not self.lines:
            return None
        return 1000.0 * (self.fp_high if high else self.fp) / self.lines


def measure(files, findings, rules):
    by_language = defaultdict(Tally)
    by_cwe = defaultdict(Tally)
    misses, fps = [], []
    danger = [f for f in findings if f["rule"] in rules]
    by_file = defaultdict(list)
    for f in danger:
        by_file[f["file"]].append(f)
    secrets_by_file = defaultdict(list)
    for f in findings:
        if f["rule"] not in rules:
            secrets_by_file[f["file"]].append(f)

    for rel, (language, count, marks) in files.items():
        by_language[language].lines += count
        here = by_file.get(rel, [])
        for line, cwes in sorted(marks.items()):
            near = [f for f in here if abs(f["line"] - line) <= NEAR]
            high = [f for f in near if rules[f["rule"]]["confidence"] == "high"]
            if CREDENTIAL_CWES.intersection(cwes):
                # secret rules always block (they carry no confidence)
                secret = [f for f in secrets_by_file.get(rel, []) if abs(f["line"] - line) <= NEAR]
                near += secret
                high += secret
            for tally in [by_language[language]] + [by_cwe[c] for c in cwes]:
                tally.marked += 1
                tally.found += bool(near)
                tally.found_high += bool(high)
            if not near:
                misses.append(f"{rel}:{line}: {', '.join(cwes)}")
        for f in here:
            if any(abs(f["line"] - line) <= NEAR for line in marks):
                continue
            is_high = rules[f["rule"]]["confidence"] == "high"
            for tally in (by_language[language], by_cwe[rules[f["rule"]]["cwe"]]):
                tally.fp += 1
                tally.fp_high += is_high
            fps.append(f"{rel}:{f['line']}: {f['rule']} ({rules[f['rule']]['confidence']}): {f['excerpt'][:110]}")
    return by_language, by_cwe, misses, fps


def total(tallies):
    t = Tally()
    for x in tallies:
        t.marked += x.marked
        t.found += x.found
        t.found_high += x.found_high
        t.fp += x.fp
        t.fp_high += x.fp_high
        t.lines += x.lines
    return t


def pct(v):
    return "—" if v is None else f"{100 * v:.0f}%"


def kloc(v):
    return "—" if v is None else f"{v:.1f}"


def cwe_key(cwe):
    m = re.match(r"CWE-(\d+)", cwe)
    return int(m.group(1)) if m else 10 ** 6


def print_plain(by_language, by_cwe, overall):
    head = f"{'language':<22} {'lines':>6} {'marked':>6} {'recall':>7} {'high':>6} {'FP':>4} {'FP/kLOC':>8} {'high FP/kLOC':>12}"
    print(head)
    for key, name in LANGUAGES.items():
        t = by_language.get(key)
        if not t:
            continue
        print(f"{name:<22} {t.lines:>6} {t.marked:>6} {pct(t.recall()):>7} {pct(t.recall(True)):>6} "
              f"{t.fp:>4} {kloc(t.fp_per_kloc()):>8} {kloc(t.fp_per_kloc(True)):>12}")
    t = overall
    print(f"{'all':<22} {t.lines:>6} {t.marked:>6} {pct(t.recall()):>7} {pct(t.recall(True)):>6} "
          f"{t.fp:>4} {kloc(t.fp_per_kloc()):>8} {kloc(t.fp_per_kloc(True)):>12}")
    print()
    print(f"{'CWE':<10} {'marked':>6} {'recall':>7} {'high':>6} {'FP':>4}")
    for cwe in sorted(by_cwe, key=cwe_key):
        t = by_cwe[cwe]
        print(f"{cwe:<10} {t.marked:>6} {pct(t.recall()):>7} {pct(t.recall(True)):>6} {t.fp:>4}")


def print_markdown(by_language, by_cwe, overall):
    print("| language | lines | labelled lines | recall | recall, blocking rules | FP per 1,000 lines | blocking FP per 1,000 lines |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, name in LANGUAGES.items():
        t = by_language.get(key)
        if not t:
            continue
        print(f"| {name} | {t.lines:,} | {t.marked} | {pct(t.recall())} | {pct(t.recall(True))} | "
              f"{kloc(t.fp_per_kloc())} | {kloc(t.fp_per_kloc(True))} |")
    t = overall
    print(f"| **all** | {t.lines:,} | {t.marked} | **{pct(t.recall())}** | {pct(t.recall(True))} | "
          f"{kloc(t.fp_per_kloc())} | {kloc(t.fp_per_kloc(True))} |")
    print()
    print("| CWE | labelled lines | recall | recall, blocking rules | findings on unlabelled lines |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rare = [c for c in by_cwe if by_cwe[c].marked < 3]
    for cwe in sorted(by_cwe, key=cwe_key):
        if cwe in rare:
            continue
        t = by_cwe[cwe]
        print(f"| {cwe} | {t.marked} | {pct(t.recall())} | {pct(t.recall(True))} | {t.fp} |")
    if rare:
        t = total(by_cwe[c] for c in rare)
        print(f"| {len(rare)} other CWEs (under 3 lines each) | {t.marked} | {pct(t.recall())} | "
              f"{pct(t.recall(True))} | {t.fp} |")


def check(by_language, overall):
    problems = []
    if overall.recall() is None or overall.recall() < RECALL_OVERALL_MIN:
        problems.append(f"overall recall {pct(overall.recall())} < {pct(RECALL_OVERALL_MIN)}")
    for key, name in LANGUAGES.items():
        t = by_language.get(key)
        if not t or t.marked < MIN_MARKED_PER_LANGUAGE:
            problems.append(f"{name}: {t.marked if t else 0} marked lines (need {MIN_MARKED_PER_LANGUAGE})")
            continue
        if t.recall() < RECALL_LANGUAGE_MIN:
            problems.append(f"{name}: recall {pct(t.recall())} < {pct(RECALL_LANGUAGE_MIN)}")
    if overall.fp_per_kloc() > FP_PER_KLOC_MAX:
        problems.append(f"FP {overall.fp_per_kloc():.2f}/kLOC > {FP_PER_KLOC_MAX}")
    if overall.fp_per_kloc(True) > FP_HIGH_PER_KLOC_MAX:
        problems.append(f"high-confidence FP {overall.fp_per_kloc(True):.2f}/kLOC > {FP_HIGH_PER_KLOC_MAX}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--fps", action="store_true")
    parser.add_argument("--lang", help="only this corpus folder (no pass/fail check)")
    parser.add_argument("--only", help="only files whose path contains this (no pass/fail check)")
    args = parser.parse_args()

    root = source_root()
    binary = hookagent_bin(root)
    if not binary.exists():
        print(f"no binary at {binary}", file=sys.stderr)
        return 1
    corpus = root / "tests" / "scan" / "danger_corpus"
    rules = load_danger_rules(root)
    unset = sorted(i for i, r in rules.items() if r["confidence"] not in ("high", "medium", "low"))
    files = read_corpus(corpus)
    if args.lang:
        files = {k: v for k, v in files.items() if v[0] == args.lang}
    if args.only:
        files = {k: v for k, v in files.items() if args.only in k}
    findings, summary = run_scan(binary, root, corpus)
    if summary.get("files_skipped"):
        print(f"note: {summary['files_skipped']} corpus files skipped by the scan", file=sys.stderr)

    by_language, by_cwe, misses, fps = measure(files, findings, rules)
    overall = total(by_language.values())
    if args.markdown:
        print_markdown(by_language, by_cwe, overall)
    else:
        print_plain(by_language, by_cwe, overall)
    if args.misses:
        print("\nmissed:")
        for m in misses:
            print("  " + m)
    if args.fps:
        print("\nfindings on unmarked lines:")
        for f in fps:
            print("  " + f)
    if args.lang or args.only:
        return 0

    problems = check(by_language, overall)
    if unset:
        problems.append(f"{len(unset)} danger rules without confidence: {', '.join(unset[:8])}")
    if problems:
        print("\nFAILED:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        if not args.misses:
            print("\nmissed:", file=sys.stderr)
            for m in misses:
                print("  " + m, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
