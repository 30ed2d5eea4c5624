#!/usr/bin/env python3
"""Medians and ratios for the bench/ scripts.

Reads samples, one "label microseconds" per line, and prints a table: median ms,
the cost added over the baseline label, and ratios against the reference label.
Also writes the medians as JSON when --json is given.
"""
import argparse
import json
import statistics
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("samples")
    parser.add_argument("--baseline", required=True, help="label every cost is measured over")
    parser.add_argument("--reference", required=True, help="label the ratios are taken against")
    parser.add_argument("--order", default="", help="comma-separated labels, in table order")
    parser.add_argument("--json", help="write medians and added costs here")
    args = parser.parse_args()

    samples: dict[str, list[float]] = {}
    with open(args.samples, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                samples.setdefault(parts[0], []).append(int(parts[1]) / 1000.0)
    if args.baseline not in samples:
        print(f"stats: no samples for the baseline '{args.baseline}'", file=sys.stderr)
        return 1

    order = [l for l in args.order.split(",") if l in samples] or sorted(samples)
    median = {label: statistics.median(values) for label, values in samples.items()}
    base = median[args.baseline]
    added = {label: median[label] - base for label in median}
    ref = args.reference if args.reference in median else None
    # Ratios of added costs are meaningless when the reference adds about nothing.
    ref_added = added[ref] if ref else 0.0

    header = f"{'setup':<24}{'runs':>6}{'median ms':>12}{'p90 ms':>10}{'added ms':>11}"
    if ref:
        header += f"{'total / ' + ref:>{max(22, len(ref) + 10)}}{'added / ' + ref:>{max(22, len(ref) + 10)}}"
    print(header)
    for label in order:
        values = sorted(samples[label])
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        row = f"{label:<24}{len(values):>6}{median[label]:>12.2f}{p90:>10.2f}{added[label]:>+11.2f}"
        if ref:
            width = max(22, len(ref) + 10)
            total_ratio = f"{median[label] / median[ref]:.2f}x"
            if label == args.baseline:
                added_ratio = "-"
            elif ref_added >= 0.5:
                added_ratio = f"{added[label] / ref_added:.1f}x"
            else:
                added_ratio = "n/a*"
            row += f"{total_ratio:>{width}}{added_ratio:>{width}}"
        print(row)

    if ref and ref_added < 0.5:
        print(f"* n/a: {ref} adds {ref_added:+.2f} ms, too little for a ratio of added costs")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"baseline": args.baseline, "reference": ref,
                       "median_ms": median, "added_ms": added,
                       "runs": {l: len(v) for l, v in samples.items()}}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
