"""Pages no layout knows (the generic layout), and the ``urls`` and ``feeds`` spiders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.extract import extract_item
from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import expected_mirror_items, read_jsonl, run_scrapy

BASE = "https://hanoimoi.vn"
FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0.05"]


def redesigned_page(article_id: int, day: str, *, body: bool = True) -> str:
    """A page of a layout no era knows, with the metadata every news page carries."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"Hà Nội thông xe cầu số {article_id}",
        "description": "Sáng nay, cây cầu mới chính thức thông xe.",
        "datePublished": f"{day}T08:30:00+07:00",
        "author": [{"@type": "Person", "name": "Minh Phương"}],
        "image": {
            "@type": "ImageObject",
            "url": f"https://hnm.1cdn.vn/{day.replace('-', '/')}/c.jpg",
        },
        "keywords": "giao thông, cầu",
        "articleSection": "Đô thị",
    }
    if body:
        ld["articleBody"] = "Đoạn một của bài.\n\nĐoạn hai của bài."
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        f"<link rel='canonical' href='{BASE}/ha-noi-thong-xe-cau-{article_id}.html'>"
        f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script>"
        "</head><body><div class='new-2027-layout'><h1>?</h1></div></body></html>"
    )


def test_a_redesigned_page_with_metadata_becomes_a_generic_item() -> None:
    url = f"{BASE}/ha-noi-thong-xe-cau-7.html?utm=x"
    item = extract_item(redesigned_page(7, "2026-02-15").encode(), url)
    assert item["layout"] == "generic"
    assert item["url"] == f"{BASE}/ha-noi-thong-xe-cau-7.html"
    assert (item["site"], item["article_id"]) == ("hanoimoi.vn", 7)
    assert item["title"] == "Hà Nội thông xe cầu số 7"
    assert item["body"] == "Đoạn một của bài.\n\nĐoạn hai của bài."
    assert item["authors"] == ["Minh Phương"]
    assert item["tags"] == ["giao thông", "cầu"]
    assert item["section"] == "Đô thị"
    assert item["published_at"] == "2026-02-15T08:30:00+07:00"
    assert item["images"] == [{"url": "https://hnm.1cdn.vn/2026/02/15/c.jpg", "caption": ""}]


def test_a_page_without_a_body_in_its_metadata_stays_unknown() -> None:
    with pytest.raises(UnknownLayout):
        extract_item(
            redesigned_page(7, "2026-02-15", body=False).encode(),
            f"{BASE}/ha-noi-thong-xe-cau-7.html",
        )


def rss(items: list[tuple[int, str]]) -> str:
    entries = "".join(
        f"<item><title>Bài {i}</title><link>{BASE}/ha-noi-thong-xe-cau-{i}.html</link>"
        f'<description>&lt;img src="https://hnm.1cdn.vn/a.jpg"&gt; Tóm tắt</description>'
        f"<pubDate>{pub}</pubDate></item>"
        for i, pub in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Kinh tế</title>{entries}</channel></rss>"
    )


