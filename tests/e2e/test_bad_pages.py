"""The bad-pages corpus (``tests/bad_pages``), crawled over HTTP by the unchanged spiders.

``archive`` walks the corpus's three listings, ``urls`` fetches each page by itself; both
against a mirror of the corpus on 127.0.0.1, into a SQLite store of their own. Every page
must end as the table says (a stored article with its fields, or a drop counted and logged
once), with no error logged, nothing fetched twice, off-site or against robots.txt.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.bad_pages.cases import (
    CASES,
    CHINH_TRI,
    KINH_TE,
    LISTING_PATHS,
    MANY_ARTICLES,
    MAX_SIZE,
    OFFSITE_NEXT_LINKS,
    REPEATED_NEXT_LINKS,
    SITE,
    WARN_SIZE,
    XA_HOI,
    Case,
    Dropped,
    Stored,
    many_article_url,
    write_generated,
)
from tests.helpers import assert_no_warning_raised, start_python

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]

NOT_ARTICLES = ("javascript:void(0)", "http://evil.example/Tin-tuc/Kinh-te/990001/bai-sai-cu-phap")
ROBOTS = "/hanoimoi.com.vn/robots.txt"
# Run in a child process (one reactor each): the project's settings, the stats as JSON.
RUN = """
import json, sys
from pathlib import Path
from hnmcrawler.commands.crawl import project_settings, run_spider
settings, spider, args, out = json.loads(sys.argv[1])
stats = run_spider(spider, project_settings(settings), **args)
Path(out).write_text(json.dumps(stats, default=str), encoding="utf-8")
"""


@dataclass
class Crawl:
    """What one crawl of the corpus left: stats, log, stored rows, the mirror's request log."""

    stats: dict[str, Any]
    log: str
    rows: dict[str, dict[str, Any]]
    requests: dict[str, int]


def start(
    spider: str, args: dict[str, str], mirror: MirrorServer, work: Path
) -> subprocess.Popen[str]:
    work.mkdir()
    settings = {
        "HNM_MIRROR": mirror.url,
        "HNM_STORAGE_URI": f"sqlite:///{work / 'a.sqlite'}",
        "HNM_REPORT_PATH": str(work / "report.json"),
        "HNM_DEAD_LETTER_PATH": str(work / "dead-letter.jsonl"),
        "LOG_LEVEL": "DEBUG",  # robots.txt refusals are logged at DEBUG
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_MAXSIZE": MAX_SIZE,
        "DOWNLOAD_WARNSIZE": WARN_SIZE,
        "DOWNLOAD_TIMEOUT": 10,
        "HNM_RETRY_BACKOFF_BASE": 0.05,
        "CLOSESPIDER_TIMEOUT": 60,  # a hang ends the crawl, and the finish_reason shows it
        # The corpus is mostly bad pages on purpose: its unknown layouts are no redesign.
        "HNM_HEALTH_MAX_UNKNOWN_LAYOUT_SHARE": 0.5,
    }
    payload = json.dumps([settings, spider, args, str(work / "stats.json")])
    return start_python(
        ["-c", RUN, payload], work, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )


def finish(process: subprocess.Popen[str], mirror: MirrorServer, work: Path) -> Crawl:
    _, log = process.communicate(timeout=100)
    assert process.returncode == 0, log[-3000:]
    assert_no_warning_raised(log)
    with sqlite3.connect(work / "a.sqlite") as conn:
        conn.row_factory = sqlite3.Row
        rows = {row["url"]: dict(row) for row in conn.execute("select * from articles")}
    stats = json.loads((work / "stats.json").read_text(encoding="utf-8"))
    return Crawl(stats, log, rows, dict(mirror.requests))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad_pages") / "site"
    shutil.copytree(SITE, root)
    write_generated(root)
    return root


def serve(root: Path) -> MirrorServer:
    server = MirrorServer(root)
    server.content_types = {c.path: c.content_type for c in CASES if c.content_type}
    server.start_in_thread()
    return server


@pytest.fixture(scope="module")
def crawls(corpus: Path) -> Iterator[dict[str, Crawl]]:
    """Both crawls, side by side, each against a mirror of its own."""
    work = corpus.parent
    archive, urls = serve(corpus), serve(corpus)
    try:
        sections = ",".join([KINH_TE, XA_HOI, CHINH_TRI])
        first = start("archive", {"sections": sections}, archive, work / "archive")
        page_urls = ",".join([*(c.url for c in CASES), *NOT_ARTICLES])
        second = start("urls", {"urls": page_urls}, urls, work / "urls")
        yield {
            "archive": finish(first, archive, work / "archive"),
            "urls": finish(second, urls, work / "urls"),
        }
    finally:
        for server in (archive, urls):
            server.shutdown()
            server.server_close()


