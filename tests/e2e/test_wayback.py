"""``hnmcrawler crawl --source wayback`` against a real pywb holding captures of the bundled
mirror: several captures per article (an older one with other text, URL case and ``www.``
variants), newer captures that must be passed over (a soft 404, a redirect, a block page),
a video item under ``/Media/`` and two pages of the section's listing. Every article of the
section comes out once, from its newest good capture; the listing says which article the
archive lacks. A server answering as the Internet Archive's CDX does (resume keys) pages,
replays redirects and loses a page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from hnmcrawler.layouts import parse_listing
from hnmcrawler.urls import article_key
from tests.e2e.archive_helpers import (
    LISTED_ELSEWHERE,
    LISTING,
    UNCAPTURED,
    Seen,
    assert_read_from,
    build_warc,
    ia_cdx,
    media_source,
    media_url,
    page,
    section_items,
    stamp,
)
from tests.helpers import FAST, crawl_report, pywb_collection, read_jsonl, run_hnmcrawler

pytestmark = pytest.mark.e2e
PREFIX = "hanoimoi.com.vn/Tin-tuc/Phap-luat/"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    work = tmp_path_factory.mktemp("wayback")
    best = build_warc(work / "captures.warc.gz")
    with pywb_collection(work / "pywb", [work / "captures.warc.gz"]) as url:
        yield url, {"work": work, "best": best}


def crawl(
    cdx: str, replay: str, work: Path, *more: str
) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    """The items, report and failed lines of a crawl of the section."""
    work = work / f"run-{len(list(work.glob('run-*')))}"
    work.mkdir()
    env = {
        "HNM_WAYBACK_CDX_URL": cdx,
        "HNM_WAYBACK_REPLAY_URL": replay,
        "HNM_WAYBACK_FAILED_PATH": str(work / "failed.jsonl"),
        "HNM_MIRROR": "",
    }
    args = ["crawl", "--source", "wayback", "--sections", "Phap-luat", *more]
    args += ["--db", f"sqlite:///{work / 'store.sqlite'}", "--out", str(work / "out.jsonl")]
    args += ["--report", str(work / "report.json"), *FAST, "-s", "HNM_RETRY_BACKOFF_BASE=0.01"]
    result = run_hnmcrawler(args, work, env)
    assert result.returncode == 0, result.stderr[-4000:]
    failed = work / "failed.jsonl"
    out = work / "out.jsonl"
    return (
        read_jsonl(out) if out.exists() else [],
        crawl_report(work / "report.json"),
        read_jsonl(failed) if failed.exists() else [],
    )


def assert_best(items: list[dict[str, Any]], best: dict[str, Any], replay: str) -> None:
    """Each item is its article, read from the capture that must win."""
    expected = {item["url"]: item for item in section_items()}
    for item in items:
        captured, when = best[item["url"]]
        capture = f"{replay}{stamp(when)}id_/{captured}"
        assert_read_from(item, expected[item["url"]], ("wayback", capture, when))


def test_every_article_comes_once_from_its_newest_good_capture(
    archive: tuple[str, dict[str, Any]],
) -> None:
    url, state = archive
    items, report, failed = crawl(f"{url}/cdx", f"{url}/", state["work"])
    media = [item for item in items if "/Media/" in item["url"]]
    news = [item for item in items if item not in media]
    assert sorted(item["url"] for item in news) == sorted(i["url"] for i in section_items())
    assert_best(news, state["best"], f"{url}/")
    assert [(m["url"], m["title"]) for m in media] == [(media_url(), media_source()["title"])]
    counters = report["counters"]
    thirds = len(news) // 3
    assert counters["wayback/capture_unknown_layout"] >= thirds
    assert counters["wayback/capture_blocked"] >= thirds
    # Tried: the good one, and before it the soft 404 or the block page; the redirect
    # captures are not even listed (statuscode:200 filter), so never replayed. The video: one.
    tried = sum(1 + (i % 3 != 1) for i in range(len(news)))
    assert counters["wayback/captures_fetched"] == tried + 1
    assert not any(status.startswith("30") and status != "307" for status in report["http"])
    assert report["robots_forbidden"] == 0
    # The listing: page 1's newest capture and page 2 are read (not page 1's older capture);
    # page 2 names an article no capture holds, which is what the archive lacks.
    assert counters["wayback/listing_captures_fetched"] == 2
    assert counters["wayback/listing_pages_read"] == 2
    assert counters["wayback/listed_without_capture"] == 1
    assert counters["wayback/listed_not_asked"] == LISTED_ELSEWHERE
    assert [f["kind"] for f in failed] == ["listed"]
    assert f"/{UNCAPTURED}/" in failed[0]["url"]
    assert failed[0]["listing"].endswith(f"id_/{LISTING}?page=2")


def listed_ids() -> set[int]:
    response = HtmlResponse(LISTING, body=page(LISTING), encoding="utf-8")
    keys = (article_key(entry.url) for entry in parse_listing(response).entries)
    return {key.article_id for key in keys if key is not None}


def test_since_until_keep_the_window_and_captures_before_since_are_not_asked(
    archive: tuple[str, dict[str, Any]],
) -> None:
    url, state = archive
    since, until = datetime(2022, 9, 1, tzinfo=UTC), datetime(2022, 11, 11, tzinfo=UTC)
    with ia_cdx(url, page_size=1000).running() as server:
        items, report, _ = crawl(f"{server.url}/cdx", f"{server.url}/web/", state["work"],
                                 "--since", "2022-09-01", "--until", "2022-11-10")  # fmt: skip
    dated = {i["url"]: datetime.fromisoformat(i["published_at"]) for i in section_items()}
    inside = {u for u, when in dated.items() if since <= when.astimezone(UTC) < until}
    assert 0 < len(inside) < len(dated)
    assert sorted(item["url"] for item in items) == sorted(inside)
    assert_best(items, state["best"], f"{server.url}/web/")
    counters = report["counters"]
    listed = listed_ids()
    out = {u for u in dated if u not in inside}
    listed_out = {u for u in out if article_key(u).article_id in listed}  # type: ignore[union-attr]
    assert counters["wayback/listed_out_of_range"] == len(listed_out) > 0  # never fetched
    # The rest is read and dropped (the video item is out of the window too).
    assert counters["articles/out_of_range"] == len(out) - len(listed_out) + 1
    queries = [seen.query for seen in server.seen if seen.path == "/cdx"]
    assert queries
    assert all(query["from"] == "20220831170000" for query in queries)
    replays = [seen.path.split("/")[2] for seen in server.seen if seen.path.startswith("/web/")]
    assert replays
    assert all(replay[:14] >= stamp(since) for replay in replays)


def rows(seen: Seen) -> list[list[str]]:
    """The capture rows of one Internet Archive-shaped answer (not the header, not the key)."""
    return [row for row in json.loads(seen.body)[1:] if len(row) > 1]


def test_an_ia_cdx_server_is_read_by_resume_keys_and_redirect_replays_are_not_followed(
    archive: tuple[str, dict[str, Any]],
) -> None:
    url, state = archive
    with ia_cdx(url, page_size=5, redirects_listed=True).running() as server:
        items, report, _ = crawl(f"{server.url}/cdx", f"{server.url}/web/", state["work"])
    news = [item for item in items if "/Media/" not in item["url"]]
    assert sorted(item["url"] for item in news) == sorted(i["url"] for i in section_items())
    assert_best(news, state["best"], f"{server.url}/web/")
    pages = [s.query for s in server.seen if s.path == "/cdx" and s.query["url"] == PREFIX]
    assert len(pages) > 3
    assert "resumeKey" not in pages[0]
    assert all(query["resumeKey"] and query["showResumeKey"] == "true" for query in pages[1:])
    assert len({query["resumeKey"] for query in pages[1:]}) == len(pages) - 1
    # Each 3xx capture (listed as 200 here) replays as a redirect: counted, never followed,
    # and the article's next capture is read.
    redirects = [s for s in server.seen if s.path.startswith("/web/") and 300 <= s.status < 400]
    counters = report["counters"]
    news_count = len(section_items())
    assert (
        counters["wayback/capture_redirect"]
        == len(redirects)
        == sum(i % 3 != 0 for i in range(news_count))
    )
    assert not any(s.path.startswith("/web/") and "hanoimoi.vn" in s.path for s in server.seen)


def test_a_cdx_page_that_keeps_failing_is_recorded_and_earlier_pages_still_count(
    archive: tuple[str, dict[str, Any]],
) -> None:
    url, state = archive
    with ia_cdx(url, page_size=5, failing_page=3).running() as server:
        items, report, failed = crawl(f"{server.url}/cdx", f"{server.url}/web/",
                                      state["work"], "-s", "RETRY_TIMES=1")  # fmt: skip
    asked = [s for s in server.seen if s.path == "/cdx" and s.query["url"] == PREFIX]
    assert [s.status for s in asked] == [200, 200, 500, 500]
    assert [(f["kind"], f["reason"], f["prefix"]) for f in failed] == [("cdx", "http_500", PREFIX)]
    assert "resumeKey=" in failed[0]["url"]
    counters = report["counters"]
    assert counters["wayback/cdx_failed"] == 1
    assert counters["wayback/listed_unchecked"] > 0  # no "listed without capture" claimed
    # The articles whose good capture was on the first two pages come out from it.
    early = {(row[2], row[1]) for seen in asked[:2] for row in rows(seen)}
    good = {u for u, (captured, when) in state["best"].items() if (captured, stamp(when)) in early}
    news = {item["url"] for item in items if "/Media/" not in item["url"]}
    assert good
    assert good <= news < set(state["best"])
