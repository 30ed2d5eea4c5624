"""Safe twins of constructs that noisy rules used to flag (issue 12): nothing here
should be reported. Settings read from the environment, archives opened with
zipfile, digests that only name cache files, documentation links."""
import hashlib
import os
import zipfile
from pathlib import Path

import requests

DB_PASSWORD = os.environ["DB_PASSWORD"]
SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
admin_password = os.getenv("ADMIN_PASSWORD")
REDIS_PASS = os.environ.get("REDIS_PASS")
CA_BUNDLE = "/etc/ssl/certs/internal-ca.pem"

# API reference: https://api.example.com/v1/docs?api_key=0f3c9a7d2b8e4f61a5c0d9e7b3a1f428
DOCS_URL = "https://docs.example.com/reports?token=9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"


def unpack_bundle(bundle: Path, dest: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(dest)


def unpack_plugin(path: Path, dest: Path) -> None:
    zf = zipfile.ZipFile(path)
    zf.extractall(path=dest)
    zf.close()


def cache_path(url: str, root: Path) -> Path:
    name = hashlib.md5(url.encode("utf-8")).hexdigest() + ".json"
    return root / name


def cached_thumbnail(image_id: str) -> Path:
    cache_name = hashlib.sha1(image_id.encode()).hexdigest()
    return Path("/var/cache/thumbs") / cache_name


def etag_for(body: bytes) -> str:
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def fetch_report(session: requests.Session, report_id: str) -> dict:
    response = session.get(f"https://reports.internal/{report_id}", verify=CA_BUNDLE, timeout=10)
    response.raise_for_status()
    return response.json()


def connect_db(driver):
    return driver.connect(host="db", user="app", password=DB_PASSWORD)
