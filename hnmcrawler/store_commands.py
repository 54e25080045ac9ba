"""``hnmcrawler store replay`` and ``hnmcrawler export``: the store seen from the terminal.

Both return an exit code and print one line on error (the CLI turns exceptions into that).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.spiders.base import parse_day
from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.deadletter import replay
from hnmcrawler.storage.export import export_articles


def replay_dead_letters(uri: str, path: Path) -> int:
    """Load a dead-letter file into the store; print how many articles went in."""
    if not path.exists():
        print(f"nothing to replay: {path} does not exist")
        return 0
    store = store_from_uri(uri)
    store.open()
    try:
        count = replay(path, store, seen_at=datetime.now(VIETNAM_TZ))
    finally:
        store.close()
    print(f"replayed {count} articles from {path} into the store")
    return 0


def export(
    uri: str,
    fmt: Literal["jsonl", "csv"],
    out: Path | None,
    since: str | None,
    until: str | None,
    section: str | None,
) -> int:
    """Write the store's latest revisions as JSON Lines or CSV to a file or stdout."""
    start = parse_day(since)
    end_day = parse_day(until)
    end = end_day + timedelta(days=1) if end_day else None  # until is an inclusive day
    store = store_from_uri(uri)
    store.open()
    try:
        if out is None:
            count = export_articles(store, sys.stdout, fmt, since=start, until=end, section=section)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = export_articles(store, handle, fmt, since=start, until=end, section=section)
    finally:
        store.close()
    print(f"exported {count} articles", file=sys.stderr)
    return 0
