#!/usr/bin/env python3
"""Builds a bench corpus of real source code from what Debian packages install.

    real_corpus.py tree DIR [--mb 100]   a tree, each language under its own folder
    real_corpus.py file FILE [--mb 200]  the same sources joined into one file

Sources, each given an equal share of the size (a language that has less gives
what it has, and the others fill the rest):
    py/    the Python standard library (python3.X)
    c/     C and C++ headers (/usr/include)
    js/    JavaScript from npm packages (node_modules under build*/ and bench/.cache)
    go/    Go's standard library (golang-1.19-src)
    java/  Java sources of a JDK (src.zip of openjdk-17-source or any JDK found)
Files are taken in sorted order, so two runs on one machine build the same
corpus. Nothing is copied into the repository: the corpus lives where DIR says
(bench/.cache by default in the bench scripts). Prints a JSON manifest.
"""
import argparse
import glob
import json
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_FILE = 4 << 20  # a generated multi-MB bundle would stand for a whole language


def files_under(roots, exts):
    for root in roots:
        for base, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in (".git", "test", "testdata", "tests"))
            for name in sorted(names):
                if name.endswith(exts):
                    path = os.path.join(base, name)
                    if os.path.isfile(path) and not os.path.islink(path):
                        yield path, os.path.relpath(path, root), None


def java_sources():
    zips = sorted(glob.glob("/usr/lib/jvm/*/lib/src.zip"))
    for z in zips:
        if not os.path.isfile(z) or os.path.getsize(z) == 0:
            continue
        with zipfile.ZipFile(z) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                if info.filename.endswith(".java") and not info.is_dir():
                    yield z, info.filename, archive
        return


def sources():
    py = sorted(glob.glob("/usr/lib/python3.[0-9]*"))
    node = sorted(glob.glob(os.path.join(ROOT, "build*", "*", "node_modules")) +
                  glob.glob(os.path.join(ROOT, "bench", ".cache", "npm", "node_modules")))
    go = sorted(glob.glob("/usr/share/go-*/src")) or sorted(glob.glob("/usr/lib/go-*/src"))
    return {
        "py": files_under(py[-1:], (".py",)),
        "c": files_under(["/usr/include"], (".h", ".hpp", ".hh")),
        "js": files_under(node, (".js", ".mjs", ".cjs")),
        "go": files_under(go[:1], (".go",)),
        "java": java_sources(),
    }


def read(item):
    path, rel, archive = item
    if archive is not None:
        with archive.open(rel) as f:
            return f.read(MAX_FILE + 1)
    with open(path, "rb") as f:
        return f.read(MAX_FILE + 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["tree", "file"])
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=100)
    a = ap.parse_args()
    budget = int(a.mb * 1e6)
    gens = sources()
    counts = {k: [0, 0] for k in gens}  # files, bytes
    seen = set()
    one = open(a.out, "wb") if a.mode == "file" else None
    total = 0
    live = list(gens)
    while total < budget and live:
        share = max(1, (budget - total) // len(live))
        for lang in list(live):
            taken = 0
            for item in gens[lang]:
                data = read(item)
                if len(data) > MAX_FILE or b"\0" in data or hash(data) in seen:
                    continue
                seen.add(hash(data))
                rel = item[1]
                if one:
                    one.write(data if data.endswith(b"\n") else data + b"\n")
                else:
                    dest = os.path.join(a.out, lang, rel)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    with open(dest, "wb") as f:
                        f.write(data)
                counts[lang][0] += 1
                counts[lang][1] += len(data)
                taken += len(data)
                total += len(data)
                if taken >= share or total >= budget:
                    break
            else:
                live.remove(lang)
            if total >= budget:
                break
    if one:
        one.close()
    json.dump({"files": sum(c[0] for c in counts.values()), "bytes": total,
               "languages": {k: {"files": v[0], "bytes": v[1]} for k, v in counts.items()}},
              sys.stdout)
    print()
    return 0 if total else 1


if __name__ == "__main__":
    sys.exit(main())
