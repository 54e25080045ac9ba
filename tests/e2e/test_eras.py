"""Every era of the bundled mirror, crawled over HTTP by the archive, feeds and urls spiders:
each article comes out once, equal to the item its page was generated from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import FAST, crawl_report, expected_mirror_items, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e


def crawl(
    mirror: MirrorServer, tmp_path: Path, spider: str, *args: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One spider's crawl without a store: the items of its feed, and its report."""
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    result = run_scrapy(
        ["crawl", spider, "-O", str(out), *FAST, *args],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": "", "HNM_REPORT_PATH": str(report)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out), crawl_report(report)


def assert_items_equal_expected(
    items: list[dict[str, Any]], expected: list[dict[str, Any]]
) -> None:
    by_url = {e["url"]: e for e in expected}
    assert sorted(i["url"] for i in items) == sorted(by_url)  # every article, exactly once
    for item in items:
        item.pop("fetched_at")
        assert item == by_url[item["url"]], item["url"]


@pytest.mark.parametrize(
    ("site", "layouts"),
    [
        pytest.param("hanoimoi.com.vn", {"era_2017", "era_2019"}, id="legacy site, two eras"),
        pytest.param("hanoimoi.vn", {"era_2023"}, id="current site"),
    ],
)
def test_archive_walks_every_section_of_a_site(
    mirror: MirrorServer, tmp_path: Path, site: str, layouts: set[str]
) -> None:
    host = "https://hanoimoi.vn" if site == "hanoimoi.vn" else "http://hanoimoi.com.vn"
    listings = [url for url in mirror_listings() if url.startswith(host)]
    items, report = crawl(
        mirror, tmp_path, "archive", "-a", f"site={site}", "-a", "sections=" + ",".join(listings)
    )
    assert_items_equal_expected(
        items, [e for e in expected_mirror_items() if e["layout"] in layouts]
    )
    assert "layout/unknown" not in report["counters"]


def test_archive_by_slug_on_the_current_site_stops_at_since(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    items, report = crawl(
        mirror,
        tmp_path,
        "archive",
        "-a",
        "site=hanoimoi.vn",
        "-a",
        "sections=kinh-te,do-thi/giao-thong",
        "-a",
        "since=2026-01-15",
    )
    expected = [
        e
        for e in expected_mirror_items()
        if e["layout"] == "era_2023"
        and e["section"] in ("Kinh tế", "Đô thị")
        and e["published_at"] >= "2026-01-15"
    ]
    assert_items_equal_expected(items, expected)
    assert report["counters"]["listing/stopped_at_since"] == 2


def test_feeds_read_rss_and_sitemaps_of_the_current_site(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    items, _ = crawl(mirror, tmp_path, "feeds", "-a", "since=2026-02-01", "-a", "until=2026-02-20")
    expected = [
        e
        for e in expected_mirror_items()
        if e["layout"] == "era_2023" and "2026-02-01" <= e["published_at"][:10] <= "2026-02-20"
    ]
    assert expected
    assert_items_equal_expected(items, expected)
    old_days = [p for p in mirror.requests if "sitemap-article-2026-01" in p]
    assert not old_days  # sitemaps of days before `since` are never fetched


def test_urls_takes_pages_of_every_era(mirror: MirrorServer, tmp_path: Path) -> None:
    expected = []
    for layout in ("era_2017", "era_2019", "era_2023"):
        expected += [e for e in expected_mirror_items() if e["layout"] == layout][:4]
    items, _ = crawl(mirror, tmp_path, "urls", "-a", "urls=" + ",".join(e["url"] for e in expected))
    assert_items_equal_expected(items, expected)
