#!/usr/bin/env python3
"""Lints GitLab CI templates with gitlab-ci-local (npm), which checks a
.gitlab-ci.yml against GitLab's own CI JSON schema (app/assets/javascripts/
editor/schema/ci.json, bundled in the package) and then resolves it as a
pipeline: jobs without a script, stages and needs that do not exist, and
`parallel` expanded into its N jobs. No GitLab and no network is needed:
`--list-json` only reads the file (our templates have no include and pull no
image), and where bubblewrap works the linter runs without a network at all.

For each template it checks that the linter accepts it and lists every job
(N of them for `parallel: N`); then it must reject spoiled copies (a job with
no script, an unknown key, a bad `parallel`, a `needs` on a missing job), each
with the linter's own message, so a linter that accepts anything, or one that
crashes, cannot pass.

usage: lint_gitlab_ci_local.py LINT_DIR FILE...
LINT_DIR holds `npm install --prefix LINT_DIR gitlab-ci-local` (build/gitlab-lint).
Exits 77 (a skip for meson) without node, the package or PyYAML.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("skipped: PyYAML is not installed (apt-get install python3-yaml)")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate_gitlab_template import GLOBAL_KEYS  # noqa: E402  (top-level keys that are not jobs)

# gitlab-ci-local 4.75 is bundled for Node 22 and calls Set.prototype.union and
# its siblings (ES2025), which Node 20 (Debian 13's nodejs) lacks; defining them
# before the bundle loads is all it takes. Node 22 already has them and is left alone.
SET_METHODS = """
const P = Set.prototype;
const def = (n, f) => { if (!P[n]) Object.defineProperty(P, n, { value: f, writable: true, configurable: true }); };
def("union", function (o) { const r = new Set(this); for (const v of o.keys()) r.add(v); return r; });
def("intersection", function (o) { const r = new Set(); for (const v of this) if (o.has(v)) r.add(v); return r; });
def("difference", function (o) { const r = new Set(); for (const v of this) if (!o.has(v)) r.add(v); return r; });
def("symmetricDifference", function (o) {
  const r = new Set(this); for (const v of o.keys()) { if (this.has(v)) r.delete(v); else r.add(v); } return r; });
