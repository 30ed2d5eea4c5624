#!/usr/bin/env bash
# The memory of a git server while PUSHERS pre-receive hooks really run at once
# (issue 14, item 2: "the server's memory bounded with 32 hooks running at once"),
# against the same pushes into the same server without the hook (the floor).
#
# One `git daemon --enable=receive-pack` on a free loopback port serves hook/
# (`hookagent install --server` in each bare repository) and floor/ (no hook).
# Each round, PUSHERS pushers wait at a barrier and then all push one commit of
# PUSH_MB MB of source text (FILES new files of short lines) to the hook
# server, then, released together again, the same commits to the floor (the
# order alternates by round). Pusher i connects STAGGER_MS*i ms after the
# barrier (git daemon listens with a backlog of 5). Every SECRET_EVERY-th
# pusher's commit carries a fake credential (made at run time) on the last line
# of its last file. Two modes (MODES):
#   sent    git push as usual: the whole pack travels, then index-pack, then
#           the hook; on 2 busy cores the pushes reach the hook at different
#           times, so not all hooks overlap;
#   staged  the files' commit is put first (untimed) into a store every server
#           repository borrows (objects/info/alternates; receive-pack advertises
#           its refs as .have), and the pusher pushes one small commit on top:
#           one commit travels, and the hook, whose repository has no ref to the
#           parent, scans both, the whole PUSH_MB included. All hooks start
#           within a second of each other, so all PUSHERS really run at once.
#
# A sampler (its own process, nice -15 when allowed) reads every SAMPLE_MS ms
# (slower when the machine is busy: the report gives the samples) every process
# under the daemon: /proc/PID/stat for the tree, /proc/PID/smaps_rollup for
# Rss, Pss, Private_Clean + Private_Dirty, Anonymous; sums them for the hooks
# (shim, hook binary, hookagent: one pid, exec'd in turn) and for git's own
# server processes (git-daemon children, receive-pack, index-pack,
# unpack-objects). Reported per mode: the most hooks alive at once and whether
# every hook overlapped every other, the peak sums, the largest single hook
# (peak Pss, Anonymous, VmHWM), and the floor's peaks (git alone).
#
# Then the sweep: one push at a time, SWEEP_MB sizes in SWEEP_LAYOUTS (`files`:
# 64 KB files, as many as the size needs; `file`: one file of that size, which
# git unpacks to a loose object (under 100 objects); `packed`: the same file
# and 127 tiny ones, so git keeps the push as a pack), to the hook server and
# to the floor: does a hook's memory grow with the push, and which process of
# the push holds the most.
#
# Checks: every secret push refused by the hook, every clean push accepted, the
# floor accepts all, every ref equal to the ledger, no commit or secret blob of a
# refused push in the hook repository (staged: the commit), `git fsck --strict`
# clean. Exit 1 when one fails.
#
#   MODES="sent staged" PUSHERS=32 PUSH_MB=16 FILES=256 ROUNDS=2 REPOS=1 \
#   SECRET_EVERY=2 SAMPLE_MS=20 STAGGER_MS=10 SWEEP_MB="1 4 16 64" \
#   SWEEP_LAYOUTS="files file" SEED=1 bench/server_memory.sh
# (those are the defaults; ROUNDS=0 or SWEEP_MB="" skips a part; REPOS>1 spreads
# the pushers over that many repositories, pusher i into repository i mod REPOS)
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in -h|--help) sed -n '2,51p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;; esac
pushers=${PUSHERS:-32} push_mb=${PUSH_MB:-16} files=${FILES:-256} rounds=${ROUNDS:-2} repos=${REPOS:-1}
secret_every=${SECRET_EVERY:-2} sample_ms=${SAMPLE_MS:-20} sweep=${SWEEP_MB-1 4 16 64}
layouts=${SWEEP_LAYOUTS:-files file} seed=${SEED:-1} stagger_ms=${STAGGER_MS:-10}
modes=${MODES:-sent staged}
cmd="MODES=\"$modes\" PUSHERS=$pushers PUSH_MB=$push_mb FILES=$files ROUNDS=$rounds REPOS=$repos SECRET_EVERY=$secret_every"
cmd+=" SAMPLE_MS=$sample_ms SWEEP_MB=\"$sweep\" SWEEP_LAYOUTS=\"$layouts\" SEED=$seed STAGGER_MS=$stagger_ms $(command_line "$@")"
HOOKAGENT=$(find_hookagent)
git daemon --help >/dev/null 2>&1 || [[ -x $(git --exec-path)/git-daemon ]] ||
  die "no git daemon in this git (Debian's git package has it)"
