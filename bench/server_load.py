#!/usr/bin/env python3
"""Concurrent pushes into git servers with and without hookagent's pre-receive hook.

  server_load.py --hookagent BIN --work DIR --mode one|many [--pushers 32]
                 [--pushes 2000] [--repos 64] [--transport daemon|local]
                 [--seed 1] [--json OUT]

Two sets of bare repositories are served side by side: `hook/` with
`hookagent install --hooks pre-receive`, `floor/` with no hook. Every operation a
pusher draws is built once (commits written straight into the pusher's own
repository as loose objects, untimed) and pushed to both sets, in random order,
so the floor is measured in the same run under the same load. Only `git push` is
timed.

Each pusher owns its refs (refs/heads/pNN/...), so the expected value of every
ref after every push is known: the ref ledger. The hook server must refuse each
push carrying a (fake, random, made now) credential and accept the rest; the
floor accepts everything, and a secret push it accepted is taken back by an
untimed restore push, so both servers keep the same refs. At the end every ref is
compared with the ledger, the objects of refused pushes must be absent from the
hook repositories, and `git fsck --strict` runs on every repository.

Memory: a line added to each installed hook shim appends its pid (which `exec`
keeps through the shim, the hook binary and hookagent) to a file; a sampler reads
/proc/PID/status of the live hooks every few ms and keeps the peak of their
summed VmRSS (shared pages counted in each process) and RssAnon (private).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree for the import below
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_gen import code_line, fake_secret_line  # noqa: E402

SEED_FILES = {"README.md": b"load bench\n", "src/app.py": b"def main():\n    return 0\n"}
CLEAN_KINDS = ("ff", "new", "force", "delete")
SECRET_KINDS = ("secret-ff", "secret-buried", "secret-new", "secret-force")
# The mix: weights per operation kind.
MIX = {"ff": 36, "new": 14, "force": 12, "delete": 10,
       "secret-ff": 10, "secret-buried": 6, "secret-new": 6, "secret-force": 6}


class ObjectWriter:
    """Writes loose objects into one repository (the pusher's own, so no locking)."""

    def __init__(self, git_dir):
        self.objects = os.path.join(git_dir, "objects")

    def put(self, kind, body):
        data = kind + b" %d\0" % len(body) + body
        sha = hashlib.sha1(data).hexdigest()
        path = os.path.join(self.objects, sha[:2], sha[2:])
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(zlib.compress(data, 1))
            os.rename(tmp, path)
        return sha

    def tree(self, files):
        """Tree of a {path: bytes} map with at most one directory level."""
        root, subdirs = {}, {}
        for path, content in files.items():
            if "/" in path:
                d, name = path.split("/", 1)
                subdirs.setdefault(d, {})[name] = content
            else:
                root[path] = content
        entries = []
        for name, content in root.items():
            entries.append((name.encode(), b"100644", self.put(b"blob", content)))
        for d, sub in subdirs.items():
            entries.append((d.encode(), b"40000", self.tree(sub)))
        # git orders tree entries by name, a directory's name compared as if it ended in '/'.
        entries.sort(key=lambda e: e[0] + (b"/" if e[1] == b"40000" else b""))
        body = b"".join(mode + b" " + name + b"\0" + bytes.fromhex(sha) for name, mode, sha in entries)
        return self.put(b"tree", body)

    def commit(self, files, parent, message, when):
        body = b"tree " + self.tree(files).encode() + b"\n"
        if parent:
            body += b"parent " + parent.encode() + b"\n"
        who = b"Load Bench <load@example.invalid> %d +0000" % when
        body += b"author " + who + b"\ncommitter " + who + b"\n\n" + message.encode() + b"\n"
        return self.put(b"commit", body)


def percentile(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class MemorySampler(threading.Thread):
    def __init__(self, pid_file, interval):
        super().__init__(daemon=True)
        self.pid_file, self.interval = pid_file, interval
        self.stop = threading.Event()
        self.peak_rss = self.peak_anon = self.peak_live = 0
        self.max_hwm = 0
        self.samples = 0
        self.seen = 0

    def take_peaks(self):
        """The peaks so far, then start over (the burst phase is reported apart)."""
        peaks = {"hooks_started": self.seen, "samples": self.samples,
                 "peak_concurrent_hooks": self.peak_live, "peak_sum_rss_kib": self.peak_rss,
                 "peak_sum_anon_kib": self.peak_anon, "max_single_hwm_kib": self.max_hwm}
        self.peak_rss = self.peak_anon = self.peak_live = self.max_hwm = self.samples = self.seen = 0
        return peaks

    @staticmethod
    def status(pid):
        fields = {}
        try:
            with open(f"/proc/{pid}/status", "rb") as f:
                for line in f:
                    key, _, value = line.partition(b":")
                    if key in (b"Name", b"VmRSS", b"RssAnon", b"VmHWM"):
                        fields[key] = value.strip()
        except OSError:
            return None
        if fields.get(b"Name") not in (b"pre-receive", b"hookagent", b"sh"):
            return None
        return fields

    def run(self):
        live, offset = set(), 0
        while not self.stop.is_set():
            try:
                with open(self.pid_file, "rb") as f:
                    f.seek(offset)
                    chunk = f.read()
                cut = chunk.rfind(b"\n") + 1
                offset += cut
                for line in chunk[:cut].split():
                    live.add(int(line))
                    self.seen += 1
            except FileNotFoundError:
                pass
            rss = anon = 0
            for pid in list(live):
                fields = self.status(pid)
                if fields is None or b"VmRSS" not in fields:
                    live.discard(pid)  # gone (or a zombie, or the pid reused)
                    continue
                rss += int(fields[b"VmRSS"].split()[0])
                anon += int(fields.get(b"RssAnon", b"0 kB").split()[0])
                self.max_hwm = max(self.max_hwm, int(fields.get(b"VmHWM", b"0 kB").split()[0]))
            self.samples += 1
            if rss > self.peak_rss:
                self.peak_rss = rss
            self.peak_anon = max(self.peak_anon, anon)
            self.peak_live = max(self.peak_live, len(live))
            self.stop.wait(self.interval)


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.base = os.path.join(self.work, "srv")
        self.repos = ["r000"] if args.mode == "one" else [f"r{i:03d}" for i in range(args.repos)]
        self.ledger = {"hook": {}, "floor": {}}  # server -> {(repo, ref): sha}
        self.ledger_lock = threading.Lock()
        self.results = []  # one dict per timed push
        self.refused_objects = {}  # repo -> [sha] that must not be in the hook repo
        self.problems = []
        self.burst_problems = []
        self.restores = 0
        self.env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
        self.pid_file = os.path.join(self.work, "hook-pids")
        self.daemon = None

    def git(self, *argv, cwd=None, check=True):
        p = subprocess.run(["git", *argv], cwd=cwd, env=self.env, capture_output=True)
        if check and p.returncode:
            raise RuntimeError(f"git {' '.join(argv)}: {p.stderr.decode(errors='replace')}")
        return p

    def url(self, server, repo):
        if self.args.transport == "daemon":
            return f"git://127.0.0.1:{self.port}/{server}/{repo}.git"
        return os.path.join(self.base, server, repo + ".git")

    # ---- setup -------------------------------------------------------------
    def setup(self):
        os.makedirs(self.base, exist_ok=True)
        seed_dir = os.path.join(self.work, "seed.git")
        self.git("init", "-q", "--bare", seed_dir)
        self.seed = ObjectWriter(seed_dir).commit(SEED_FILES, None, "initial commit", 1_700_000_000)
        self.git("-C", seed_dir, "update-ref", "refs/heads/main", self.seed)
        for server in ("hook", "floor"):
            for repo in self.repos:
                path = os.path.join(self.base, server, repo + ".git")
                self.git("init", "-q", "--bare", path)
                self.git("-C", seed_dir, "push", "-q", path, "refs/heads/main:refs/heads/main")
                self.ledger[server][(repo, "refs/heads/main")] = self.seed
                if server == "hook":
                    self.install_hook(path)
        self.check_hook_works()

    def install_hook(self, path):
        with open(os.path.join(path, "hookagent.toml"), "w") as f:
            f.write('[provider]\nkind = "none"\n')
        p = subprocess.run([self.args.hookagent, "install", "--hooks", "pre-receive"], cwd=path,
                           env=self.env, capture_output=True)
        hook = os.path.join(path, "hooks", "pre-receive")
        if p.returncode or not os.access(hook, os.X_OK):
            sys.exit(f"server_load: `hookagent install --hooks pre-receive` failed in a bare repository "
                     f"({p.stderr.decode(errors='replace').strip()})")
        with open(hook) as f:
            lines = f.read().split("\n")
        # Record the hook's pid for the memory sampler; exec keeps it to hookagent.
        lines.insert(1, f"echo $$ >> '{self.pid_file}'")
        with open(hook, "w") as f:
            f.write("\n".join(lines))

    def check_hook_works(self):
        """A hook that refuses nothing would look fast: probe it, untimed."""
        probe = os.path.join(self.work, "probe.git")
        self.git("init", "-q", "--bare", probe)
        w = ObjectWriter(probe)
        files = dict(SEED_FILES)
        files["src/settings.py"] = (fake_secret_line("py") + "\n").encode()
        bad = w.commit(files, self.seed, "probe", 1_700_000_100)
        self.git("-C", os.path.join(self.work, "seed.git"), "push", "-q", probe, "refs/heads/main")
        p = self.git("-C", probe, "push", os.path.join(self.base, "hook", self.repos[0] + ".git"),
                     f"{bad}:refs/heads/probe", check=False)
        if p.returncode == 0 or b"pre-receive hook declined" not in p.stderr:
            sys.exit("server_load: the installed pre-receive hook accepted a fake AWS key or GitHub token: "
                     "it is not scanning\n" + p.stderr.decode(errors="replace"))
        shutil.rmtree(probe, ignore_errors=True)

    def start_daemon(self):
        if self.args.transport != "daemon":
            return
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        log = open(os.path.join(self.work, "daemon.log"), "wb")
        self.daemon = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", f"--port={self.port}",
             f"--base-path={self.base}", "--export-all", "--enable=receive-pack",
             "--max-connections=0", "--informative-errors"],
            env=self.env, stdout=log, stderr=log)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        sys.exit("server_load: git daemon did not start listening")

    def stop_daemon(self):
        if self.daemon:
            self.daemon.terminate()
            self.daemon.wait(10)

    # ---- one pusher ----------------------------------------------------------
    def pusher(self, index, count):
        rng = random.Random(self.args.seed * 1000 + index)
        git_dir = os.path.join(self.work, "pushers", f"p{index:02d}.git")
        self.git("init", "-q", "--bare", git_dir)
        self.git("-C", git_dir, "config", "gc.auto", "0")
        w = ObjectWriter(git_dir)
        w.commit(SEED_FILES, None, "initial commit", 1_700_000_000)
        # The pusher's branches: (repo, ref) -> (tip sha, its files, (parent sha, parent's files))
        tips = {}
        clock = [1_700_000_000 + index * 10_000_000]
        serial = [0]
        kinds, weights = zip(*MIX.items())

        def new_commits(base, files, n, secret_at=None, secret_removed=False):
            """n commits on base; returns the tip, its files, the objects made and the tip's parent."""
            sha = base
            files = dict(files)
            added_objects = []
            prev = (base, files)
            for k in range(n):
                prev = (sha, dict(files))
                clock[0] += 60
                name = f"src/p{index:02d}_{rng.randrange(4)}.py"
                lines = files.get(name, b"").decode().splitlines()
                if lines and rng.random() < 0.5:
                    lines[rng.randrange(len(lines))] = code_line(rng, "py")
                else:
                    lines.insert(rng.randrange(len(lines) + 1), code_line(rng, "py"))
                message = f"update {name} ({serial[0]})"
                if k == secret_at:
                    name = f"src/p{index:02d}_settings.py"
                    files[name] = (fake_secret_line("py") + "\n").encode()
                    added_objects.append(w.put(b"blob", files[name]))
                    message = f"wire settings ({serial[0]})"
                else:
                    files[name] = ("\n".join(lines) + "\n").encode()
                if secret_removed and secret_at is not None and k > secret_at:
                    files.pop(f"src/p{index:02d}_settings.py", None)
                serial[0] += 1
                sha = w.commit(files, sha, message, clock[0])
                added_objects.append(sha)
            return sha, files, added_objects, prev

        for _ in range(count):
            kind = rng.choices(kinds, weights)[0]
            # The kind first, then a repository where it can happen: an update or a
            # deletion needs a branch of this pusher's there (a deletion leaves one).
            held = {}
            for r, _ in tips:
                held[r] = held.get(r, 0) + 1
            need = 2 if kind == "delete" else 1
            where = [r for r, k in held.items() if k >= need] if kind not in ("new", "secret-new") else []
            if kind not in ("new", "secret-new") and not where:
                kind = "secret-new" if kind.startswith("secret") else "new"
            repo = rng.choice(where) if where else rng.choice(self.repos)
            mine = [key for key in tips if key[0] == repo]
            secret = kind.startswith("secret")
            objects = []
            if kind in ("new", "secret-new"):
                ref = f"refs/heads/p{index:02d}/b{serial[0]}"
                if mine and rng.random() < 0.7:
                    base_sha, base_files = tips[rng.choice(mine)][:2]
                else:
                    base_sha, base_files = self.seed, SEED_FILES
                new, files, objects, prev = new_commits(base_sha, base_files, rng.choice([1, 2]),
                                                        secret_at=0 if secret else None)
                old, refspec = None, f"{new}:{ref}"
            elif kind == "delete":
                key = rng.choice(mine)
                ref, old, new, files, prev = key[1], tips[key][0], None, None, None
                refspec = f":{ref}"
            else:
                key = rng.choice(mine)
                ref = key[1]
                old, old_files, (parent, parent_files) = tips[key]
                force = kind in ("force", "secret-force")
                # A force-push rewrites the branch's last commit (an amend): new commits on its parent.
                base_sha, base_files = (parent, parent_files) if force else (old, old_files)
                n = 2 if kind == "secret-buried" else rng.choice([1, 1, 2, 3])
                secret_at = None
                if kind == "secret-buried":
                    secret_at = 0  # added in the first commit, removed in the second: only history has it
                elif secret:
                    secret_at = n - 1
                new, files, objects, prev = new_commits(base_sha, base_files, n, secret_at=secret_at,
                                                        secret_removed=(kind == "secret-buried"))
                refspec = ("+" if force else "") + f"{new}:{ref}"

            order = ["hook", "floor"]
            rng.shuffle(order)
            accepted = {}
            for server in order:
                t0 = time.perf_counter()
                p = subprocess.run(["git", "push", "--porcelain", self.url(server, repo), refspec],
                                   cwd=git_dir, env=self.env, capture_output=True)
                ms = (time.perf_counter() - t0) * 1000.0
                ok = accepted[server] = p.returncode == 0
                err = p.stderr.decode(errors="replace")
                by_hook = "pre-receive hook declined" in (err + p.stdout.decode(errors="replace"))
                self.results.append({"server": server, "kind": kind, "secret": secret, "ok": ok,
                                     "by_hook": by_hook, "ms": ms, "repo": repo})
                expect_ok = server == "floor" or not secret
                if ok != expect_ok or (not ok and server == "hook" and not by_hook):
                    self.problems.append(f"{server} {repo} {kind} {refspec}: "
                                         f"{'accepted' if ok else 'refused'}; {err.strip()[-400:]}")
                with self.ledger_lock:
                    if ok:
                        if new is None:
                            self.ledger[server].pop((repo, ref), None)
                        else:
                            self.ledger[server][(repo, ref)] = new
                    elif server == "hook" and secret:
                        self.refused_objects.setdefault(repo, []).extend(objects)
                if ok and server == "floor" and secret:
                    # Take the secret back out of the floor, so both servers keep the same refs.
                    restore = f"+{old}:{ref}" if old else f":{ref}"
                    r = subprocess.run(["git", "push", "-q", self.url(server, repo), restore],
                                       cwd=git_dir, env=self.env, capture_output=True)
                    with self.ledger_lock:
                        self.restores += 1
                        if r.returncode == 0:
                            if old:
                                self.ledger[server][(repo, ref)] = old
                            else:
                                self.ledger[server].pop((repo, ref), None)
                        else:
                            self.problems.append(f"floor restore {repo} {restore} failed: {r.stderr.decode()[-300:]}")
            # The pusher's own view follows the hook server (the floor is kept equal to it).
            if accepted["hook"]:
                if new is None:
                    tips.pop((repo, ref), None)
                else:
                    tips[(repo, ref)] = (new, files, prev)

    # ---- run and check -------------------------------------------------------
    def run(self):
        args = self.args
        self.setup()
        self.start_daemon()
        sampler = MemorySampler(self.pid_file, args.sample_ms / 1000.0)
        sampler.start()
        per = [args.pushes // args.pushers + (1 if i < args.pushes % args.pushers else 0)
               for i in range(args.pushers)]
        try:  # the daemon must not outlive a failed run
            t0 = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(args.pushers) as pool:
                futures = [pool.submit(self.pusher, i, n) for i, n in enumerate(per)]
                for fut in futures:
                    fut.result()
            wall = time.perf_counter() - t0
            main_memory = sampler.take_peaks()
            burst = self.bursts(sampler) if args.bursts else None
        finally:
            sampler.stop.set()
            sampler.join()
            self.stop_daemon()
        report = self.check(wall, main_memory)
        report["burst"] = burst
        return report

    def bursts(self, sampler):
        """Memory with every pusher's hook running at once: the pushers wait for each
        other, then all push a 40-file change (a hook with work to do) to the hook
        server; then, released together again, the same commits to the floor."""
        args = self.args
        barrier = threading.Barrier(args.pushers)
        rows = []

        def one(index):
            rng = random.Random(args.seed * 7919 + index)
            git_dir = os.path.join(self.work, "pushers", f"p{index:02d}.git")
            w = ObjectWriter(git_dir)
            for round_ in range(args.bursts):
                files = dict(SEED_FILES)
                for f in range(40):
                    files[f"src/burst_p{index:02d}_{f}.py"] = (
                        "\n".join(code_line(rng, "py") for _ in range(60)) + "\n").encode()
                sha = w.commit(files, self.seed, f"burst {round_}", 1_800_000_000 + round_)
                repo = rng.choice(self.repos)
                ref = f"refs/heads/p{index:02d}/burst{round_}"
                for server in ("hook", "floor"):
                    barrier.wait()
                    t0 = time.perf_counter()
                    p = subprocess.run(["git", "push", "--porcelain", self.url(server, repo), f"{sha}:{ref}"],
                                       cwd=git_dir, env=self.env, capture_output=True)
                    err = p.stderr.decode(errors="replace")
                    rows.append({"server": server, "ok": p.returncode == 0, "ms": (time.perf_counter() - t0) * 1000.0,
                                 "reset": "Connection reset" in err or "connection refused" in err.lower()})
                    with self.ledger_lock:
                        if p.returncode == 0:
                            self.ledger[server][(repo, ref)] = sha
                        else:
                            self.burst_problems.append(f"burst push to {server}/{repo} {ref} failed: {err.strip()[-200:]}")

        with concurrent.futures.ThreadPoolExecutor(args.pushers) as pool:
            for fut in [pool.submit(one, i) for i in range(args.pushers)]:
                fut.result()
        peaks = sampler.take_peaks()
        peaks["rounds"] = args.bursts
        for server in ("hook", "floor"):
            mine = [r for r in rows if r["server"] == server]
            ms = [r["ms"] for r in mine]
            peaks[server] = {"pushes": len(mine), "accepted": sum(r["ok"] for r in mine),
                             "connection_resets": sum(r["reset"] for r in mine),
                             "p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99)}
        peaks["problems"] = self.burst_problems[:20]
        return peaks

    def check(self, wall, memory):
        lost = corrupted = extra = 0
        details = []
        fsck_failed = []
        for server in ("hook", "floor"):
            for repo in self.repos:
                path = os.path.join(self.base, server, repo + ".git")
                out = self.git("-C", path, "for-each-ref", "--format=%(refname) %(objectname)").stdout.decode()
                actual = {}
                for line in out.splitlines():
                    name, sha = line.split(" ")
                    actual[name] = sha
                expected = {ref: sha for (r, ref), sha in self.ledger[server].items() if r == repo}
                for ref, sha in expected.items():
                    if ref not in actual:
                        lost += 1
                        details.append(f"{server}/{repo} {ref}: lost (ledger {sha[:12]})")
                    elif actual[ref] != sha:
                        corrupted += 1
                        details.append(f"{server}/{repo} {ref}: {actual[ref][:12]}, ledger {sha[:12]}")
                for ref in actual.keys() - expected.keys():
                    extra += 1
                    details.append(f"{server}/{repo} {ref}: present, not in the ledger")
                p = self.git("-C", path, "fsck", "--strict", "--no-progress", check=False)
                if p.returncode:
                    fsck_failed.append(f"{server}/{repo}: {p.stderr.decode(errors='replace')[-300:]}")
        leaked = 0
        for repo, shas in self.refused_objects.items():
            path = os.path.join(self.base, "hook", repo + ".git")
            p = subprocess.run(["git", "-C", path, "cat-file", "--batch-check"], input="\n".join(shas) + "\n",
                               env=self.env, capture_output=True, text=True)
            leaked += sum(1 for line in p.stdout.splitlines() if not line.endswith(" missing"))

        def stats(rows):
            ms = [r["ms"] for r in rows]
            return {"n": len(ms), "p50": percentile(ms, 50), "p90": percentile(ms, 90),
                    "p99": percentile(ms, 99), "max": max(ms) if ms else float("nan"),
                    "mean": statistics.fmean(ms) if ms else float("nan")}

        hook = [r for r in self.results if r["server"] == "hook"]
        floor = [r for r in self.results if r["server"] == "floor"]
        secret_hook = [r for r in hook if r["secret"]]
        clean_hook = [r for r in hook if not r["secret"]]
        by_kind = {}
        for kind in MIX:
            rows = [r for r in hook if r["kind"] == kind]
            by_kind[kind] = {"n": len(rows), "accepted": sum(r["ok"] for r in rows)}
        report = {
            "mode": self.args.mode, "repos": len(self.repos), "pushers": self.args.pushers,
            "transport": self.args.transport, "wall_s": wall,
            "pushes_hook": len(hook), "pushes_floor": len(floor), "floor_restores": self.restores,
            "secret_pushes": len(secret_hook),
            "secret_refused": sum(1 for r in secret_hook if not r["ok"]),
            "secret_refused_by_hook": sum(1 for r in secret_hook if not r["ok"] and r["by_hook"]),
            "clean_pushes": len(clean_hook), "clean_accepted": sum(r["ok"] for r in clean_hook),
            "floor_accepted": sum(r["ok"] for r in floor),
            "by_kind": by_kind,
            "refs_checked": sum(len(v) for v in self.ledger.values()),
            "refs_lost": lost, "refs_wrong": corrupted, "refs_unexpected": extra,
            "refused_objects_checked": sum(len(v) for v in self.refused_objects.values()),
            "refused_objects_present": leaked,
            "fsck_repos": 2 * len(self.repos), "fsck_failed": len(fsck_failed),
            "latency_ms": {"hook": stats(hook), "floor": stats(floor),
                           "hook_clean": stats(clean_hook),
                           "floor_clean": stats([r for r in floor if not r["secret"]])},
            "memory": memory,
            "problems": self.problems[:50], "problem_count": len(self.problems),
            "ref_details": details[:50], "fsck_details": fsck_failed[:20],
        }
        return report


def summary(paths) -> int:
    """The table and goal lines of one or more runs' JSON reports."""
    runs = [json.load(open(p)) for p in paths]
    print(f"{'mode':<6}{'repos':>6}{'pushes':>8}{'p50 hook':>10}{'p50 floor':>11}{'p99 hook':>10}"
          f"{'p99 floor':>11}{'p99 ratio':>11}{'p99 added':>11}")
    for r in runs:
        h, f = r["latency_ms"]["hook"], r["latency_ms"]["floor"]
        print(f"{r['mode']:<6}{r['repos']:>6}{r['pushes_hook']:>8}{h['p50']:>10.1f}{f['p50']:>11.1f}"
              f"{h['p99']:>10.1f}{f['p99']:>11.1f}{h['p99'] / f['p99']:>10.2f}x{h['p99'] - f['p99']:>+11.1f}")
    print("(ms per `git push`, hook = with hookagent's pre-receive, floor = the same pushes, no hook)")
    ok_all = True
    for r in runs:
        m, h, f = r["memory"], r["latency_ms"]["hook"], r["latency_ms"]["floor"]
        hc, fc = r["latency_ms"]["hook_clean"], r["latency_ms"]["floor_clean"]
        print(f"\n[{r['mode']}: {r['pushers']} pushers, {r['repos']} repo(s), {r['transport']}, "
              f"{r['wall_s']:.1f} s for {r['pushes_hook'] + r['pushes_floor']} timed pushes, "
              f"{r['floor_restores']} untimed restores on the floor]")
        print("  kinds (hook server, accepted/pushed): " +
              ", ".join(f"{k} {v['accepted']}/{v['n']}" for k, v in r["by_kind"].items()))
        print(f"  clean pushes only: p50 {hc['p50']:.1f} vs {fc['p50']:.1f} ms, p99 {hc['p99']:.1f} vs "
              f"{fc['p99']:.1f} ms ({hc['p99'] / fc['p99']:.2f}x)")
        print(f"  hooks: {m['hooks_started']} started, at most {m['peak_concurrent_hooks']} seen at once "
              f"({m['samples']} samples); peak summed RSS {m['peak_sum_rss_kib'] / 1024:.1f} MiB, "
              f"of it private (RssAnon) {m['peak_sum_anon_kib'] / 1024:.1f} MiB; "
              f"largest single hook {m['max_single_hwm_kib'] / 1024:.1f} MiB")
        b = r.get("burst")
        if b:
            bh, bf = b["hook"], b["floor"]
            print(f"  burst ({b['rounds']} rounds, all {r['pushers']} pushers released together with a 40-file "
                  f"change, to the hook server, then again to the floor): at most {b['peak_concurrent_hooks']} "
                  f"hooks at once, peak summed RSS {b['peak_sum_rss_kib'] / 1024:.1f} MiB, private "
                  f"{b['peak_sum_anon_kib'] / 1024:.1f} MiB; largest single hook {b['max_single_hwm_kib'] / 1024:.1f} MiB")
            for name, x in (("hook", bh), ("floor", bf)):
                print(f"    {name}: {x['accepted']}/{x['pushes']} accepted ({x['connection_resets']} connections "
                      f"reset by the daemon), p50 {x['p50_ms']:.0f} ms, p99 {x['p99_ms']:.0f} ms")
        checks = [
            ("every secret push refused by the hook",
             r["secret_refused_by_hook"] == r["secret_pushes"],
             f"{r['secret_refused_by_hook']}/{r['secret_pushes']}"),
            ("every clean push accepted", r["clean_accepted"] == r["clean_pushes"],
             f"{r['clean_accepted']}/{r['clean_pushes']}"),
            ("floor accepted every push", r["floor_accepted"] == r["pushes_floor"],
             f"{r['floor_accepted']}/{r['pushes_floor']}"),
            ("no ref lost, wrong or unexpected (ledger)",
             r["refs_lost"] + r["refs_wrong"] + r["refs_unexpected"] == 0,
             f"{r['refs_checked']} refs: {r['refs_lost']} lost, {r['refs_wrong']} wrong, "
             f"{r['refs_unexpected']} unexpected"),
            ("no object of a refused push in the repository", r["refused_objects_present"] == 0,
             f"{r['refused_objects_present']} of {r['refused_objects_checked']} present"),
            ("git fsck --strict clean", r["fsck_failed"] == 0,
             f"{r['fsck_repos'] - r['fsck_failed']}/{r['fsck_repos']} repos"),
            ("p99 with the hook <= 2x the floor's p99", h["p99"] <= 2 * f["p99"],
             f"{h['p99'] / f['p99']:.2f}x"),
        ]
        if b:
            checks.append(("burst: every push accepted, or failed no more often than without the hook",
                           b["hook"]["accepted"] >= b["floor"]["accepted"] and
                           b["hook"]["pushes"] - b["hook"]["accepted"] == b["hook"]["connection_resets"],
                           f"hook {b['hook']['accepted']}/{b['hook']['pushes']}, floor "
                           f"{b['floor']['accepted']}/{b['floor']['pushes']}; failures other than a daemon "
                           f"connection reset: {b['hook']['pushes'] - b['hook']['accepted'] - b['hook']['connection_resets']}"))
        for name, ok, detail in checks:
            ok_all &= ok
            print(f"  goal: {name}: {'MET' if ok else 'NOT MET'} ({detail})")
        for line in r["problems"][:10] + r["ref_details"][:10] + r["fsck_details"][:5] + (b or {}).get("problems", [])[:5]:
            print(f"  ! {line}")
    return 0 if ok_all else 1


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "summary":
        return summary(sys.argv[2:])
    parser = argparse.ArgumentParser()
    parser.add_argument("--hookagent", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--mode", choices=("one", "many"), required=True)
    parser.add_argument("--pushers", type=int, default=32)
    parser.add_argument("--pushes", type=int, default=2000)
    parser.add_argument("--repos", type=int, default=64)
    parser.add_argument("--transport", choices=("daemon", "local"), default="daemon")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample-ms", type=float, default=5.0)
    parser.add_argument("--bursts", type=int, default=5, help="rounds of all pushers pushing at once (memory)")
    parser.add_argument("--json")
    args = parser.parse_args()
    args.hookagent = os.path.abspath(args.hookagent)
    report = Bench(args).run()
    text = json.dumps(report, indent=2)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
