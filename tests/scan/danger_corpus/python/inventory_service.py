"""Inventory service: ordinary application code with no marked lines (false-positive check)."""
from __future__ import annotations

import argparse
import csv
import getpass
import hashlib
import json
import logging
import os
import random
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import requests
import yaml
from sqlalchemy import Column, Integer, String, create_engine, select, text
from sqlalchemy.orm import Session, declarative_base

log = logging.getLogger("inventory")
Base = declarative_base()
API_BASE = os.environ.get("INVENTORY_API", "https://inventory.example.com/api/v2")
RETRY_STATUSES = {429, 502, 503, 504}


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    sku = Column(String(32), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    quantity = Column(Integer, default=0)


@dataclass
class Settings:
    database_url: str
    warehouse: str
    batch_size: int = 500
    tags: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> "Settings":
        with path.open() as fh:
            raw = yaml.safe_load(fh) or {}
        password = os.environ.get("INVENTORY_DB_PASSWORD") or getpass.getpass("Database password: ")
        url = raw["database_url"].replace("{password}", password)
        return cls(database_url=url, warehouse=raw.get("warehouse", "main"), tags=raw.get("tags", []))


def backoff(attempt: int, base: float = 0.5) -> float:
    # Exponential back-off with jitter so that clients do not retry in lockstep.
    return min(30.0, base * 2 ** attempt) * (0.5 + random.random() / 2)


def fetch_stock(session: requests.Session, warehouse: str, page: int) -> dict:
    url = f"{API_BASE}/warehouses/{warehouse}/stock"
    for attempt in range(5):
        resp = session.get(url, params={"page": page}, timeout=15)
        if resp.status_code not in RETRY_STATUSES:
            resp.raise_for_status()
            return resp.json()
        time.sleep(backoff(attempt))
    raise RuntimeError(f"giving up on {url} after 5 attempts")


def upsert_items(db: Session, rows: Iterable[dict]) -> int:
    count = 0
    for row in rows:
        item = db.execute(select(Item).where(Item.sku == row["sku"])).scalar_one_or_none()
        if item is None:
            item = Item(sku=row["sku"], name=row["name"])
            db.add(item)
        item.quantity = int(row["quantity"])
        count += 1
    db.commit()
    log.info("Updated %d items; select a warehouse from the list to see details", count)
    return count


def low_stock(db: Session, threshold: int) -> list[tuple[str, int]]:
    rows = db.execute(text("SELECT sku, quantity FROM items WHERE quantity < :limit ORDER BY quantity"),
                      {"limit": threshold})
    return [(r.sku, r.quantity) for r in rows]


def export_csv(rows: list[tuple[str, int]], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"low-stock-{time.strftime('%Y%m%d')}.csv"
    with target.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["sku", "quantity"])
        writer.writerows(rows)
    return target


def dedupe_key(record: dict) -> str:
    # Stable key for de-duplicating feed records; not used for anything secret.
    payload = json.dumps(record, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def git_revision(repo: Path) -> str:
    out = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True, check=False)
    return out.stdout.strip() or "unknown"


def sample_for_audit(skus: list[str], k: int = 20) -> list[str]:
    rng = random.Random(int(time.strftime("%Y%m%d")))
    return rng.sample(skus, min(k, len(skus)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, default=Path("inventory.yaml"))
    parser.add_argument("--threshold", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("reports"))
    args = parser.parse_args(argv)

    settings = Settings.load(args.config)
    engine = create_engine(settings.database_url, pool_pre_ping=True)
    Base.metadata.create_all(engine)
    with requests.Session() as http, Session(engine) as db, tempfile.TemporaryDirectory() as tmp:
        http.headers["Authorization"] = f"Bearer {os.environ['INVENTORY_TOKEN']}"
        page = 1
        while True:
            data = fetch_stock(http, settings.warehouse, page)
            upsert_items(db, data["items"])
            if not data.get("next"):
                break
            page += 1
        report = export_csv(low_stock(db, args.threshold), args.out)
        log.info("report %s (%s) written, scratch dir %s, revision %s", report, file_digest(report), tmp,
                 git_revision(Path.cwd()))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    raise SystemExit(main())
