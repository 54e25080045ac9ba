"""``hnmcrawler export`` and ``hnmcrawler store replay``: the store seen from the terminal.

Both return an exit code; a store that cannot be opened raises, and ``commands.run`` prints
it as one line.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from hnmcrawler.dates import VIETNAM_TZ, parse_day
from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.deadletter import replay
from hnmcrawler.storage.export import export_articles
from hnmcrawler.storage.uri import DEFAULT_URI


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


def add_parser(commands: Any) -> None:
    export_parser = commands.add_parser("export", help="write the store's articles as JSONL or CSV")
    export_parser.add_argument("--db", default=DEFAULT_URI, help=f"store URI ({DEFAULT_URI})")
    export_parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export_parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    export_parser.add_argument("--since", help="first day, YYYY-MM-DD (Vietnam time)")
    export_parser.add_argument("--until", help="last day, YYYY-MM-DD, inclusive")
    export_parser.add_argument("--section", help="section display name, e.g. 'Kinh tế'")
    export_parser.set_defaults(run=_export)

    store = commands.add_parser("store", help="maintain the article store")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    replay_parser = store_commands.add_parser(
        "replay", help="load a dead-letter file into the store"
    )
    replay_parser.add_argument("--db", default=DEFAULT_URI, help=f"store URI ({DEFAULT_URI})")
    replay_parser.add_argument("--file", type=Path, default=Path("out/dead-letter.jsonl"))
    replay_parser.set_defaults(run=_replay)


def _export(args: argparse.Namespace) -> int:
    return export(args.db, args.format, args.out, args.since, args.until, args.section)


def _replay(args: argparse.Namespace) -> int:
    return replay_dead_letters(args.db, args.file)
