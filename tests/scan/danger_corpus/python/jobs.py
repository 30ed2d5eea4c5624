"""Background jobs: archive import, thumbnailing, remote sync."""
import json
import logging
import os
import shlex
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import paramiko

log = logging.getLogger(__name__)
WORK_DIR = Path(os.environ.get("JOB_WORK_DIR", "/var/lib/jobs"))


def unpack_upload(archive_path: str, dest: str) -> None:
    with tarfile.open(archive_path) as tar:
        tar.extractall(dest)  # hookagent-expect: CWE-22


def unpack_upload_safe(archive_path: str, dest: str) -> None:
    with tarfile.open(archive_path) as tar:
        tar.extractall(dest, filter="data")


def unpack_zip(archive_path: str, dest: str) -> None:
    with zipfile.ZipFile(archive_path) as zf:
        for name in zf.namelist():
            target = (Path(dest) / name).resolve()
            if not str(target).startswith(str(Path(dest).resolve())):
                raise ValueError("entry escapes destination: " + name)
        zf.extractall(dest)


def make_thumbnail(src: str, size: str) -> None:
    cmd = "convert %s -resize %s %s.thumb.png" % (src, size, src)
    subprocess.call(cmd, shell=True)  # hookagent-expect: CWE-78


def make_thumbnail_safe(src: str, size: str) -> None:
    subprocess.run(["convert", src, "-resize", size, src + ".thumb.png"], check=True)


def compress(directory: str) -> str:
    out = os.popen("tar czf - " + directory + " | wc -c").read()  # hookagent-expect: CWE-78
    return out.strip()


def run_hook(script: str, arg: str) -> int:
    return subprocess.call([script, arg])


def run_user_hook(hook_line: str) -> int:
    return os.system(hook_line)  # hookagent-expect: CWE-78


def git_log(repo: str, rev: str) -> str:
    return subprocess.check_output(["git", "-C", repo, "log", "--oneline", rev], text=True)


def quote_for_log(args):
    return " ".join(shlex.quote(a) for a in args)


def sync_to_backup(host: str, path: str) -> None:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # hookagent-expect: CWE-295
    client.connect(host, username="backup")
    client.exec_command("mkdir -p /backups")
    client.close()


def sync_to_backup_safe(host: str, path: str) -> None:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="backup")
    client.close()


def load_plugin(name: str):
    code = (WORK_DIR / "plugins" / name).read_text()
    exec(code)  # hookagent-expect: CWE-94


def load_job(path: str) -> dict:
    with open(path) as f:
        return json.load(f)


def cleanup(job_id: str) -> None:
    shutil.rmtree(WORK_DIR / job_id, ignore_errors=True)
    log.info("cleaned %s", job_id)


def serve_metrics() -> None:
    import http.server
    server = http.server.HTTPServer(("0.0.0.0", 9100), http.server.SimpleHTTPRequestHandler)  # hookagent-expect: CWE-1327
    server.serve_forever()
