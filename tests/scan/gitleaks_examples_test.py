#!/usr/bin/env python3
"""Recall and false-positive rate of our secret rules on gitleaks' own rule examples.

gitleaks keeps true- and false-positive examples beside every rule it ships
(cmd/generate/config/rules/*.go). tests/scan/gitleaks_examples/ holds those
examples as data, one TOML file per gitleaks Go file, with every secret part
written as a {{rand:N:CHARSET}} placeholder. This script expands them with
several seeds, writes each example into its own file, runs the real binary
once per seed (`hookagent scan DIR --format json`) and counts, per gitleaks
rule id, the true positives found by our rule of that id (or by a rule that
lists the id in `aliases`) and the false positives that rule flags.

It fails unless total recall >= 98 % and total FP rate <= 2 %, and when a
gitleaks id in the data is neither an id nor an alias of one of our rules.

usage: gitleaks_examples_test.py [--markdown] [--seeds 1,7,42] [--rule ID] [--show-misses]
  HOOKAGENT_BIN              the binary (default: <build>/hookagent)
  HOOKAGENT_TEST_SOURCE_ROOT the source tree (rules/ and the data are read from it)

Data file keys, per [[rules]] table (all optional but `id`):
  tps, fps       literal examples (placeholders expand)
  shaped         [{key, secret}]: the secret put into every assignment shape
                 of SHAPES below, under names built from key
  single         [{key, secret}]: only `<key>_api_token = "<secret>"`
  shaped_fps     like shaped, each shape a false positive
  tp_files, fp_files  [{path, text}]: examples that need a file name
  jwt_headers, jwt_rest  JOSE headers (JSON): each becomes a JWT (its header in
                 base64url, then jwt_rest), written base64-encoded four ways
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zlib
from pathlib import Path

RECALL_GOAL = 0.98
FP_RATE_GOAL = 0.02
DEFAULT_SEEDS = (1, 7, 42)
MASK64 = (1 << 64) - 1

# Where a secret sits in real files: config formats, source code, build files.
# {k} is the key as given, {K} upper case; {s} is the secret. Written for this
# test (gitleaks' issue 1222 lists the same families of shapes).
SHAPES = (
    ("ini, quoted, tight", '{k}Token="{s}"'),
    ("ini, quoted, spaced", '{k}Token = "{s}"'),
    ("ini, bare, tight", "{k}Token={s}"),
    ("ini, bare, spaced", "{k}Token = {s}"),
    ("json object", '{{\n  "{k}_token": "{s}"\n}}'),
    ("json string holding an env file", '{{"settings.env": "{K}_TOKEN={s}\\nLOG_LEVEL=debug"}}'),
    ("xml element over lines", "<{k}Token>\n    {s}\n</{k}Token>"),
    ("yaml, bare", "{k}_token: {s}"),
    ("yaml, single quotes", "{k}_token: '{s}'"),
    ("yaml, double quotes", '{k}_token: "{s}"'),
    ("c#", 'string {k}Token = "{s}";'),
    ("go var", 'var {k}Token string = "{s}"'),
    ("go short", '{k}Token := "{s}"'),
    ("go raw string", "{k}Token := `{s}`"),
    ("java", 'String {k}Token = "{s}";'),
    ("kotlin", 'val {k}Token = "{s}"'),
    ("php append", '${k}Token .= "{s}"'),
    ("python, single quotes", "{k}Token = '{s}'"),
    ("java system property", 'System.setProperty("{K}_TOKEN", "{s}")'),
    ("logstash hash", '  "{k}Token" => "{s}"'),
    ("make, recursive", '{K}_TOKEN = "{s}"'),
    ("make, simple", '{K}_TOKEN := "{s}"'),
    ("make, shell", '{K}_TOKEN ::= "{s}"'),
    ("make, immediate", '{K}_TOKEN :::= "{s}"'),
    ("make, conditional", '{K}_TOKEN ?= "{s}"'),
    ("shell export", "export {K}_TOKEN={s}"),
    ("dotenv, quoted", '{K}_TOKEN="{s}"'),
)
SINGLE_SHAPE = '{k}_api_token = "{s}"'
KNOWN_KEYS = {"id", "tps", "fps", "shaped", "single", "shaped_fps", "tp_files", "fp_files",
              "jwt_headers", "jwt_rest"}
# The four base64 alphabets a base64-encoded JWT turns up in (gitleaks tests all four).
B64_CODECS = {
    "std": lambda b: base64.b64encode(b).decode(),
    "std-nopad": lambda b: base64.b64encode(b).decode().rstrip("="),
    "url": lambda b: base64.urlsafe_b64encode(b).decode(),
    "url-nopad": lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="),
}


def splitmix64(seed):
    """The generator of src/scan/text_tools.cpp, which expands the rule packs' samples."""
    state = seed & MASK64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def alphabet_of(classes):
    out = []
    k = 0
    while k < len(classes):
        if k + 2 < len(classes) and classes[k + 1] == "-":
            out.extend(chr(c) for c in range(ord(classes[k]), ord(classes[k + 2]) + 1))
            k += 3
        else:
            out.append(classes[k])
            k += 1
    return "".join(out) or "x"