[[ -r /proc/self/smaps_rollup ]] || die "no /proc/PID/smaps_rollup (Linux 4.14 or later)"

work=$(mktemp -d "${TMPDIR:-/tmp}/hookagent-bench-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
machine=$(machine_description)
# shellcheck source=bench/snapshot.sh
source "$bench_dir/snapshot.sh"
snapshot_hookagent "$work/hookagent"

stamp=$(date +%Y%m%d-%H%M%S)
json="$results_dir/server_memory-$stamp.json"
report="$results_dir/server_memory-$stamp.txt"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
{
  echo "# bench/server_memory.sh: a git server's memory with $pushers pre-receive hooks at once, vs the same pushes without the hook"
  echo "command: $cmd"
  echo "$machine"
  echo "hookagent ran from a copy: $HOOKAGENT, hooks $HOOKAGENT_HOOK_BINARY_DIR, data ${HOOKAGENT_DATA_DIR:-built in}"
  echo "load average at the start: $load_before"
  echo
  python3 - "$bench_dir" "$HOOKAGENT" "$work/run" "$json" "$pushers" "$push_mb" "$files" "$rounds" "$repos" \
    "$secret_every" "$sample_ms" "$sweep" "$layouts" "$seed" "$stagger_ms" "$modes" <<'PY'
import concurrent.futures, json, multiprocessing, os, random, shutil, socket, subprocess, sys, threading, time

bench_dir, hookagent, work, json_out = sys.argv[1:5]
pushers, push_mb, n_files, rounds, n_repos, secret_every = (int(x) for x in sys.argv[5:11])
sample_s = float(sys.argv[11]) / 1000.0
sweep = [int(x) for x in sys.argv[12].split()]
layouts = sys.argv[13].split()
seed = int(sys.argv[14])
stagger_s = float(sys.argv[15]) / 1000.0
modes = sys.argv[16].split()
sys.dont_write_bytecode = True
sys.path.insert(0, bench_dir)
from server_load import ObjectWriter, SEED_FILES  # noqa: E402
from fleet_gen import code_line, fake_secret_line  # noqa: E402

env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
MiB = 1024.0
HOOK_COMMS = {"pre-receive", "hookagent"}
FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Anonymous")


def git(*argv, check=True, **kw):
    p = subprocess.run(["git", *argv], env=env, capture_output=True, **kw)
    if check and p.returncode:
        sys.exit(f"server_memory: git {' '.join(argv)}: {p.stderr.decode(errors='replace')}")
    return p


def read_stat(pid):
    """(comm, ppid) of a live pid, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    l, r = data.find(b"("), data.rfind(b")")
    return data[l + 1:r].decode(errors="replace"), int(data[r + 2:].split()[1])


def rollup(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                key, _, value = line.partition(b":")
                k = key.decode()
                if k in FIELDS:
                    out[k] = int(value.split()[0])
    except OSError:
        return None
    return out if "Rss" in out else None


def hwm(pid):
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def private(m):
    return m.get("Private_Clean", 0) + m.get("Private_Dirty", 0)


class Sampler:
    """Every process under ROOT (the daemon), summed per class, every interval.

    hook: a process whose comm (or an ancestor's, up to ROOT) is pre-receive or
    hookagent; git: every other process under ROOT (daemon children, receive-pack,
    index-pack, unpack-objects). Runs in a process of its own at a raised
    priority (nice -15 when allowed), so that a machine busy with 32 pushes
    cannot starve it; a phase is started with begin() and read with end()."""

    def __init__(self, root, interval):
        self.root, self.interval = root, interval
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=self.serve, args=(child,), daemon=True)
        self.proc.start()

    def begin(self, name):
        self.conn.send(("begin", name))

    def end(self):
        self.conn.send(("end",))
        return self.conn.recv()

    def close(self):
        try:
            self.conn.send(("stop",))
        except OSError:
            pass
        self.proc.join(10)

    # ---- in the sampling process ----
    def serve(self, conn):
        try:
            os.nice(-15)
            self.niced = True
        except OSError:
            self.niced = False
        phase = None
        while True:
            t = time.monotonic()
            if phase is not None:
                self.sample(phase)
            if conn.poll(max(0.0, self.interval - (time.monotonic() - t))):
                msg = conn.recv()
                if msg[0] == "begin":
                    phase = {"name": msg[1], "t0": time.monotonic(), "samples": 0, "peak_hooks": 0,
                             "peak": {c: {k: 0 for k in ("Rss", "Pss", "Private", "Anonymous")}
                                      for c in ("hook", "git", "all")},
                             "hooks": {}, "git_procs": {}, "at_peak_hooks": None, "niced": self.niced}
                elif msg[0] == "end":
                    phase["wall_s"] = time.monotonic() - phase["t0"]
                    conn.send(summarize(phase))
                    phase = None
                else:
                    return

    names = {}

    def name_of(self, pid, comm):
        """`git receive-pack`, `git index-pack`...: comm and, for git, its subcommand."""
        key = (pid, comm)
        if key not in self.names:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                argv = []
            sub = argv[1].decode(errors="replace") if comm == "git" and len(argv) > 1 else ""
            self.names[key] = f"{comm} {sub}".strip()
        return self.names[key]

    def sample(self, ph):
        stats = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                s = read_stat(int(name))
                if s:
                    stats[int(name)] = s
        now = time.monotonic()
        sums = {c: {"Rss": 0, "Pss": 0, "Private": 0, "Anonymous": 0} for c in ("hook", "git", "all")}
        hooks_live = 0
        for pid, (comm, ppid) in stats.items():
            cls, p, hops = None, pid, 0
            while p in stats and hops < 64:
                if stats[p][0] in HOOK_COMMS and cls is None:
                    cls = "hook"
                if p == self.root:
                    cls = cls or "git"
                    break
                p, hops = stats[p][1], hops + 1
            else:
                continue  # not under the daemon
            m = rollup(pid)
            if m is None:
                continue
            row = {"Rss": m.get("Rss", 0), "Pss": m.get("Pss", 0), "Private": private(m),
                   "Anonymous": m.get("Anonymous", 0)}
            for c in (cls, "all"):
                for k, v in row.items():
                    sums[c][k] += v
            if cls == "hook":
                hooks_live += 1
                h = ph["hooks"].setdefault(pid, {"first": now, "Pss": 0, "Anonymous": 0, "Private": 0,
                                                 "Rss": 0, "HWM": 0})
                h["last"] = now
                for k, v in row.items():
                    h[k] = max(h[k], v)
                h["HWM"] = max(h["HWM"], hwm(pid))
            else:
                g = ph["git_procs"].setdefault(self.name_of(pid, comm), {"Pss": 0, "Anonymous": 0, "Rss": 0, "HWM": 0})
                for k in ("Pss", "Anonymous", "Rss"):
                    g[k] = max(g[k], row[k])
                g["HWM"] = max(g["HWM"], hwm(pid))
        ph["samples"] += 1
        for c in sums:
            for k, v in sums[c].items():
                ph["peak"][c][k] = max(ph["peak"][c][k], v)
        if hooks_live > ph["peak_hooks"]:
            ph["peak_hooks"] = hooks_live
            ph["at_peak_hooks"] = {"t": now - ph["t0"], "hooks": sums["hook"], "git": sums["git"]}


def summarize(ph):
    hooks = list(ph["hooks"].values())
    out = {k: ph[k] for k in ("name", "samples", "wall_s", "peak_hooks", "peak", "at_peak_hooks", "git_procs", "niced")}
    out["hooks_seen"] = len(hooks)
    if hooks:
        out["max_hook"] = {k: max(h[k] for h in hooks) for k in ("Pss", "Anonymous", "Private", "Rss", "HWM")}
        # Did every hook overlap every other? The last start before the first end.
        out["last_start_s"] = max(h["first"] for h in hooks) - ph["t0"]
        out["first_end_s"] = min(h["last"] for h in hooks) - ph["t0"]
        out["hook_life_s"] = sorted(h["last"] - h["first"] for h in hooks)
    return out


# ---- the servers --------------------------------------------------------------
os.makedirs(work)
base = os.path.join(work, "srv")
seed_dir = os.path.join(work, "seed.git")
git("init", "-q", "--bare", seed_dir)
seed_sha = ObjectWriter(seed_dir).commit(SEED_FILES, None, "initial commit", 1_700_000_000)
git("-C", seed_dir, "update-ref", "refs/heads/main", seed_sha)
repos = [f"r{i:03d}" for i in range(max(1, n_repos))]
ledger = {"hook": {}, "floor": {}}
# The staging store (mode `staged`): every server repository borrows its objects
# (objects/info/alternates), and receive-pack advertises its refs as `.have`, so
# a pusher whose commit's parent is there sends that one commit and nothing else.
staging = os.path.join(work, "staging.git")
git("init", "-q", "--bare", staging)
for server in ("hook", "floor"):
    for repo in repos:
        path = os.path.join(base, server, repo + ".git")
        git("init", "-q", "--bare", path)
        with open(os.path.join(path, "objects", "info", "alternates"), "w") as f:
            f.write(os.path.join(staging, "objects") + "\n")
        git("-C", seed_dir, "push", "-q", path, "refs/heads/main:refs/heads/main")
        ledger[server][(repo, "refs/heads/main")] = seed_sha
        if server == "hook":
            p = subprocess.run([hookagent, "install", "--server"], cwd=path, env=env, capture_output=True)
            if p.returncode or not os.access(os.path.join(path, "hooks", "pre-receive"), os.X_OK):
                sys.exit("server_memory: `hookagent install --server` failed: " + p.stderr.decode(errors="replace"))

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", f"--port={port}",
                           f"--base-path={base}", "--export-all", "--enable=receive-pack",
                           "--max-connections=0", "--informative-errors"],
                          env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "daemon.log"), "wb"))
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("server_memory: git daemon did not start listening")


def url(server, repo):
    return f"git://127.0.0.1:{port}/{server}/{repo}.git"


pool_rng = random.Random(seed)
LINES = [code_line(pool_rng, "py") for _ in range(50_000)]
pusher_dirs = []
for i in range(max(pushers, 1)):
    d = os.path.join(work, "pushers", f"p{i:02d}.git")
    git("init", "-q", "--bare", d)
    ObjectWriter(d).commit(SEED_FILES, None, "initial commit", 1_700_000_000)  # the seed, as on the servers
    # The client's pack is cheap to make (no delta search, zlib level 0), so that the pushes reach
    # the server together and the hooks, not the pushers' pack-objects, are what runs long.
    git("-C", d, "config", "pack.window", "0")
    git("-C", d, "config", "pack.compression", "0")
    pusher_dirs.append(d)


def make_commit(index, tag, total_bytes, files, secret, rng, twin=False, small=0):
    """A commit on the seed adding FILES files of about total_bytes in all, made of
    lines drawn from the pool (each file starts with a line of its own, so no two
    pushes share a blob); the secret, if any, is the last line of the last file."""
    w = ObjectWriter(pusher_dirs[index])
    content = dict(SEED_FILES)
    per_file = max(1, total_bytes // files)
    secret_objs = []
    for f in range(files):
        name = f"src/m{index:02d}_{tag}_{f:04d}.py"
        parts, size = [f"# {name}: generated by bench/server_memory.sh, seed {seed}"], 0
        while size < per_file:
            chunk = rng.choices(LINES, k=256)
            parts.extend(chunk)
            size += sum(len(x) + 1 for x in chunk)
        if secret and f == files - 1:
            parts.append(fake_secret_line("py"))
        content[name] = ("\n".join(parts) + "\n").encode()
        if secret and f == files - 1:
            secret_objs.append(w.put(b"blob", content[name]))
    for k in range(small):  # tiny files, so that the push has over 100 objects: git keeps it as a pack
        content[f"src/m{index:02d}_{tag}_small{k:03d}.txt"] = f"small {tag} {k}\n".encode()
    if not twin:
        sha = w.commit(content, seed_sha, f"{tag}: {files} files, {total_bytes} bytes", 1_800_000_000)
        return sha, secret_objs, None
    # Mode `staged`: the files come in a parent commit that goes to the staging store
    # first; the pushed commit adds one line on top. No ref of the server repository
    # reaches the parent, so the hook scans both, the whole of the files included.
    staged = w.commit(content, seed_sha, f"{tag}: {files} files, {total_bytes} bytes", 1_799_999_999)
    content[f"src/m{index:02d}_{tag}_top.txt"] = b"top\n"
    sha = w.commit(content, staged, f"{tag}: on top", 1_800_000_000)
    return sha, secret_objs, staged


results = []  # one dict per push
refused_objects = {}
problems = []
ledger_lock = threading.Lock()


def push(index, server, repo, sha, ref, secret, phase):
    tries = 0
    while True:
        tries += 1
        t0 = time.monotonic()
        p = subprocess.run(["git", "push", "--porcelain", url(server, repo), f"{sha}:{ref}"],
                           cwd=pusher_dirs[index], env=env, capture_output=True)
        err = p.stderr.decode(errors="replace") + p.stdout.decode(errors="replace")  # --porcelain: status on stdout
        reset = p.returncode != 0 and "remote:" not in err and (
            "reset" in err.lower() or "refused" in err.lower() or "hung up" in err.lower())
        if not reset or tries >= 5:
            break
        time.sleep(0.05 * tries)
    ok = p.returncode == 0
    row = {"phase": phase, "server": server, "secret": secret, "ok": ok, "tries": tries,
           "by_hook": "pre-receive hook declined" in err, "ms": (time.monotonic() - t0) * 1000.0}
    with ledger_lock:
        results.append(row)
        if ok:
            ledger[server][(repo, ref)] = sha
        want = (not secret) or server == "floor"
        if ok != want:
            problems.append(f"{phase} {server}/{repo} {ref} (secret={secret}): exit {p.returncode}: {err.strip()[-300:]}")
    return row


sampler = Sampler(daemon.pid, sample_s)
phases = []
try:
    # ---- the concurrent rounds ---------------------------------------------
    for rnd in range(rounds):
      for mode in modes:
        made = []
        t0 = time.monotonic()
        for i in range(pushers):
            rng = random.Random(seed * 100_003 + rnd * 1009 + i + (500 if mode == "staged" else 0))
            secret = secret_every > 0 and i % secret_every == secret_every - 1
            sha, secret_objs, twin = make_commit(i, f"r{rnd}{mode[:2]}", push_mb * 1_000_000, n_files, secret, rng,
                                                 twin=mode == "staged")
            repo = repos[i % len(repos)]
            if secret:  # staged: the blobs are in the staging store by design, the commit must not be in the repo
                refused_objects.setdefault(repo, []).extend([sha] + ([] if twin else secret_objs))
            if twin:
                git("-C", pusher_dirs[i], "push", "-q", staging, f"{twin}:refs/heads/p{i:02d}/r{rnd}")
            made.append((i, repo, sha, f"refs/heads/p{i:02d}/round{rnd}{mode}", secret))
        gen_s = time.monotonic() - t0
        order = ("hook", "floor") if rnd % 2 == 0 else ("floor", "hook")
        for server in order:
            barrier = threading.Barrier(pushers)

            def one(item, server=server, barrier=barrier, tag=f"round{rnd}-{mode}"):
                barrier.wait()
                time.sleep(stagger_s * item[0])  # git daemon listens with a backlog of 5: no burst of 32 connects
                return push(item[0], server, item[1], item[2], item[3], item[4], tag)

            sampler.begin(f"round{rnd}-{mode}-{server}")
            with concurrent.futures.ThreadPoolExecutor(pushers) as ex:
                rows = list(ex.map(one, made))
            ph = sampler.end()
            ph.update(round=rnd, mode=mode, server=server, generate_s=gen_s, push_mb=push_mb, files=n_files,
                      pushes=len(rows), accepted=sum(r["ok"] for r in rows), retries=sum(r["tries"] - 1 for r in rows),
                      p50_ms=sorted(r["ms"] for r in rows)[len(rows) // 2], max_ms=max(r["ms"] for r in rows))
            phases.append(ph)
            print(f"round {rnd} {mode} {server}: {ph['peak_hooks']} hooks at once, {ph['accepted']}/{ph['pushes']} "
                  f"accepted, {ph['wall_s']:.1f} s", file=sys.stderr)
    # ---- the sweep: one push at a time --------------------------------------
    sweep_rows = []
    for layout in layouts:
        for mb in sweep:
            rng = random.Random(seed * 7 + mb)
            files = 1 if layout in ("file", "packed") else max(1, mb * 1_000_000 // 65_536)
            sha, _, _ = make_commit(0, f"s{layout}{mb}", mb * 1_000_000, files, False, rng,
                                    small=127 if layout == "packed" else 0)
            for server in ("hook", "floor"):
                sampler.begin(f"sweep-{layout}-{mb}-{server}")
                row = push(0, server, repos[0], sha, f"refs/heads/sweep/{layout}{mb}", False, f"sweep-{layout}-{mb}")
                ph = sampler.end()
                ph.update(layout=layout, mb=mb, files=files, server=server, ok=row["ok"], ms=row["ms"])
                sweep_rows.append(ph)
                print(f"sweep {layout} {mb} MB {server}: {row['ms']:.0f} ms, hook HWM "
                      f"{ph.get('max_hook', {}).get('HWM', 0) / MiB:.1f} MiB", file=sys.stderr)
finally:
    sampler.close()
    daemon.terminate()
    daemon.wait(10)

# ---- checks ---------------------------------------------------------------------
ref_problems, fsck_failed = [], []
for server in ("hook", "floor"):
    for repo in repos:
        path = os.path.join(base, server, repo + ".git")
        out = git("-C", path, "for-each-ref", "--format=%(refname) %(objectname)").stdout.decode()
        actual = dict(line.split(" ") for line in out.splitlines())
        expected = {ref: sha for (r, ref), sha in ledger[server].items() if r == repo}
        for ref in expected.keys() | actual.keys():
            if expected.get(ref) != actual.get(ref):
                ref_problems.append(f"{server}/{repo} {ref}: {actual.get(ref)} where the ledger has {expected.get(ref)}")
        p = git("-C", path, "fsck", "--strict", "--no-progress", check=False)
        if p.returncode:
            fsck_failed.append(f"{server}/{repo}: {p.stderr.decode(errors='replace')[-300:]}")
leaked = checked = 0
for repo, shas in refused_objects.items():
    p = subprocess.run(["git", "-C", os.path.join(base, "hook", repo + ".git"), "cat-file", "--batch-check"],
                       input="\n".join(shas) + "\n", env=env, capture_output=True, text=True)
    checked += len(shas)
    leaked += sum(1 for line in p.stdout.splitlines() if not line.endswith(" missing"))

conc = [r for r in results if r["phase"].startswith("round")]
report = {
    "pushers": pushers, "push_mb": push_mb, "files": n_files, "rounds": rounds, "repos": len(repos),
    "sample_ms": sample_s * 1000, "phases": phases, "sweep": sweep_rows,
    "secret_pushes": sum(1 for r in conc if r["secret"] and r["server"] == "hook"),
    "secret_refused_by_hook": sum(1 for r in conc if r["secret"] and r["server"] == "hook" and not r["ok"] and r["by_hook"]),
    "clean_pushes": sum(1 for r in results if not r["secret"] and r["server"] == "hook"),
    "clean_accepted": sum(1 for r in results if not r["secret"] and r["server"] == "hook" and r["ok"]),
    "floor_pushes": sum(1 for r in results if r["server"] == "floor"),
    "floor_accepted": sum(1 for r in results if r["server"] == "floor" and r["ok"]),
    "retries": sum(r["tries"] - 1 for r in results),
    "refs_checked": sum(len(v) for v in ledger.values()), "ref_problems": ref_problems[:30],
    "refused_objects_checked": checked, "refused_objects_present": leaked,
    "fsck_repos": 2 * len(repos), "fsck_failed": fsck_failed, "problems": problems[:30],
}
with open(json_out, "w") as f:
    json.dump(report, f, indent=1)

# ---- the report -------------------------------------------------------------------
def mib(kib):
    return f"{kib / MiB:.1f}"


ok_all = True


def goal(name, ok, detail):
    global ok_all
    ok_all &= bool(ok)
    print(f"goal: {name}: {'MET' if ok else 'NOT MET'} ({detail})")


MODE_WORDS = {"sent": "each push sends its whole pack (git push as usual)",
              "staged": "the files' commit already in an alternate store on the server (advertised as .have), "
                        "so each push sends one small commit on top and the hook scans both"}
if phases:
    print(f"## {pushers} pushers at once, {push_mb} MB each ({n_files} files), {rounds} round(s) per mode, "
          f"{len(repos)} repositor{'y' if len(repos) == 1 else 'ies'}; sampled every {sample_s * 1000:.0f} ms"
          f"{'' if phases[0].get('niced') else ' (the sampler could not raise its priority)'}")
    print(f"{'round':<6}{'mode':<7}{'server':<7}{'hooks':>6}{'samples':>8}{'wall s':>7}"
          f"{'hook PSS':>9}{'hook priv':>10}{'hook anon':>10}{'git PSS':>8}{'git priv':>9}{'all PSS':>8}"
          f"{'1 hook PSS':>11}{'1 hook anon':>12}{'1 hook HWM':>11}")
    for ph in phases:
        pk, mh = ph["peak"], ph.get("max_hook", {})
        print(f"{ph['round']:<6}{ph['mode']:<7}{ph['server']:<7}{ph['peak_hooks']:>6}{ph['samples']:>8}{ph['wall_s']:>7.1f}"
              f"{mib(pk['hook']['Pss']):>9}{mib(pk['hook']['Private']):>10}{mib(pk['hook']['Anonymous']):>10}"
              f"{mib(pk['git']['Pss']):>8}{mib(pk['git']['Private']):>9}{mib(pk['all']['Pss']):>8}"
              f"{mib(mh.get('Pss', 0)):>11}{mib(mh.get('Anonymous', 0)):>12}{mib(mh.get('HWM', 0)):>11}")
    print("(MiB, the peak over the samples of each sum; hook = the pre-receive processes, git = git's own server "
          "processes (daemon, receive-pack,\n index-pack/unpack-objects), all = both; priv = Private_Clean + "
          "Private_Dirty; 1 hook = the largest single hook's peak; HWM = its VmHWM, peak resident)")
    for mode in modes:
        hook_ph = [p for p in phases if p["server"] == "hook" and p["mode"] == mode]
        floor_ph = [p for p in phases if p["server"] == "floor" and p["mode"] == mode]
        print(f"\n[{mode}: {MODE_WORDS.get(mode, mode)}]")
        for ph in (p for p in hook_ph if p["hooks_seen"]):
            print(f"  round {ph['round']} hook: {ph['hooks_seen']} hooks; the last started {ph['last_start_s']:.2f} s "
                  f"into the round, the first ended {ph['first_end_s']:.2f} s in; lifetimes {ph['hook_life_s'][0]:.2f}–"
                  f"{ph['hook_life_s'][-1]:.2f} s; pushes p50 {ph['p50_ms']:.0f} ms, max {ph['max_ms']:.0f} ms; "
                  f"{ph['retries']} connection retries")
            at = ph.get("at_peak_hooks")
            if at:
                print(f"    with {ph['peak_hooks']} hooks alive ({at['t']:.2f} s in): hooks PSS {mib(at['hooks']['Pss'])}, "
                      f"private {mib(at['hooks']['Private'])}, anonymous {mib(at['hooks']['Anonymous'])} MiB; git's own "
                      f"PSS {mib(at['git']['Pss'])} MiB")
        for ph in floor_ph:
            print(f"  round {ph['round']} floor: pushes p50 {ph['p50_ms']:.0f} ms, max {ph['max_ms']:.0f} ms; "
                  f"{ph['retries']} connection retries")
        if not (hook_ph and floor_ph):
            continue
        hp = max(p["peak"]["all"]["Pss"] for p in hook_ph)
        hh = max(p["peak"]["hook"]["Pss"] for p in hook_ph)
        ha = max(p["peak"]["hook"]["Anonymous"] for p in hook_ph)
        hpriv = max(p["peak"]["hook"]["Private"] for p in hook_ph)
        fp = max(max(p["peak"]["all"]["Pss"] for p in floor_ph), 1)
        fa = max(max(p["peak"]["all"]["Anonymous"] for p in floor_ph), 1)
        fpriv = max(max(p["peak"]["all"]["Private"] for p in floor_ph), 1)
        one = max(p.get("max_hook", {}).get("Pss", 0) for p in hook_ph)
        one_a = max(p.get("max_hook", {}).get("Anonymous", 0) for p in hook_ph)
        one_h = max(p.get("max_hook", {}).get("HWM", 0) for p in hook_ph)
        most = max(p["peak_hooks"] for p in hook_ph)
        print(f"  floor (the same pushes, no hook): git's own server peaked at {mib(fp)} MiB PSS, {mib(fpriv)} MiB "
              f"private, {mib(fa)} MiB anonymous")
        print(f"  with the hook: everything under the daemon peaked at {mib(hp)} MiB PSS ({hp / fp:.1f}x the floor); "
              f"the hooks alone {mib(hh)} MiB PSS ({hh / fp:.1f}x), {mib(hpriv)} MiB private ({hpriv / fpriv:.1f}x the "
              f"floor's), {mib(ha)} MiB anonymous ({ha / fa:.1f}x)")
        print(f"  per hook: at most {mib(one)} MiB PSS, {mib(one_a)} MiB anonymous, {mib(one_h)} MiB resident (VmHWM); "
              f"{pushers} x {mib(one)} MiB PSS = {mib(pushers * one)} MiB, the most seen at once {mib(hh)} MiB")
        goal(f"all {pushers} hooks running at once ({mode})", most >= pushers,
             f"at most {most} seen at once; {sum(p['peak_hooks'] >= pushers for p in hook_ph)}/{len(hook_ph)} "
             f"rounds had all {pushers}")
if sweep_rows:
    print("\n## one push at a time: does a hook's memory grow with the push?")
    print(f"{'layout':<7}{'MB':>6}{'files':>7}{'server':>7}{'push ms':>9}{'hook PSS':>10}{'hook anon':>10}"
          f"{'hook HWM':>10}{'git PSS':>9}{'git anon':>9}  largest git process (HWM MiB)")
    for r in sweep_rows:
        mh, pk = r.get("max_hook", {}), r["peak"]
        big = max(r["git_procs"].items(), key=lambda kv: kv[1]["HWM"], default=("-", {"HWM": 0}))
        print(f"{r['layout']:<7}{r['mb']:>6}{r['files']:>7}{r['server']:>7}{r['ms']:>9.0f}"
              f"{mib(mh.get('Pss', 0)):>10}{mib(mh.get('Anonymous', 0)):>10}{mib(mh.get('HWM', 0)):>10}"
              f"{mib(pk['git']['Pss']):>9}{mib(pk['git']['Anonymous']):>9}  {big[0]} {mib(big[1]['HWM'])}")
    for layout in layouts:
        rows = [r for r in sweep_rows if r["layout"] == layout and r["server"] == "hook" and r.get("max_hook")]
        if len(rows) >= 2:
            lo, hi = rows[0], rows[-1]
            a0, a1 = lo["max_hook"]["Anonymous"], hi["max_hook"]["Anonymous"]
            print(f"  {layout}: hook anonymous memory {mib(a0)} MiB at {lo['mb']} MB, {mib(a1)} MiB at {hi['mb']} MB "
                  f"({a1 / max(a0, 1):.2f}x for {hi['mb'] / lo['mb']:.0f}x the push); VmHWM {mib(lo['max_hook']['HWM'])} -> "
                  f"{mib(hi['max_hook']['HWM'])} MiB")
            # Bounded means: past some size a larger push costs no more. The
            # two largest sizes are compared (the smallest fits under the
            # blob batch and libgit2's object cache, so it is always less).
            mid = rows[-2] if len(rows) >= 3 else lo
            am = mid["max_hook"]["Anonymous"]
            goal(f"a hook's private memory stops growing with the push ({layout})", a1 <= 1.25 * am + 8 * 1024,
                 f"{mib(am)} -> {mib(a1)} MiB anonymous for {mid['mb']} -> {hi['mb']} MB "
                 f"({mib(a0)} MiB at {lo['mb']} MB)")
print()
goal("every secret push refused by the hook", report["secret_refused_by_hook"] == report["secret_pushes"],
     f"{report['secret_refused_by_hook']}/{report['secret_pushes']}")
goal("every clean push accepted", report["clean_accepted"] == report["clean_pushes"],
     f"{report['clean_accepted']}/{report['clean_pushes']}")
goal("the floor accepted every push", report["floor_accepted"] == report["floor_pushes"],
     f"{report['floor_accepted']}/{report['floor_pushes']}")
goal("every ref as the ledger says", not ref_problems, f"{report['refs_checked']} refs, {len(ref_problems)} differ")
goal("no object of a refused push in the repository", leaked == 0, f"{leaked} of {checked} present")
goal("git fsck --strict clean", not fsck_failed, f"{2 * len(repos) - len(fsck_failed)}/{2 * len(repos)} repositories")
print(f"(connection retries after a reset by the daemon: {report['retries']})")
for line in problems[:10] + ref_problems[:10] + fsck_failed[:5]:
    print(f"! {line}")
sys.exit(0 if ok_all else 1)
PY
} | tee "$report" || status=$?
say "results: $report (raw: $json)"
exit "$status"
