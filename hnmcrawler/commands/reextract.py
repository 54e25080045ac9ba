"""``hnmcrawler reextract WARC_OR_DIR...``: the article pages of WARC files, read again by
today's layouts into the store, with no network.

Any WARC works, ours (``crawl --warc``) or another tool's: every 2xx response record of an
article URL of the sites is read the crawl's way (``warc/extraction.py``; its ``WARC-Date`` is
``fetched_at``; a page cut off or a block page, which the crawl retried and never stored, is
counted ``incomplete`` or ``blocked`` and not read) on ``--workers`` processes
(``warc/reextract.py``), and this process, the one writer, upserts the rows into the store
through its normal write path (``write_rows``): an unchanged article stays unchanged, a
changed one gets a new revision, a copy older than the stored one leaves the row as it is
(``older``: ``storage/plan.py``, so the order of the files does not matter), a row the store
refuses goes to the quarantine file. ``--since``/``--until`` keep the articles published on
those days (Vietnam time; an undated one is kept, as a crawl keeps it). ``--out`` writes them
as a feed too (``.jsonl`` or ``.csv``, put in place whole at the end). Prints a few lines of
counts, and a progress line on stderr every ``HNM_PROGRESS_LOG_INTERVAL`` seconds (a minute: a
re-extraction of the whole archive takes a while, and cron keeps stderr). Exit 1 (one line)
when a record could not be read or a file ends torn, the rest stored; a store that is down is
exit 2, a feed or quarantine file that cannot be written 4.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from hnmcrawler import settings as project
from hnmcrawler.exceptions import UsageError
from hnmcrawler.exits import ExitCode, fail
from hnmcrawler.spiders.window import DateWindow
from hnmcrawler.warc.reader import warc_files
from hnmcrawler.warc.reextract import Extraction
from hnmcrawler.warc.sinks import FeedSink, StoreSink, feed_format

STORE_HELP = "article store URI (default HNM_STORAGE_URI); '' for none"


def run_reextract(args: argparse.Namespace) -> int:
    paths = warc_files(args.warc)
    if str(args.since).strip().casefold() == "auto":
        raise UsageError("--since auto is for crawls: give a day, YYYY-MM-DD")
    window = DateWindow.from_args(args.since, args.until)
    workers = args.workers if args.workers is not None else os.cpu_count() or 1
    if workers < 1:
        raise UsageError(f"--workers takes a number of processes, 1 or more, not {workers}")
    if args.out is not None:
        feed_format(args.out)
    quarantine = Path(project.HNM_QUARANTINE_PATH) if project.HNM_QUARANTINE_PATH else None
    tally: Counter[str] = Counter()
    extraction = Extraction(paths, workers)
    progress = Progress(project.HNM_PROGRESS_LOG_INTERVAL)
    with StoreSink.opened(args.db, quarantine, tally) as store, FeedSink.opened(args.out) as feed:
        for extracted in extraction:
            progress.tick(tally)
            tally[extracted.outcome] += 1
            tally.update(extracted.counts)
            if extracted.row is None:
                continue
            tally["generic"] += extracted.generic
            if not _in_window(window, extracted.row, tally):
                continue
            store.add(extracted.row)
            feed.add(extracted.row)
    print(summary(tally, extraction, len(paths), args.out))
    return outcome(tally["unreadable"], len(extraction.torn))


class Progress:
    """A line on stderr every ``every`` seconds of a run, ``tick`` once a page read:
    ``reextract: 120000 pages read in 34 s (3529/s): 100 new, 3 changed, 119897 unchanged``."""

    def __init__(self, every: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self.started = clock()
        self.due = self.started + every
        self.pages = 0

    def tick(self, tally: Counter[str]) -> None:
        self.pages += 1
        now = self.clock()
        if now < self.due:
            return
        self.due = now + self.every
        pages, elapsed = self.pages, now - self.started
        rate = pages / elapsed if elapsed > 0 else 0.0
        print(
            f"reextract: {pages} pages read in {elapsed:.0f} s ({rate:.0f}/s): "
            f"{tally['new']} new, {tally['changed']} changed, {tally['unchanged']} unchanged, "
            f"{tally['older']} older",
            file=sys.stderr,
            flush=True,
        )


def outcome(unreadable: int, torn: int) -> int:
    """0, or 1 with one line on stderr when records were lost to unreadable bytes."""
    if not unreadable and not torn:
        return ExitCode.OK
    lost = [f"{unreadable} record{'s' * (unreadable != 1)} unreadable"] if unreadable else []
    lost += [f"{torn} WARC file{'s' * (torn != 1)} torn"] if torn else []
    return fail(f"reextract: {', '.join(lost)}; the rest stored", ExitCode.UNHEALTHY)


def _in_window(window: DateWindow, row: dict[str, Any], tally: Counter[str]) -> bool:
    published: datetime | None = row.get("published_at")
    if published is not None and window.excludes(published):
        tally["out_of_range"] += 1
        return False
    tally["kept"] += 1
    return True


def summary(tally: Counter[str], extraction: Extraction, files: int, out: Path | None) -> str:
    """``reextract: 280 articles from 1 WARC file: 3 new, 1 changed, 276 unchanged; ...``"""
    skipped = extraction.skipped
    not_articles = skipped["not_article"] + skipped["robots"]
    lines = [
        f"reextract: {tally['kept']} articles from {files} WARC file{'s' * (files != 1)}: "
        f"{tally['new']} new, {tally['changed']} changed, {tally['unchanged']} unchanged, "
        f"{tally['older']} older than the stored copy"
        + (f", {tally['refused']} refused by the store" if tally["refused"] else ""),
        f"  unknown layout {tally['unknown_layout'] + tally['generic']}"
        f" ({tally['generic']} read from their metadata); dropped {tally['dropped']}; "
        f"unreadable {tally['unreadable']}; not text {tally['not_text']}; "
        f"out of --since/--until {tally['out_of_range']}",
        f"  refused by the crawl's checks: incomplete {tally['incomplete']} (cut off), "
        f"blocked {tally['blocked']} (block or challenge pages)",
        f"  not articles {not_articles} (listings, feeds, robots.txt: {skipped['robots']}); "
        f"error or redirect status {skipped['not_ok']}; other hosts {skipped['other_host']}",
    ]
    if skipped["revisit"]:
        lines.append(
            f"  revisit records {skipped['revisit']} (a payload an earlier response holds, "
            "not stored again: read where that response is among the files)"
        )
    drops = sorted((k.rpartition("/")[2], n) for k, n in tally.items() if "/dropped/" in k)
    if drops:
        lines.append("  dropped: " + ", ".join(f"{reason} {n}" for reason, n in drops))
    lines += [f"  torn: {line}" for line in extraction.torn]
    if out is not None:
        lines.append(f"  feed: {out}")
    return "\n".join(lines)


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "reextract", help="read the article pages of WARC files again into the store"
    )
    parser.add_argument("warc", nargs="+", type=Path, help="WARC files or folders of them")
    parser.add_argument("--db", default=project.HNM_STORAGE_URI, help=STORE_HELP)
    parser.add_argument("--out", type=Path, help="also write the articles here: .jsonl or .csv")
    parser.add_argument("--since", help="first publication day, YYYY-MM-DD (Vietnam time)")
    parser.add_argument("--until", help="last publication day, YYYY-MM-DD, inclusive")
    parser.add_argument(
        "--workers", type=int, help="extraction processes (default: the number of CPUs)"
    )
    parser.set_defaults(run=run_reextract)
