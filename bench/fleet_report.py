#!/usr/bin/env python3
"""The table and the checks of bench/fleet.sh.

Reads the timing samples ("hookagent|floor N wall user sys" per line) and, for each
repository, the merged SARIF of every N (WORK/out-N/repo-NNN.merged.sarif); checks
that each N's merged findings equal the unsharded run's (N=1, no --shard) and that
every seeded secret's commit (FLEET/repo-NNN.json) is among them.
"""
import argparse
import json
import os
import sys


def findings(path):
    """The set of (rule, fingerprints, commit) of one SARIF log, and its result count."""
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    keys, count = set(), 0
    for run in log.get("runs", []):
        for r in run.get("results", []):
            count += 1
            keys.add((r.get("ruleId"), json.dumps(r.get("partialFingerprints"), sort_keys=True),
                      (r.get("properties") or {}).get("commit")))
    return keys, count


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--fleet", required=True)
    ap.add_argument("--repos", type=int, required=True)
    ap.add_argument("--commits", type=int, required=True)
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--changed-refs", type=int, default=0)
    ap.add_argument("--json")
    args = ap.parse_args()

    runs = {}
    for line in open(args.samples, encoding="utf-8"):
        tool, n, wall, user, sys_, busy = line.split()
        r = runs.setdefault((tool, int(n)), {"wall": 0.0, "cpu": 0.0, "busy": 0.0})
        r["wall"] += float(wall)
        r["cpu"] += float(user) + float(sys_)
        r["busy"] += float(busy)
    ns = sorted({n for _, n in runs})
    base = runs.get(("hookagent", 1))

    print(f"{'N':>3} {'tool':<10}{'wall s':>9}{'CPU s':>9}{'commits/s':>11}{'per core':>10}"
          f"{'per CPU-s':>11}{'speed-up':>10}{'wall / floor':>14}")
    table = []
    for n in ns:
        cores = min(n, args.cores)
        for tool in ("hookagent", "floor"):
            r = runs.get((tool, n))
            if not r:
                continue
            rate = args.commits / r["wall"]
            row = {"n": n, "tool": tool, "wall_s": r["wall"], "cpu_s": r["cpu"], "commits_per_s": rate,
                   "commits_per_s_per_core": rate / cores,
                   "commits_per_cpu_s": args.commits / r["cpu"] if r["cpu"] else float("nan")}
            ref = runs.get((tool, 1))
            row["speedup"] = ref["wall"] / r["wall"] if ref else float("nan")
            floor = runs.get(("floor", n))
            row["wall_over_floor"] = r["wall"] / floor["wall"] if tool == "hookagent" and floor else None
            table.append(row)
            ratio = f"{row['wall_over_floor']:.2f}x" if row["wall_over_floor"] else "-"
            print(f"{n:>3} {tool:<10}{r['wall']:>9.1f}{r['cpu']:>9.1f}{rate:>11,.0f}{rate / cores:>10,.0f}"
                  f"{row['commits_per_cpu_s']:>11,.0f}{row['speedup']:>9.2f}x{ratio:>14}")
    print(f"(per core: commits/s divided by min(N, {args.cores} cores); per CPU-s: by user+sys of all processes;"
          " hookagent's wall includes `report merge`)")
    wall = sum(r["wall"] for r in runs.values())
    ours = sum(r["cpu"] for r in runs.values())
    busy = sum(r["busy"] for r in runs.values())
    others = max(0.0, busy - ours)
    print(f"background: other processes used {others:.0f} CPU-s of the {wall * args.cores:.0f} this machine had "
          f"during the measured runs ({100 * others / (wall * args.cores):.0f}%)")

    # Sharded == unsharded, per repository.
    problems, checked, seeded, seeded_found = [], 0, 0, 0
    for i in range(args.repos):
        name = f"repo-{i:03d}"
        manifest = json.load(open(os.path.join(args.fleet, name + ".json"), encoding="utf-8"))
        try:
            ref_keys, ref_count = findings(os.path.join(args.work, "out-1", name + ".1.sarif"))
        except (OSError, ValueError) as e:
            problems.append(f"{name}: no unsharded result ({e})")
            continue
        commits = {k[2] for k in ref_keys}
        seeded += len(manifest["secret_commits"])
        seeded_found += sum(1 for c in manifest["secret_commits"] if c in commits)
        for n in ns:
            try:
                keys, count = findings(os.path.join(args.work, f"out-{n}", name + ".merged.sarif"))
            except (OSError, ValueError) as e:
                problems.append(f"{name} N={n}: no merged result ({e})")
                continue
            if keys != ref_keys or count != ref_count:
                problems.append(f"{name} N={n}: {count} merged findings, unsharded {ref_count} "
                                f"({len(keys - ref_keys)} extra, {len(ref_keys - keys)} missing)")
        checked += 1
    print()
    ok = True
    checks = [
        ("merged shards == unsharded scan, every repository and N",
         not problems and checked == args.repos, f"{checked}/{args.repos} repositories, N = {ns}"),
        ("every seeded secret's commit found", seeded_found == seeded, f"{seeded_found}/{seeded}"),
        ("the cached repositories' refs unchanged by the scans", args.changed_refs == 0,
         f"{args.changed_refs} changed"),
    ]
    for name, met, detail in checks:
        ok &= met
        print(f"check: {name}: {'OK' if met else 'FAILED'} ({detail})")
    for p in problems[:10]:
        print(f"  ! {p}")
    if ("hookagent", 1) in runs and len(ns) > 1:
        print("scaling (wall of N=1 / wall of N): " + ", ".join(
            f"N={n} {runs[('hookagent', 1)]['wall'] / runs[('hookagent', n)]['wall']:.2f}x" for n in ns if n > 1)
            + f" for hookagent; " + ", ".join(
            f"N={n} {runs[('floor', 1)]['wall'] / runs[('floor', n)]['wall']:.2f}x" for n in ns if n > 1)
            + f" for the floor ({args.cores} cores)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"table": table, "checks": [{"name": c[0], "ok": c[1], "detail": c[2]} for c in checks],
                       "problems": problems}, f, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
