"""How fast the article store takes articles: batched transactions against one row per transaction.

Prints articles/s into SQLite (a temporary file) and PostgreSQL (a temporary database
``hnm_bench_<random>`` created through ``--postgres`` and dropped afterwards). Figures only,
no asserts. Run from the repository root (``PYTHONPATH=.`` if hnmcrawler is not installed)::

    .venv/bin/python benchmarks/store.py [--count 10000] [--batch 200] [--single 1000]
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from hnmcrawler.storage import SQLArticleStore
from hnmcrawler.storage.uri import store_url

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SEEN = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
PARAGRAPH = (
    "Sáng nay, UBND thành phố Hà Nội tổ chức hội nghị triển khai kế hoạch phát triển hạ tầng "
    "giao thông, trong đó tập trung vào các tuyến đường vành đai và đường sắt đô thị. "
)


def generated_articles(count: int, first_id: int = 1) -> list[dict[str, Any]]:
    """Articles about the size of real ones (a 3 KB body, two images)."""
    start = datetime(2020, 1, 1, 7, 0, tzinfo=VIETNAM)
    return [
        {
            "url": f"https://hanoimoi.vn/bai-viet-{n}.html",
            "site": "hanoimoi.vn",
            "article_id": n,
            "layout": "era_2023",
            "section": ("Đô thị", "Chính trị", "Kinh tế", "Thể thao")[n % 4],
            "subsection": None,
            "title": f"Hà Nội đẩy nhanh tiến độ dự án số {n}",
            "sapo": PARAGRAPH,
            "body": "\n\n".join(f"{PARAGRAPH} ({n}.{p})" * 3 for p in range(7)),
            "authors": ["Minh Anh"],
            "tags": ["hạ tầng", "giao thông"],
            "images": [
                {"url": f"https://hanoimoi.vn/anh/{n}-{i}.jpg", "caption": "Ảnh"} for i in (1, 2)
            ],
            "published_text": "07:00 01/01/2020",
            "published_at": start + timedelta(minutes=n),
            "updated_at": None,
            "fetched_at": SEEN,
        }
        for n in range(first_id, first_id + count)
    ]


def rate(store: SQLArticleStore, rows: list[dict[str, Any]], batch: int) -> float:
    """Articles per second writing ``rows`` in transactions of ``batch`` rows."""
    began = time.perf_counter()
    for start in range(0, len(rows), batch):
        store.write_batch(rows[start : start + batch], seen_at=SEEN)
    return len(rows) / (time.perf_counter() - began)


def measure(name: str, uri: str, count: int, batch: int, single_count: int) -> None:
    store = SQLArticleStore(url=uri)
    store.open()
    try:
        batched_rows = generated_articles(count)
        batched = rate(store, batched_rows, batch)
        unchanged = rate(store, batched_rows, batch)
        single = rate(store, generated_articles(single_count, first_id=count + 1), 1)
    finally:
        store.close()
    print(f"{name}:")
    print(f"  new, {batch} per transaction:        {batched:7.0f} articles/s ({count} articles)")
    print(
        f"  unchanged, {batch} per transaction:  {unchanged:7.0f} articles/s (same {count} again)"
    )
    print(f"  new, 1 per transaction:          {single:7.0f} articles/s ({single_count} articles)")
    print(f"  batched / one-row ratio (new):   {batched / single:7.1f}x")


@contextmanager
def postgres_database(admin_uri: str) -> Iterator[str]:
    """A temporary database on the server of ``admin_uri``, dropped on exit."""
    name = f"hnm_bench_{secrets.token_hex(4)}"
    admin = create_engine(store_url(admin_uri), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        yield admin_uri.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def run_backend(name: str, body: Callable[[], None]) -> None:
    try:
        body()
    except DBAPIError as exc:
        print(f"{name}: skipped, server unreachable ({type(exc.orig).__name__})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="articles per batched run")
    parser.add_argument("--batch", type=int, default=200, help="articles per transaction")
    parser.add_argument("--single", type=int, default=1_000, help="articles, one per transaction")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(
        f"batched runs write {args.count} new articles, then the same ones unchanged; "
        f"the one-row-per-transaction run writes {args.single} other new articles (it is slow)"
    )
    with tempfile.TemporaryDirectory() as folder:
        uri = "sqlite:///" + str(Path(folder) / "bench.sqlite")
        measure("SQLite", uri, args.count, args.batch, args.single)

    def postgres() -> None:
        with postgres_database(args.postgres) as uri:
            measure("PostgreSQL", uri, args.count, args.batch, args.single)

    run_backend("PostgreSQL", postgres)


if __name__ == "__main__":
    main()
