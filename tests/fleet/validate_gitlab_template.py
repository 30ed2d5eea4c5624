#!/usr/bin/env python3
"""Checks a GitLab CI template as GitLab's own validation would, offline: YAML,
every job with a script (or trigger/extends), a stage listed in `stages`,
`parallel` within 2..200, `needs` naming jobs that exist, artifacts as path
lists; and that the scan job runs the sharded incremental scan with GitLab's
CI_NODE_INDEX/CI_NODE_TOTAL and the report job merges. A broken copy must fail.

usage: validate_gitlab_template.py FILE   (exits 77 without PyYAML)
"""
import copy
import sys

try:
    import yaml
except ImportError:
    print("skipped: PyYAML is not installed (apt-get install python3-yaml)")
    sys.exit(77)

GLOBAL_KEYS = {"stages", "variables", "include", "default", "workflow", "image", "services", "cache",
               "before_script", "after_script"}


def problems(doc):
    out = []
    if not isinstance(doc, dict):
        return ["the document is not a mapping"]
    stages = doc.get("stages", ["build", "test", "deploy"])
    jobs = {k: v for k, v in doc.items() if k not in GLOBAL_KEYS and not k.startswith(".")}
    if not jobs:
        out.append("no jobs")
    for name, job in jobs.items():
        if not isinstance(job, dict):
            out.append(f"{name}: a job must be a mapping")
            continue
        if not any(k in job for k in ("script", "trigger", "extends")):
            out.append(f"{name}: needs script, trigger or extends")
        if "script" in job and not (isinstance(job["script"], list) and all(isinstance(s, str) for s in job["script"])):
            out.append(f"{name}: script must be a list of strings")
        if job.get("stage", "test") not in stages:
            out.append(f"{name}: stage {job.get('stage')!r} is not in stages")
        par = job.get("parallel")
        if par is not None and not (isinstance(par, int) and 2 <= par <= 200) and not isinstance(par, dict):
            out.append(f"{name}: parallel must be 2..200")
        for need in job.get("needs", []):
            target = need.get("job") if isinstance(need, dict) else need
            if target not in jobs:
                out.append(f"{name}: needs unknown job {target!r}")
        paths = job.get("artifacts", {}).get("paths", [])
        if not isinstance(paths, list):
            out.append(f"{name}: artifacts.paths must be a list")
    return out


def wiring(doc):
    text = yaml.safe_dump(doc)
    out = []
    for want in ("--shard \"${CI_NODE_INDEX}/${CI_NODE_TOTAL}\"", "--since-last-scan", "--format sarif",
                 "hookagent report merge", "refs/hookagent/"):
        if want not in text.replace("\n", " ").replace("  ", " ") and want not in str(doc):
            out.append(f"the template never says {want!r}")
    if not any(isinstance(j, dict) and isinstance(j.get("parallel"), int) for j in doc.values()):
        out.append("no job runs in parallel")
    return out


def validate(name, wiring_of, spoil, spoiled, caught):
    """Prints the problems of the template in `name` (structure and `wiring_of`), then
    proves the checker can fail: `spoil` breaks a copy, which `caught` must reject.
    Returns the exit status."""
    doc = yaml.safe_load(open(name, encoding="utf-8"))
    found = problems(doc) + wiring_of(doc)
    for p in found:
        print(f"{name}: {p}")
    broken = copy.deepcopy(doc)
    for job in broken.values():
        if isinstance(job, dict):
            spoil(job)
    if not caught(broken):
        print(f"{name}: the checker accepted a copy with {spoiled}")
        found.append("checker")
    if not found:
        print(f"{name}: valid")
    return 1 if found else 0


def spoil_needs(job):
    if "needs" in job:
        job["needs"] = ["no-such-job"]
        job["stage"] = "nowhere"


def main():
    sys.exit(validate(sys.argv[1], wiring, spoil_needs, "a bad stage and needs", lambda d: bool(problems(d))))


if __name__ == "__main__":  # validate_gitlab_review.py imports problems() and validate()
    main()
