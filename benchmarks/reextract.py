"""``hnmcrawler reextract`` and WARC capture on the generated mirror, figures only.

Builds (once) the generated mirror ``benchmarks/crawl.py`` uses, then, side by side in one
run: the full crawl without and with ``HNM_WARC_DIR`` (``crawl.run``: its own process, its
own fast server, AutoThrottle off), alternated ``--rounds`` times, each round's ratio and their
median (this machine is noisy); the WARC bytes per article, and on that WARC
``hnmcrawler reextract`` into a new SQLite store with one worker and with every CPU, against
a floor that only reads the WARC's article records (warcio, each record decompressed once)
and parses each page with lxml.
Reextract times include the command's start-up (about a second)::

    .venv/bin/python benchmarks/reextract.py [--articles 20000] [--workers N] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import crawl as crawl_bench  # noqa: E402
import lxml.html  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from hnmcrawler.warc.reader import Entry, Place, record_date, warc_files  # noqa: E402
from hnmcrawler.warc.reextract import kind_of  # noqa: E402


def floor(paths: list[Path]) -> tuple[int, float]:
    """Article pages read from the WARC and parsed with lxml: (pages, seconds). One pass per
    file with warcio, each record decompressed once; the payload decoded as reextract's is."""
    started, pages = time.perf_counter(), 0
    for path in paths:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
                status = int(record.http_headers.get_statuscode() or 0)
                # no offset: warcio finds one only by reading the record through first
                entry = Entry(url, status, record_date(record), Place(path, 0, 0))
                if kind_of(entry) == "article":
                    lxml.html.document_fromstring(record.content_stream().read())
                    pages += 1
    return pages, time.perf_counter() - started


def reextract(folder: Path, work: Path, workers: int) -> float:
    db = work / f"re-{workers}.sqlite"
    db.unlink(missing_ok=True)
    command = [sys.executable, "-m", "hnmcrawler", "reextract", str(folder)]
    command += ["--db", f"sqlite:///{db}", "--workers", str(workers)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"reextract failed:\n{result.stderr[-3000:]}")
    print("   ", result.stdout.splitlines()[0])
    return seconds


def crawls(mirror: Path, work: Path, rounds: int) -> Path:
    """The crawl without and with WARC, alternated; prints each round and the median ratio.
    Returns the last round's WARC folder."""
    ratios, warc = [], work / "warc"
    for n in range(rounds):
        plain = crawl_bench.run("full", mirror, work, f"plain-{n}")
        for old in warc_files([warc]) if warc.exists() else []:
            old.unlink()
        kept = crawl_bench.run(
            "full", mirror, work, f"warc-{n}", extra=["-s", f"HNM_WARC_DIR={warc}"]
        )
        ratios.append(kept.rate / plain.rate)
        print(
            f"round {n + 1}: without WARC {plain.rate:,.0f} pages/s ({plain.items:,} articles),"
            f" with {kept.rate:,.0f} pages/s ({kept.items:,}), {ratios[-1]:.2f}x"
        )
    print(f"crawl with WARC / without: {statistics.median(ratios):.2f}x (median of {rounds})")
    size = sum(p.stat().st_size for p in warc_files([warc]))
    print(f"WARC: {size / 1e6:,.1f} MB, {size / max(kept.items, 1):,.0f} bytes an article")
    return warc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    mirror = crawl_bench.ensure_mirror(
        Path(tempfile.gettempdir()) / f"hnm-bench-mirror-{args.articles}", args.articles, 7
    )
    with tempfile.TemporaryDirectory(prefix="hnm-bench-warc-") as tmp:
        work = Path(tmp)
        warc = crawls(mirror, work, args.rounds)
        pages, seconds = floor(warc_files([warc]))
        base = pages / seconds
        print(f"floor (warcio + lxml): {base:,.0f} pages/s ({pages:,} article pages)")
        one = pages / reextract(warc, work, 1)
        print(f"reextract, 1 worker:  {one:,.0f} pages/s, {one / base:.2f}x the floor")
        many = pages / reextract(warc, work, args.workers)
        print(f"reextract, {args.workers} workers: {many:,.0f} pages/s, {many / one:.2f}x one")


if __name__ == "__main__":
    main()
