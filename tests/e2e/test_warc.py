"""A crawl of the mirror with ``--warc``, and what its WARC is good for: ``hnmcrawler reextract``
into a new store gives the crawl's rows, a layout change re-extracted makes revisions of the
articles it changed and no others, pywb indexes and replays it; a WARC that cannot be written
is exit 4."""

from __future__ import annotations

import json
import re
import resource
import sqlite3
import subprocess
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from hnmcrawler.mirror.server import MirrorServer, resolve_file
from tests.helpers import FAST, MIRROR, pywb_collection, run_hnmcrawler, run_python

pytestmark = pytest.mark.e2e

# When each copy was read and by which run, and where it came from (the crawl: live; the
# re-extraction: the WARC record), checked on their own below.
SEEN_COLUMNS = (
    "fetched_at",
    "copied_at",
    "confirmed_at",
    "first_seen_at",
    "last_seen_at",
    "source",
    "capture_url",
    "captured_at",
)
"""When the crawl and the re-extraction read the page: not the article (see the test)."""


def articles(db: Path) -> dict[tuple[str, int], dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM articles").fetchall()
    return {(r["site"], r["article_id"]): dict(r) for r in rows}


def revisions(db: Path) -> list[tuple[str, int, int]]:
    with sqlite3.connect(db) as conn:
        query = "SELECT site, article_id, revision FROM article_revisions ORDER BY 1, 2"
        return [tuple(row) for row in conn.execute(query)]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One crawl of the legacy site's mirror with ``--warc``: ``crawl.sqlite``, ``warc/``."""
    work = tmp_path_factory.mktemp("warc")
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        args = ["crawl", "--mirror", server.url, "--db", f"sqlite:///{work / 'crawl.sqlite'}"]
        args += ["--warc", str(work / "warc"), "--report", str(work / "report.json"), *FAST]
        result = run_hnmcrawler(args, work)
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    return work


def reextract(work: Path, db: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_hnmcrawler(["reextract", str(work / "warc"), "--db", f"sqlite:///{db}", *more], work)


def test_reextract_into_a_new_store_gives_the_crawl_s_rows(crawled: Path) -> None:
    db = crawled / "again.sqlite"
    result = reextract(crawled, db, "--workers", "2")
    assert result.returncode == 0, result.stderr
    crawl, again = articles(crawled / "crawl.sqlite"), articles(db)
    assert len(crawl) > 150
    assert again.keys() == crawl.keys()
    for key, row in crawl.items():
        # Every column but when the page was read: the crawl stamps fetched_at as the spider
        # parses, the WARC when the response arrived (ms before); the store's seen-at times
        # are when each run wrote. content_hash and revision are compared, with the text.
        same = {c: v for c, v in row.items() if c not in SEEN_COLUMNS}
        assert {c: v for c, v in again[key].items() if c not in SEEN_COLUMNS} == same
        gap = datetime.fromisoformat(row["fetched_at"]) - datetime.fromisoformat(
            again[key]["fetched_at"]
        )
        assert abs(gap.total_seconds()) < 5
        assert (row["source"], row["capture_url"], row["captured_at"]) == ("live", None, None)
        assert again[key]["source"] == "warc"
        assert re.fullmatch(r"file:hnm-[\w-]+\.warc\.gz#\d+", again[key]["capture_url"])
        assert again[key]["captured_at"] == again[key]["fetched_at"]
    assert f"{len(crawl)} new, 0 changed, 0 unchanged" in result.stdout
    assert "not articles" in result.stdout
    assert "robots.txt: 1" in result.stdout

    twice = reextract(crawled, db, "--workers", "1")
    assert f"0 new, 0 changed, {len(crawl)} unchanged" in twice.stdout
    assert revisions(db) == []


CHANGED_LAYOUT = """
import sys
from hnmcrawler.commands import main
from hnmcrawler.layouts import era_2017

read_title = era_2017.Era2017Article.title
era_2017.Era2017Article.title = lambda self: read_title(self) + " (đã sửa)"
main(sys.argv[1:])
"""


def reextract_with_a_layout_fix(
    crawled: Path, db: Path, workers: int
) -> subprocess.CompletedProcess[str]:
    """``hnmcrawler reextract`` of the crawl's WARC into ``db``, era_2017 titles changed."""
    args = ["-c", CHANGED_LAYOUT, "reextract", str(crawled / "warc"), "--db", f"sqlite:///{db}"]
    result = run_python([*args, "--workers", str(workers)], crawled, timeout=180)
    assert result.returncode == 0, result.stderr
    return result


def test_a_layout_change_reextracted_revises_exactly_the_articles_it_changes(
    crawled: Path,
) -> None:
    db = crawled / "revised.sqlite"
    assert reextract(crawled, db).returncode == 0
    before = articles(db)
    era_2017 = {key for key, row in before.items() if row["layout"] == "era_2017"}
    assert 0 < len(era_2017) < len(before)

    result = reextract_with_a_layout_fix(crawled, db, workers=2)
    unchanged = len(before) - len(era_2017)
    assert f"0 new, {len(era_2017)} changed, {unchanged} unchanged" in result.stdout
    after = articles(db)
    assert {k for k in after if after[k]["title"].endswith(" (đã sửa)")} == era_2017
    assert {k for k in after if after[k]["revision"] == 2} == era_2017
    assert {(s, a) for s, a, _ in revisions(db)} == era_2017  # revision 1 kept, as it was

    def kept(row: dict[str, Any]) -> dict[str, Any]:  # an unchanged row is only seen again
        return {c: v for c, v in row.items() if c not in ("fetched_at", "last_seen_at")}

    assert all(kept(after[k]) == kept(before[k]) for k in before.keys() - era_2017)


@pytest.mark.parametrize("fetched_again", [False, True], ids=["as crawled", "fetched again"])
def test_the_crawl_s_own_warc_with_a_layout_fix_revises_the_crawl_s_store(
    crawled: Path, fetched_again: bool
) -> None:
    """The WARC record is dated as the response arrives, the crawl's row as the spider parses,
    a moment later: the same fetch, so the fix replaces the row, never counted older. So it
    does when a later crawl found the same content (``fetched_at`` and ``confirmed_at`` a day
    on): the page read again is the one the row's content came from (``copied_at``)."""
    db = crawled / f"fixed-{fetched_again}.sqlite"
    db.write_bytes((crawled / "crawl.sqlite").read_bytes())
    if fetched_again:  # as a crawl a day later that found every article unchanged
        a_day_on(db, "fetched_at")
        a_day_on(db, "confirmed_at")
    before = articles(db)
    era_2017 = {key for key, row in before.items() if row["layout"] == "era_2017"}
    result = reextract_with_a_layout_fix(crawled, db, workers=1)
    unchanged = len(before) - len(era_2017)
    assert f"0 new, {len(era_2017)} changed, {unchanged} unchanged, 0 older" in result.stdout
    after = articles(db)
    assert {k for k in after if after[k]["revision"] == 2} == era_2017
    assert all(after[k]["fetched_at"] == before[k]["fetched_at"] for k in before.keys() - era_2017)


def a_day_on(db: Path, column: str) -> None:
    """Move ``column`` of every article a day on (SQLite holds naive UTC text)."""
    with sqlite3.connect(db) as conn:
        for site, article_id, text in conn.execute(
            f"SELECT site, article_id, {column} FROM articles"
        ).fetchall():
            later = datetime.fromisoformat(text) + timedelta(days=1)
            conn.execute(
                f"UPDATE articles SET {column} = ? WHERE site = ? AND article_id = ?",
                (later.strftime("%Y-%m-%d %H:%M:%S.%f"), site, article_id),
            )


def warc_responses(folder: Path) -> dict[str, bytes]:
    """URL -> payload as stored (still encoded, if it was) of every response record."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    found[record.rec_headers.get_header("WARC-Target-URI")] = (
                        record.raw_stream.read()
                    )
    return found


@pytest.fixture(scope="module")
def wayback(crawled: Path) -> Iterator[str]:
    """pywb (its own venv, ``.ci/services`` makes it) serving the crawl's WARC."""
    with pywb_collection(crawled / "pywb", sorted((crawled / "warc").glob("*.gz"))) as url:
        yield url


def cdx(wayback: str, url: str) -> list[dict[str, str]]:
    query = urllib.parse.urlencode({"url": url, "matchType": "domain", "output": "json"})
    with urllib.request.urlopen(f"{wayback}/cdx?{query}", timeout=30) as answer:
        return [json.loads(line) for line in answer.read().decode().splitlines() if line]


def test_pywb_lists_every_response_and_replays_the_bytes_the_crawl_saw(
    crawled: Path, wayback: str
) -> None:
    stored = warc_responses(crawled / "warc")
    listed = [
        line for line in cdx(wayback, "hanoimoi.com.vn") if line.get("mime") != "warc/request"
    ]
    assert {line["url"] for line in listed} == set(stored)
    article = next(u for u in stored if "/Tin-tuc/" in u)
    entry = next(line for line in listed if line["url"] == article)
    replay = f"{wayback}/{entry['timestamp']}id_/{article}"
    with urllib.request.urlopen(replay, timeout=30) as answer:
        body = answer.read()
    assert body == stored[article]
    served = resolve_file(MIRROR, "/hanoimoi.com.vn" + urllib.parse.urlsplit(article).path)
    assert served is not None
    assert body == served.read_bytes()


def test_a_warc_folder_that_cannot_be_made_is_exit_4_before_any_request(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    args = ["crawl", "--mirror", mirror.url, "--db", "", "--warc", str(tmp_path / "a-file" / "w")]
    result = run_hnmcrawler([*args, "--report", str(tmp_path / "r.json")], tmp_path)
    assert result.returncode == 4, result.stderr
    assert "a-file" in result.stderr
    assert sum(mirror.requests.values()) == 0


def test_a_full_disk_under_the_warc_stops_the_crawl_with_exit_4(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    """RLIMIT_FSIZE: a write past 256 KB fails with EFBIG, as on a full disk."""
    args = ["crawl", "--mirror", mirror.url, "--db", "", *FAST]
    args += ["--warc", str(tmp_path / "warc"), "--report", str(tmp_path / "r.json")]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    result = run_hnmcrawler(args, tmp_path, preexec_fn=limit)
    assert result.returncode == 4, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert "WARC file" in last
    assert "exit 4" in last