PLACEHOLDER = re.compile(r"\{\{rand:(\d+)(?::(.*?))?\}\}", re.S)


def expand(template, seed):
    rng = splitmix64(seed)

    def one(m):
        alphabet = alphabet_of(m.group(2) if m.group(2) is not None else "A-Za-z0-9")
        return "".join(alphabet[next(rng) % len(alphabet)] for _ in range(int(m.group(1))))

    return PLACEHOLDER.sub(one, template)


class Example:
    __slots__ = ("rule", "source", "kind", "text", "path", "codec", "salt")

    def __init__(self, rule, source, kind, text, path=None, codec=None, secret=None):
        self.rule, self.source, self.kind, self.text, self.path = rule, source, kind, text, path
        self.codec = codec  # a B64_CODECS name: text is "header\x1frest" of a JWT
        # Each example draws its own random text (not the same first characters in
        # every file); the shapes of one secret share it, as in gitleaks.
        self.salt = zlib.crc32(f"{rule}\0{secret if secret is not None else text}".encode()) << 32

    def render(self, seed):
        text = expand(self.text, seed ^ self.salt)
        if not self.codec:
            return text
        header, rest = text.split("\x1f", 1)
        jwt = B64_CODECS["url-nopad"](header.encode()) + rest
        return B64_CODECS[self.codec](jwt.encode())


def is_random(template):
    """False when every placeholder draws from one character (a splice that keeps
    a literal example from matching in the data file itself)."""
    return any(len(alphabet_of(m.group(2) or "A-Za-z0-9")) > 1 for m in PLACEHOLDER.finditer(template))


def shape_text(shape, key, secret):
    # The shapes use {{ }} for literal braces; the secret keeps its own {{rand}} braces
    # because it is put in after the braces are resolved.
    text = shape.replace("{k}", key).replace("{K}", key.upper())
    text = text.replace("{{", "\0lb").replace("}}", "\0rb")
    text = text.replace("{s}", "\0secret")
    text = text.replace("\0lb", "{").replace("\0rb", "}")
    return text.replace("\0secret", secret)


def load_examples(data_dir):
    examples, ids, problems = [], [], []
    for path in sorted(data_dir.glob("*.toml")):
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            problems.append(f"{path.name}: {e}")
            continue
        for n, rule in enumerate(doc.get("rules", [])):
            rid = rule.get("id")
            if not rid:
                problems.append(f"{path.name}: rules[{n}] has no id")
                continue
            unknown = set(rule) - KNOWN_KEYS
            if unknown:
                problems.append(f"{path.name}: {rid}: unknown keys {sorted(unknown)}")
            if rid in ids:
                problems.append(f"{path.name}: {rid} appears twice in the data")
            ids.append(rid)
            src = path.name
            for t in rule.get("tps", []):
                examples.append(Example(rid, src, "tp", t))
            for t in rule.get("fps", []):
                examples.append(Example(rid, src, "fp", t))
            for g in rule.get("shaped", []):
                for _, shape in SHAPES:
                    examples.append(Example(rid, src, "tp", shape_text(shape, g["key"], g["secret"]),
                                            secret=g["secret"]))
            for g in rule.get("single", []):
                examples.append(Example(rid, src, "tp", shape_text(SINGLE_SHAPE, g["key"], g["secret"])))
            for g in rule.get("shaped_fps", []):
                for _, shape in SHAPES:
                    examples.append(Example(rid, src, "fp", shape_text(shape, g["key"], g["secret"]),
                                            secret=g["secret"]))
            for f in rule.get("tp_files", []):
                examples.append(Example(rid, src, "tp", f["text"], f["path"]))
            for f in rule.get("fp_files", []):
                examples.append(Example(rid, src, "fp", f["text"], f["path"]))
            for header in rule.get("jwt_headers", []):
                for codec in B64_CODECS:
                    examples.append(Example(rid, src, "tp", header + "\x1f" + rule["jwt_rest"], codec=codec))
    # A true positive with no placeholder would match in the data file itself once our
    # rules find it, and our own pre-commit hook would block the data.
    for ex in examples:
        if ex.kind == "tp" and ex.text and "{{rand:" not in ex.text:
            problems.append(f"{ex.source}: {ex.rule}: a true positive without a placeholder: {ex.text[:80]!r}")
    if not examples:
        problems.append(f"{data_dir}: no examples")
    return examples, ids, problems


