#!/usr/bin/env python3
"""Checks the GitLab review template as validate_gitlab_template.py checks the
history one (the same structure rules, imported from it), then its wiring: a
merge request job with the whole history, the notes fetched before and pushed
after, the range from GitLab's diff base to the source branch's head. A broken
copy must fail. (run_ci_template.py runs the job's script for real.)

usage: validate_gitlab_review.py FILE   (exits 77 without PyYAML)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import yaml  # noqa: F401
except ImportError:
    print("skipped: PyYAML is not installed (apt-get install python3-yaml)")
    sys.exit(77)
from validate_gitlab_template import problems, validate  # noqa: E402


def wiring(doc):
    out = []
    jobs = [j for k, j in doc.items() if isinstance(j, dict) and "script" in j]
    if not jobs:
        return ["no job with a script"]
    job = jobs[0]
    script = "\n".join(job["script"])
    for want in ("hookagent notes fetch", "--notes", "hookagent notes push", "CI_MERGE_REQUEST_DIFF_BASE_SHA"):
        if want not in script:
            out.append(f"the review job never says {want!r}")
    if script.find("notes fetch") > script.find("--notes"):
        out.append("the notes must be fetched before the review")
    if str(job.get("variables", {}).get("GIT_DEPTH")) != "0":
        out.append("the review job needs the whole history (GIT_DEPTH: \"0\")")
    if "merge_request_event" not in str(job.get("rules", "")):
        out.append("the review job does not run for merge requests")
    return out


def spoil_review(job):
    if "script" in job:
        job["stage"] = "nowhere"
        job["script"] = [s.replace("--notes", "") for s in job["script"]]


def main():
    sys.exit(validate(sys.argv[1], wiring, spoil_review, "a bad stage and no --notes",
                      lambda d: bool(problems(d)) and bool(wiring(d))))


if __name__ == "__main__":
    main()