def case_id(case: Case) -> str:
    return case.name


@pytest.mark.parametrize("spider", ["archive", "urls"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_page_ends_as_the_table_says(
    crawls: dict[str, Crawl], spider: str, case: Case
) -> None:
    crawl = crawls[spider]
    if isinstance(case.outcome, Stored):
        assert_stored(crawl, case, case.outcome)
    else:
        assert_dropped(crawl, case, case.outcome)


def assert_stored(crawl: Crawl, case: Case, expected: Stored) -> None:
    row = crawl.rows.get(case.url)
    assert row is not None, f"not stored: {case.url}"
    got = Stored(
        title=row["title"],
        sapo=row["sapo"],
        body=row["body"],
        authors=tuple(json.loads(row["authors"])),
        published_at=row["published_at"],
        section=row["section"],
    )
    assert got == expected
    for text in (row["title"], row["sapo"], row["body"]):
        assert unicodedata.is_normalized("NFC", text)
        assert "\ufffd" not in text
    assert crawl.requests[case.path] == 1


def assert_dropped(crawl: Crawl, case: Case, expected: Dropped) -> None:
    assert case.url not in crawl.rows
    same_stat = [c for c in CASES if isinstance(c.outcome, Dropped) and c.outcome == expected]
    assert crawl.stats.get(expected.stat) == len(same_stat)
    lines = [line for line in crawl.log.splitlines() if expected.log in line and case.url in line]
    assert len(lines) == 1, lines


@pytest.mark.parametrize("spider", ["archive", "urls"])
def test_the_crawl_finishes_without_an_error_or_an_exception(
    crawls: dict[str, Crawl], spider: str
) -> None:
    crawl = crawls[spider]
    assert crawl.stats["finish_reason"] == "finished"
    assert "log_count/ERROR" not in crawl.stats, crawl.log[-3000:]
    assert not [key for key in crawl.stats if key.startswith("spider_exceptions/")]
    assert "Traceback" not in crawl.log


def test_archive_fetches_each_page_once_and_nothing_else(crawls: dict[str, Crawl]) -> None:
    """No page twice (looping and self-referring "next" links included), nothing off-site,
    nothing robots.txt disallows, none of the 2,000 sidebar links."""
    disallowed = {c.path for c in CASES if c.path.startswith("/hanoimoi.com.vn/Tin-tuc/Bi-mat/")}
    assert disallowed
    expected = {ROBOTS, *LISTING_PATHS, *(c.path for c in CASES)} - disallowed
    expected |= {"/" + many_article_url(n).removeprefix("http://") for n in range(MANY_ARTICLES)}
    assert crawls["archive"].requests == dict.fromkeys(expected, 1)


def test_archive_ends_looping_next_links_and_drops_off_site_ones(crawls: dict[str, Crawl]) -> None:
    stats = crawls["archive"].stats
    assert stats["hnm/listing/repeated"] == REPEATED_NEXT_LINKS
    assert stats["hnm/offsite/dropped"] == OFFSITE_NEXT_LINKS
    assert stats["hnm/listing/pages"] == len(LISTING_PATHS)


def test_a_listing_of_thousands_of_links_stores_each_article_once(
    crawls: dict[str, Crawl],
) -> None:
    rows = crawls["archive"].rows
    assert {many_article_url(n) for n in range(MANY_ARTICLES)} <= set(rows)
    stored = sum(isinstance(c.outcome, Stored) for c in CASES)
    assert len(rows) == stored + MANY_ARTICLES


def test_urls_skips_what_is_not_an_article_and_fetches_each_page_once(
    crawls: dict[str, Crawl],
) -> None:
    crawl = crawls["urls"]
    assert crawl.stats["hnm/urls/not_article"] == len(NOT_ARTICLES)
    disallowed = {c.path for c in CASES if c.path.startswith("/hanoimoi.com.vn/Tin-tuc/Bi-mat/")}
    expected = {ROBOTS, *(c.path for c in CASES)} - disallowed
    assert crawl.requests == dict.fromkeys(expected, 1)


def test_the_windows_1258_pages_are_windows_1258_bytes_with_combining_tone_marks() -> None:
    for case in CASES:
        if "windows-1258 bytes" not in case.name:
            continue
        data = (SITE / case.url.removeprefix("http://")).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "\u0301" in data.decode("cp1258")  # an acute accent as a combining mark


def test_the_committed_corpus_stays_small() -> None:
    files = [path for path in SITE.rglob("*") if path.is_file()]
    assert files
    assert max(path.stat().st_size for path in files) < 8 * 1024
