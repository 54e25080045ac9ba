"""``hnmcrawler crawl --source commoncrawl`` against real servers shaped like Common Crawl's:
pywb 2.10 serving two crawls' WARCs of the bundled mirror's captures as its index
(``/{crawl}-index``, lines with ``filename``, ``offset``, ``length``), and a server of byte
ranges over the same WARC files. The older crawl holds each article's good and old
captures, the newer one what must be passed over (a soft 404, a redirect, a block page).
Every article of the section comes out once, from its newest good capture, each record
fetched by range; a paging index, pywb's own ``collinfo.json`` and a failing range are
checked too."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.e2e.archive_helpers import (
    OLD,
    UNCAPTURED,
    ArchiveServer,
    assert_read_from,
    build_warc,
    media_source,
    media_url,
    paging_index,
    pywb_crawls,
    range_server,
    section_items,
    stamp,
)
from tests.helpers import FAST, crawl_report, read_jsonl, run_hnmcrawler

pytestmark = pytest.mark.e2e

OLDER, NEWER = "CC-MAIN-2023-50", "CC-MAIN-2024-10"
WARCS = {OLDER: "older.warc.gz", NEWER: "newer.warc.gz"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    work = tmp_path_factory.mktemp("commoncrawl")
    data = work / "data"
    data.mkdir()
    best = build_warc(data / WARCS[OLDER], later=data / WARCS[NEWER])
    crawls = {crawl: [data / name] for crawl, name in WARCS.items()}
    with pywb_crawls(work / "pywb", crawls) as index:
        yield {"work": work, "data": data, "best": best, "index": index}


def index_lines(index: str, crawl: str) -> list[dict[str, str]]:
    """The 200 HTML captures pywb's index of ``crawl`` lists under the section."""
    url = f"{index}/{crawl}-index?url=hanoimoi.com.vn/Tin-tuc/Phap-luat/&matchType=prefix"
    url += "&output=json&filter=statuscode:200&filter=mimetype:text/html"
    with urllib.request.urlopen(url, timeout=10) as answer:
        return [json.loads(line) for line in answer.read().decode().splitlines()]


def place_of(index: str, url: str, when: datetime) -> dict[str, str]:
    """The index line of the capture of ``url`` at ``when`` in the older crawl."""
    lines = index_lines(index, OLDER)
    return next(line for line in lines if line["url"] == url and line["timestamp"] == stamp(when))


