#!/usr/bin/env python3
"""Runs one job of a CI template for real, on this machine, the way its engine
would run the shell parts, so that a test can check what the template does and
not only how it is written.

usage: run_ci_template.py github|gitlab FILE JOB CONTEXT.json

  github: every `run:` step of the job in order, each with `bash -eo pipefail`
          (GitHub's shell: bash), the step's `env:` and the job's; a `uses:`
          step is the test's to do (the checkout is the directory this runs in).
          A failed step skips the later ones except those with if: always().
          $GITHUB_STEP_SUMMARY and $GITHUB_PATH are honoured.
  gitlab: the job's script lines as one `bash -eo pipefail` script with the
          global and job variables.

CONTEXT maps each `${{ expression }}` of a GitHub template, written exactly as
in the file, to its value; an expression it does not list is an error (a
template that grew a new one must be looked at). For GitLab it holds the
predefined CI variables (CI_COMMIT_SHA, ...). Exits 77 without PyYAML, else
with the job's status.
"""
import json
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("skipped: PyYAML is not installed (apt-get install python3-yaml)")
    sys.exit(77)

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def substitute(text, context):
    def one(m):
        if m.group(1) not in context:
            raise SystemExit(f"no value for the expression '{m.group(1)}' in the context")
        return str(context[m.group(1)])
    return EXPR.sub(one, str(text))


def bash(script, env):
    print(f"$ {script.strip().splitlines()[0] if script.strip() else ''}", flush=True)
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], env=env).returncode


def run_github(doc, job_name, context):
    job = doc["jobs"][job_name]
    env = dict(os.environ)
    for k, v in (job.get("env") or {}).items():
        env[k] = substitute(v, context)
    status = 0
    for step in job["steps"]:
        if "run" not in step:
            continue
        if status != 0 and "always()" not in str(step.get("if", "")):
            print(f"skipped after a failure: {step.get('name')}")
            continue
        step_env = dict(env)
        for k, v in (step.get("env") or {}).items():
            step_env[k] = substitute(v, context)
        code = bash(substitute(step["run"], context), step_env)
        print(f"step '{step.get('name')}' exited {code}", flush=True)
        if code != 0 and status == 0:
            status = code
        path_file = env.get("GITHUB_PATH")
        if path_file and os.path.exists(path_file):
            extra = [p.strip() for p in open(path_file) if p.strip()]
            env["PATH"] = os.pathsep.join(extra + [os.environ["PATH"]])
    return status


def run_gitlab(doc, job_name, context):
    job = doc[job_name]
    env = dict(os.environ)
    env.update({k: str(v) for k, v in context.items()})
    for k, v in list((doc.get("variables") or {}).items()) + list((job.get("variables") or {}).items()):
        if k not in context:  # project CI/CD variables (the context) win over the file's
            env[k] = str(v)
    return bash("\n".join(job["script"]), env)


def main():
    engine, name, job, context_file = sys.argv[1:5]
    doc = yaml.safe_load(open(name, encoding="utf-8"))
    context = json.load(open(context_file, encoding="utf-8"))
    sys.exit(run_github(doc, job, context) if engine == "github" else run_gitlab(doc, job, context))


if __name__ == "__main__":
    main()