def("isSubsetOf", function (o) { for (const v of this) if (!o.has(v)) return false; return true; });
def("isSupersetOf", function (o) { for (const v of o.keys()) if (!this.has(v)) return false; return true; });
def("isDisjointFrom", function (o) { for (const v of this) if (o.has(v)) return false; return true; });
"""


def jobs_of(doc):
    return {k: v for k, v in doc.items() if k not in GLOBAL_KEYS and not k.startswith(".") and isinstance(v, dict)}


def expected_job_names(doc):
    """The names gitlab-ci-local lists: `name: [i/N]` for a job with `parallel: N`."""
    names = []
    for name, job in jobs_of(doc).items():
        par = job.get("parallel")
        names += [f"{name}: [{i}/{par}]" for i in range(1, par + 1)] if isinstance(par, int) else [name]
    return sorted(names)


def no_network_prefix():
    """bwrap with a fresh network namespace, when this machine allows one."""
    bwrap = shutil.which("bwrap")
    if bwrap:
        probe = [bwrap, "--dev-bind", "/", "/", "--unshare-net", "true"]
        if subprocess.run(probe, capture_output=True).returncode == 0:
            return [bwrap, "--dev-bind", "/", "/", "--unshare-net"]
    return []


class Linter:
    def __init__(self, node, entry, scratch):
        self.scratch = scratch
        polyfill = os.path.join(scratch, "set-methods.mjs")
        with open(polyfill, "w", encoding="utf-8") as f:
            f.write(SET_METHODS)
        self.argv = no_network_prefix() + [node, "--import", polyfill, entry]
        self.runs = 0

    def lint(self, text):
        """Runs `gitlab-ci-local --list-json` on `text` as the .gitlab-ci.yml of a
        fresh repository. Returns (exit status, stdout, stderr)."""
        self.runs += 1
        repo = os.path.join(self.scratch, f"repo{self.runs}")
        os.makedirs(repo)
        env = dict(os.environ, HOME=os.path.join(self.scratch, "home"), GIT_CONFIG_NOSYSTEM="1",
                   GIT_AUTHOR_NAME="lint", GIT_AUTHOR_EMAIL="lint@example.invalid",
                   GIT_COMMITTER_NAME="lint", GIT_COMMITTER_EMAIL="lint@example.invalid")
        with open(os.path.join(repo, ".gitlab-ci.yml"), "w", encoding="utf-8") as f:
            f.write(text)
        # It reads the project's path, default branch and author from git (and
        # warns without them); a remote that is named, never contacted, gives them.
        for cmd in (["init", "-q", "-b", "main"], ["config", "user.name", "lint"],
                    ["config", "user.email", "lint@example.invalid"],
                    ["remote", "add", "origin", "https://gitlab.example.invalid/group/project.git"],
                    ["add", ".gitlab-ci.yml"], ["commit", "-q", "-m", "template"],
                    ["update-ref", "refs/remotes/origin/main", "HEAD"],
                    ["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"]):
            subprocess.run(["git", "-C", repo, *cmd], env=env, check=True, capture_output=True)
        # --cwd takes only a relative path: run it in the repository instead.
        run = subprocess.run(self.argv + ["--list-json", "--home", os.path.join(self.scratch, "home")],
                             cwd=repo, env=env, capture_output=True, text=True, timeout=120)
        return run.returncode, run.stdout, run.stderr


def spoilers(doc):
    """(what, how to break a copy, a phrase the linter's message must hold)."""
    jobs = list(jobs_of(doc))
    first, last = jobs[0], jobs[-1]

    def drop_script(d):
        d[last].pop("script", None)

    def misspell(d):
        d[first]["scirpt"] = d[first].get("script", ["true"])

    def parallel_too_big(d):
        d[first]["parallel"] = 500

    def parallel_not_int(d):
        d[first]["parallel"] = "four"

    def needs_missing(d):
        d[last]["needs"] = ["no-such-job"]

    return [
        (f"no script in {last}", drop_script, f"{last} must have script"),
        (f"an unknown key 'scirpt' in {first}", misspell, "'scirpt' property is not expected"),
        (f"parallel: 500 in {first}", parallel_too_big, "'parallel' must be <= 200"),
        (f"parallel: \"four\" in {first}", parallel_not_int, "'parallel' property type must be integer"),
        (f"needs: [no-such-job] in {last}", needs_missing, "no-such-job"),
    ]


def tail(text, lines=8):
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def check(linter, name):
    """Prints what the linter said of the template and of its spoiled copies;
    returns the number of failures."""
    text = open(name, encoding="utf-8").read()
    doc = yaml.safe_load(text)
    failures = 0
    status, out, err = linter.lint(text)
    if status != 0:
        print(f"{name}: gitlab-ci-local rejected it (exit {status}):\n{tail(out + err)}")
        return 1
    if "json schema validated" not in err:
        print(f"{name}: gitlab-ci-local never said it validated the schema:\n{tail(err)}")
        failures += 1
    try:
        listed = sorted(job["name"] for job in json.loads(out))
    except (ValueError, KeyError, TypeError) as e:
        print(f"{name}: --list-json did not print a job list ({e}):\n{tail(out)}")
        return failures + 1
    if listed != expected_job_names(doc):
        print(f"{name}: gitlab-ci-local lists {listed}, the template has {expected_job_names(doc)}")
        failures += 1
    else:
        print(f"{name}: valid for gitlab-ci-local ({len(listed)} jobs: {', '.join(listed)})")
    for what, spoil, phrase in spoilers(doc):
        broken = copy.deepcopy(doc)
        spoil(broken)
        status, out, err = linter.lint(yaml.safe_dump(broken, sort_keys=False))
        said = out + err
        if status == 0:
            print(f"{name}: gitlab-ci-local accepted a copy with {what}")
            failures += 1
        elif phrase not in said:
            print(f"{name}: a copy with {what} failed (exit {status}) without saying {phrase!r}:\n{tail(said)}")
            failures += 1
        else:
            line = next(line.strip(" \t•") for line in said.splitlines() if phrase in line)
            print(f"{name}: a copy with {what} is rejected: {line}")
    return failures


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    lint_dir, files = sys.argv[1], sys.argv[2:]
    entry = os.path.abspath(os.path.join(lint_dir, "node_modules/gitlab-ci-local/dist/index.js"))
    node = shutil.which("node")
    if not node:
        print("skipped: no node on PATH (apt-get install nodejs)")
        sys.exit(77)
    if not os.path.isfile(entry):
        print(f"skipped: no {entry} (npm install --prefix build/gitlab-lint gitlab-ci-local@4.75.1)")
        sys.exit(77)
    with tempfile.TemporaryDirectory(prefix="gitlab-lint-") as scratch:
        linter = Linter(node, entry, scratch)
        if len(linter.argv) > 3:
            print("network: none (bwrap --unshare-net)")
        failures = sum(check(linter, name) for name in files)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