def load_our_rules(rules_dir):
    """id -> our rule ids that answer for it (its own id, or rules listing it in aliases)."""
    answers = {}
    for path in sorted(rules_dir.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for rule in doc.get("rules", []):
            rid = rule.get("id")
            if not rid:
                continue
            for name in [rid] + list(rule.get("aliases", [])):
                answers.setdefault(name, set()).add(rid)
    return answers


def run_scan(binary, root, data_root, env_base):
    env = dict(env_base)
    home = root.parent / "home"
    home.mkdir(exist_ok=True)
    env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "HOOKAGENT_DATA_DIR": str(data_root), "NO_COLOR": "1"})
    env.setdefault("XDG_CACHE_HOME", str(home / ".cache"))
    proc = subprocess.run([binary, "scan", str(root), "--format", "json", "--exit-code", "0"],
                          capture_output=True, text=True, env=env, cwd=str(root))
    if proc.returncode != 0:
        raise SystemExit(f"hookagent scan exited {proc.returncode}:\n{proc.stderr[-4000:]}")
    report = json.loads(proc.stdout)
    return report["findings"], report.get("summary", {}).get("files_skipped", 0)


def file_name(i, ex):
    if ex.path:
        return Path(f"p{i:05d}") / ex.path
    return Path(f"e{i:05d}.txt")


def evaluate(examples, seeds, binary, source_root, only_rule):
    """Returns {(example index, seed): set of our rule ids that fired}."""
    fired = {}
    with tempfile.TemporaryDirectory(prefix="hookagent-bench-") as tmp:
        for n, seed in enumerate(seeds):
            root = Path(tmp) / f"seed{seed}"
            root.mkdir()
            names = {}
            for i, ex in enumerate(examples):
                if only_rule and ex.rule != only_rule:
                    continue
                if n > 0 and not is_random(ex.text):
                    continue  # reads the same under every seed
                rel = file_name(i, ex)
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(ex.render(seed) + "\n", encoding="utf-8")
                names[rel.as_posix()] = i
                fired[(i, seed)] = set()
            findings, skipped = run_scan(binary, root, source_root, os.environ)
            if skipped:
                raise SystemExit(f"seed {seed}: the scan skipped {skipped} example files")
            for f in findings:
                rel = Path(f["file"])
                rel = rel.relative_to(root) if rel.is_absolute() else rel
                i = names.get(rel.as_posix())
                if i is not None:
                    fired[(i, seed)].add(f["rule_id"])
            shutil.rmtree(root)
    return fired


def tally(examples, ids, fired, answers):
    stats = {rid: {"tp": 0, "tp_found": 0, "fp": 0, "fp_flagged": 0, "miss": [], "flag": []} for rid in ids}
    for (i, seed), rules in fired.items():
        ex = examples[i]
        s = stats[ex.rule]
        ours = answers.get(ex.rule, set())
        hit = rules & ours
        if ex.kind == "tp":
            s["tp"] += 1
            if hit:
                s["tp_found"] += 1
            else:
                s["miss"].append((i, seed, sorted(rules)))
        else:
            s["fp"] += 1
            if hit:
                s["fp_flagged"] += 1
                s["flag"].append((i, seed, sorted(hit)))
    return stats


def totals(stats):
    """(true positives, found, false positives, flagged) over every rule."""
    return tuple(sum(s[k] for s in stats.values()) for k in ("tp", "tp_found", "fp", "fp_flagged"))


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "-"