def urlset(items: list[tuple[int, str]]) -> str:
    urls = "".join(
        f"<url><loc>{BASE}/ha-noi-thong-xe-cau-{i}.html</loc><lastmod>{m}</lastmod></url>"
        for i, m in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


@pytest.fixture
def feeds_mirror(tmp_path: Path) -> Iterator[MirrorServer]:
    root = tmp_path / "site"
    write_file(root, f"{BASE}/robots.txt", "User-agent: *\nDisallow: /tim-kiem\n")
    write_file(
        root,
        f"{BASE}/rss/kinh-te",
        rss([(1, "Fri, 20 Feb 2026 09:00:00 +0700"), (2, "Sun, 01 Feb 2026 09:00:00 +0700")]),
    )
    days = {
        "2026-01-20": [(3, "2026-01-20T10:00:00+07:00")],
        "2026-02-15": [(4, "2026-02-15T10:00:00+07:00"), (1, "2026-02-20T09:00:00+07:00")],
        "2026-02-25": [(5, "2026-02-25T10:00:00+07:00")],
    }
    children = "".join(
        f"<sitemap><loc>{BASE}/sitemap-article-{d}.xml</loc></sitemap>" for d in days
    )
    write_file(
        root,
        f"{BASE}/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}'
        f"<sitemap><loc>{BASE}/sitemap-category.xml</loc></sitemap></sitemapindex>",
    )
    for day, items in days.items():
        write_file(root, f"{BASE}/sitemap-article-{day}.xml", urlset(items))
    for i, day in [
        (1, "2026-02-20"),
        (2, "2026-02-01"),
        (3, "2026-01-20"),
        (4, "2026-02-15"),
        (5, "2026-02-25"),
    ]:
        write_file(root, f"{BASE}/ha-noi-thong-xe-cau-{i}.html", redesigned_page(i, day))
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


@pytest.mark.e2e
def test_feeds_take_rss_and_daily_sitemaps_within_the_dates(
    feeds_mirror: MirrorServer, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        [
            "crawl",
            "feeds",
            "-a",
            "sections=kinh-te",
            "-a",
            "since=2026-02-10",
            "-a",
            "until=2026-02-22",
            "-O",
            str(out),
            *FAST,
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": feeds_mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["article_id"] for i in read_jsonl(out)) == [1, 4]
    fetched = set(feeds_mirror.requests)
    assert "/hanoimoi.vn/sitemap-article-2026-01-20.xml" not in fetched  # day before since
    assert "/hanoimoi.vn/sitemap-article-2026-02-25.xml" not in fetched  # day after until
    assert "/hanoimoi.vn/sitemap-category.xml" not in fetched
    assert "/hanoimoi.vn/ha-noi-thong-xe-cau-2.html" not in fetched  # RSS pubDate too old
    assert feeds_mirror.requests["/hanoimoi.vn/ha-noi-thong-xe-cau-1.html"] == 1  # RSS + sitemap
    assert "'hnm/layout/generic': 2" in result.stderr
    assert "'hnm/layout/unknown': 2" in result.stderr


@pytest.mark.e2e
def test_urls_spider_fetches_given_articles_once_and_skips_others(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    legacy = [e["url"] for e in expected_mirror_items() if e["site"] == "hanoimoi.com.vn"][:3]
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# từ một nhà nghiên cứu\n{legacy[2]}\n\n{legacy[0].lower()}\n")
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        [
            "crawl",
            "urls",
            "-a",
            f"urls={legacy[0]},{legacy[1]},http://hanoimoi.com.vn/Danh-muc-tin/1/A",
            "-a",
            f"file={listing}",
            "-O",
            str(out),
            *FAST,
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["url"] for i in read_jsonl(out)) == sorted(legacy)
    assert "'hnm/urls/not_article': 1" in result.stderr


@pytest.mark.e2e
def test_feeds_since_auto_starts_from_the_newest_stored_article(
    feeds_mirror: MirrorServer, tmp_path: Path
) -> None:
    env = {"HNM_MIRROR": feeds_mirror.url, "HNM_STORAGE_URI": f"sqlite:///{tmp_path / 'a.db'}"}
    first = run_scrapy(
        [
            "crawl",
            "feeds",
            "-a",
            "sections=kinh-te",
            "-a",
            "since=2026-02-10",
            "-a",
            "until=2026-02-22",
            *FAST,
        ],
        cwd=tmp_path,
        env=env,
    )
    assert first.returncode == 0, first.stderr[-3000:]
    out = tmp_path / "auto.jsonl"
    second = run_scrapy(
        ["crawl", "feeds", "-a", "sections=kinh-te", "-a", "since=auto", "-O", str(out), *FAST],
        cwd=tmp_path,
        env=env,
    )
    assert second.returncode == 0, second.stderr[-3000:]
    # newest stored: 20 Feb; less a day of overlap: 19 Feb onwards (articles 1 and 5)
    assert sorted(i["article_id"] for i in read_jsonl(out)) == [1, 5]