def crawl(
    state: dict[str, Any], index: str, data: ArchiveServer, *more: str, code: int = 0
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    work = state["work"] / f"run-{len(list(state['work'].glob('run-*')))}"
    work.mkdir()
    env = {
        "HNM_COMMONCRAWL_INDEX_URL": index,
        "HNM_COMMONCRAWL_DATA_URL": f"{data.url}/",
        "HNM_COMMONCRAWL_FAILED_PATH": str(work / "failed.jsonl"),
        "HNM_MIRROR": "",
    }
    args = ["crawl", "--source", "commoncrawl", "--sections", "Phap-luat", *more]
    args += ["--db", f"sqlite:///{work / 'store.sqlite'}", "--out", str(work / "out.jsonl")]
    args += ["--report", str(work / "report.json"), *FAST, "-s", "HNM_RETRY_BACKOFF_BASE=0.01"]
    result = run_hnmcrawler(args, work, env)
    assert result.returncode == code, result.stderr[-4000:]
    state["last"] = work
    items = read_jsonl(work / "out.jsonl") if (work / "out.jsonl").exists() else []
    return items, crawl_report(work / "report.json")


def failed_lines(state: dict[str, Any]) -> list[dict[str, Any]]:
    path = state["last"] / "failed.jsonl"
    return read_jsonl(path) if path.exists() else []


def records_asked(data: ArchiveServer) -> list[Any]:
    return [seen for seen in data.seen if seen.path.endswith(".warc.gz")]


def assert_best_captures(
    items: list[dict[str, Any]], state: dict[str, Any], data: str, *, video: bool = True
) -> None:
    """Every article of the section from its best record, and the video item (of 2017)."""
    media = [item for item in items if "/Media/" in item["url"]]
    expected_media = [(media_url(), media_source()["title"])] if video else []
    assert [(m["url"], m["title"]) for m in media] == expected_media
    items = [item for item in items if item not in media]
    expected = {item["url"]: item for item in section_items()}
    assert sorted(item["url"] for item in items) == sorted(expected)
    for item in items:
        captured, when = state["best"][item["url"]]
        line = place_of(state["index"], captured, when)
        record = f"{data}/{line['filename']}#{line['offset']}"
        assert_read_from(item, expected[item["url"]], ("commoncrawl", record, when))


def test_every_article_comes_once_from_its_newest_good_record_by_range(
    archive: dict[str, Any],
) -> None:
    with range_server(archive["data"]).running() as data:
        items, report = crawl(archive, archive["index"], data, "--crawls", f"{NEWER},{OLDER}")
    assert_best_captures(items, archive, data.url)
    counters = report["counters"]
    articles = len(section_items())
    assert counters["commoncrawl/articles_found"] == articles + 1  # and the video item
    assert counters["commoncrawl/capture_unknown_layout"] >= articles // 3
    assert counters["commoncrawl/capture_blocked"] >= articles // 3
    # Tried: the good one and before it, from the newer crawl, the soft 404 or the block page;
    # the redirects are not even listed (statuscode:200 filter).
    tried = sum(1 + (i % 3 != 1) for i in range(articles))
    assert counters["commoncrawl/captures_fetched"] == tried + 1
    # pywb: every line at once, per crawl and prefix (news, video, listing)
    assert counters["commoncrawl/cdx_unpaged"] == 2 * 3
    # The listing's two pages, read from their records: one names an article never captured.
    assert counters["commoncrawl/listing_pages_read"] == 2
    assert counters["commoncrawl/listed_without_capture"] == 1
    asked = records_asked(data)
    assert len(asked) == tried + 1 + 2
    assert all(seen.range and seen.status == 206 for seen in asked)
    lengths = [int(s.range.split("-")[1]) - int(s.range[6:].split("-")[0]) + 1 for s in asked]
    assert [seen.sent for seen in asked] == lengths  # only the record, never a whole file
    failed = failed_lines(archive)
    assert [(f["kind"], f"/{UNCAPTURED}/" in f["url"]) for f in failed] == [("listed", True)]
    assert failed[0]["listing"].startswith(f"{data.url}/{WARCS[OLDER]}#")


def test_a_paging_index_is_read_page_by_page_and_crawls_come_from_collinfo(
    archive: dict[str, Any],
) -> None:
    collinfo = [
        {"id": NEWER, "name": "Feb 2024", "from": "2024-02-20T00:00:00", "to": "2024-03-05"},
        {"id": OLDER, "name": "Dec 2023", "from": "2023-11-28T00:00:00", "to": "2023-12-12"},
        {"id": "CC-MAIN-2021-04", "from": "2021-01-15T00:00:00", "to": "2021-01-28T00:00:00"},
    ]
    pages = paging_index(archive["index"], collinfo, page_size=4)
    with pages.running() as index, range_server(archive["data"]).running() as data:
        items, report = crawl(archive, index.url, data, "--since", "2021-06-01")
    assert_best_captures(items, archive, data.url, video=False)
    queries = [seen for seen in pages.seen if seen.path.endswith("-index")]
    assert {seen.path for seen in queries} == {f"/{NEWER}-index", f"/{OLDER}-index"}
    for crawl_id in (NEWER, OLDER):
        news = "hanoimoi.com.vn/Tin-tuc/Phap-luat/"
        asked = [
            s.query for s in queries if s.path == f"/{crawl_id}-index" and s.query["url"] == news
        ]
        count = -(-len(index_lines(archive["index"], crawl_id)) // 4)
        assert count > 1
        assert asked[0]["showNumPages"] == "true"
        assert sorted(int(query["page"]) for query in asked[1:]) == list(range(count))
    counters = report["counters"]
    assert counters["commoncrawl/crawls"] == 2
    assert counters["commoncrawl/cdx_pages"] == len(queries)
    assert "commoncrawl/cdx_unpaged" not in counters


def test_pywb_s_own_collinfo_is_no_list_of_crawls_and_says_so(archive: dict[str, Any]) -> None:
    with range_server(archive["data"]).running() as data:
        items, report = crawl(archive, archive["index"], data, code=3)
    assert items == []
    assert report["counters"]["commoncrawl/collinfo_failed"] == 1
    assert [line["kind"] for line in failed_lines(archive)] == ["collinfo"]
    assert not records_asked(data)


def test_a_record_that_keeps_failing_is_recorded_and_the_next_capture_read(
    archive: dict[str, Any],
) -> None:
    url = section_items()[1]["url"]  # its newer capture is a redirect: not even listed
    captured, when = archive["best"][url]
    line = place_of(archive["index"], captured, when)
    start, length = int(line["offset"]), int(line["length"])
    broken = f"bytes={start}-{start + length - 1}"
    failing: Callable[[str, str | None], bool] = lambda _, asked: asked == broken  # noqa: E731
    with range_server(archive["data"], failing).running() as data:
        items, report = crawl(archive, archive["index"], data, "--crawls", OLDER,
                              "-s", "RETRY_TIMES=2")  # fmt: skip
    assert [s.status for s in records_asked(data) if s.range == broken] == [500, 500, 500]
    failed = failed_lines(archive)
    assert f"/{UNCAPTURED}/" in failed[0]["url"]  # the listed article no record holds
    assert [(f["kind"], f["url"], f.get("range"), f["reason"]) for f in failed] == [
        ("listed", failed[0]["url"], None, "no capture"),
        ("capture", f"{data.url}/{line['filename']}", broken, "http_500"),
    ]
    assert report["counters"]["commoncrawl/capture_failed"] == 1
    fallback = next(item for item in items if item["url"] == url)
    assert fallback["title"] == "Tin cu"  # the older capture, read instead
    assert datetime.fromisoformat(fallback["captured_at"]) == OLD + timedelta(minutes=1)
    assert len(items) == len(section_items()) + 1  # and the video item