def print_table(stats, answers, show_misses, examples):
    width = max(len(r) for r in stats)
    print(f"{'gitleaks rule':<{width}}  {'TPs found':>12}  {'FPs flagged':>12}  our rule")
    for rid in sorted(stats):
        s = stats[rid]
        ours = ",".join(sorted(answers.get(rid, []))) or "MISSING"
        mark = "" if s["tp_found"] == s["tp"] and s["fp_flagged"] == 0 else "  <"
        print(f"{rid:<{width}}  {s['tp_found']:>5}/{s['tp']:<6}  {s['fp_flagged']:>5}/{s['fp']:<6}  {ours}{mark}")
        if show_misses:
            for i, seed, rules in s["miss"]:
                text = examples[i].render(seed)
                other = f" (fired: {', '.join(rules)})" if rules else ""
                print(f"    missed{other}: {text[:160]!r}")
            for i, seed, rules in s["flag"]:
                print(f"    flagged: {examples[i].render(seed)[:160]!r}")


def print_markdown(stats, answers):
    tp, found, fp, flagged = totals(stats)
    print(f"gitleaks' own rule examples ({len(stats)} rule ids): {found}/{tp} true positives found "
          f"({pct(found, tp)}), {flagged}/{fp} false positives flagged ({pct(flagged, fp)}).")
    print()
    print("| gitleaks rule | TPs found | FPs flagged | our rule |")
    print("|---|---|---|---|")
    for rid in sorted(stats):
        s = stats[rid]
        if s["tp_found"] == s["tp"] and s["fp_flagged"] == 0 and rid in answers:
            continue
        ours = ", ".join(f"`{r}`" for r in sorted(answers.get(rid, []))) or "none"
        print(f"| `{rid}` | {s['tp_found']}/{s['tp']} | {s['fp_flagged']}/{s['fp']} | {ours} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--markdown", action="store_true", help="print the README table of rules that miss")
    ap.add_argument("--seeds", default=",".join(map(str, DEFAULT_SEEDS)))
    ap.add_argument("--rule", help="only this gitleaks rule id")
    ap.add_argument("--show-misses", action="store_true", help="print each missed or flagged example")
    args = ap.parse_args()

    here = Path(__file__).resolve().parent
    source_root = Path(os.environ.get("HOOKAGENT_TEST_SOURCE_ROOT") or here.parent.parent)
    build_root = Path(os.environ.get("HOOKAGENT_TEST_BUILD_ROOT") or source_root / "build")
    binary = os.environ.get("HOOKAGENT_BIN") or str(build_root / "hookagent")
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    if not os.access(binary, os.X_OK):
        print(f"{binary}: not an executable (build first, or set HOOKAGENT_BIN)", file=sys.stderr)
        return 1

    examples, ids, problems = load_examples(source_root / "tests/scan/gitleaks_examples")
    for p in problems:
        print(f"data: {p}", file=sys.stderr)
    if problems:
        return 1
    if args.rule:
        if args.rule not in ids:
            print(f"{args.rule}: not in the data", file=sys.stderr)
            return 1
        ids = [args.rule]
    answers = load_our_rules(source_root / "rules")
    fired = evaluate(examples, seeds, binary, source_root, args.rule)
    stats = tally(examples, ids, fired, answers)

    if args.markdown:
        print_markdown(stats, answers)
        return 0
    print_table(stats, answers, args.show_misses, examples)
    tp, found, fp, flagged = totals(stats)
    recall = found / tp if tp else 1.0
    fp_rate = flagged / fp if fp else 0.0
    missing = sorted(r for r in ids if r not in answers)
    print(f"\n{len(ids)} gitleaks rule ids, {len(examples)} examples, seeds {seeds}: "
          f"recall {found}/{tp} = {pct(found, tp)} (goal >= {RECALL_GOAL:.0%}), "
          f"FP rate {flagged}/{fp} = {pct(flagged, fp)} (goal <= {FP_RATE_GOAL:.0%})")
    failed = False
    if missing:
        print(f"FAIL: {len(missing)} gitleaks rule ids are neither an id nor an alias of our rules: "
              + ", ".join(missing))
        failed = True
    if recall < RECALL_GOAL:
        print(f"FAIL: recall {pct(found, tp)} is under {RECALL_GOAL:.0%}")
        failed = True
    if fp_rate > FP_RATE_GOAL:
        print(f"FAIL: FP rate {pct(flagged, fp)} is over {FP_RATE_GOAL:.0%}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
