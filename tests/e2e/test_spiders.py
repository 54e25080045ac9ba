"""The spiders crawl the mirror over HTTP on 127.0.0.1 with the real Scrapy engine.

Each crawl runs in a child process (Twisted's reactor runs once per process), against a
mirror served by this test process, so the server's request log shows what was fetched;
the crawl's numbers come from its report. ``archive`` on the bundled mirror's legacy site;
``feeds`` (RSS and daily sitemaps) and ``urls`` on a small mirror of pages in a layout no era
knows (the generic layout reads them) and on the bundled one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    CURRENT_SITE,
    FAST,
    crawl_report,
    expected_mirror_items,
    read_jsonl,
    redesigned_page,
    run_scrapy,
)

pytestmark = pytest.mark.e2e
BASE = CURRENT_SITE


def crawl(
    mirror: MirrorServer, tmp_path: Path, *args: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``archive`` into a SQLite store of its own: the items of its feed, and its report."""
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    result = run_scrapy(
        ["crawl", "archive", "-O", str(out), *FAST, "-s", "LOG_LEVEL=INFO", *args],
        cwd=tmp_path,
        env={
            "HNM_MIRROR": mirror.url,
            "HNM_STORAGE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}",
            "HNM_REPORT_PATH": str(report),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out), crawl_report(report)


def article_paths(mirror: MirrorServer) -> dict[str, int]:
    return {p: n for p, n in mirror.requests.items() if "/Tin-tuc/" in p}


# --- archive -----------------------------------------------------------------------------------


def test_archive_crawl_emits_every_mirror_article_once_with_its_fields(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    items, report = crawl(mirror, tmp_path, "-a", "sections=Chinh-tri,Kinh-te,Xa-hoi")
    expected = {e["url"]: e for e in expected_mirror_items() if e["layout"] == "era_2017"}
    urls = [i["url"] for i in items]
    assert sorted(urls) == sorted(expected)  # every article, exactly once
    for item in items:
        fetched_at = item.pop("fetched_at")
        assert fetched_at.endswith("+07:00")
        assert item == expected[item["url"]]
    assert set(article_paths(mirror).values()) == {1}  # each page fetched once
    assert mirror.requests["/hanoimoi.com.vn/robots.txt"] == 1
    assert "127.0.0.1" not in json.dumps(items)  # the mirror stays invisible
    assert report["counters"]["dates/parsed"] == len(expected)


def test_since_and_until_bound_the_items_and_stop_pagination(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    items, report = crawl(
        mirror,
        tmp_path,
        "-a",
        "sections=kinh-te",
        "-a",
        "since=2017-03-01",
        "-a",
        "until=2017-03-20",
    )
    wanted = {
        e["url"]
        for e in expected_mirror_items()
        if e["section"] == "Kinh tế" and "2017-03-01" <= e["published_at"][:10] <= "2017-03-20"
    }
    assert wanted
    assert {i["url"] for i in items} == wanted
    # Page 1 reaches back to 4 March, page 2 is all February: it is read, page 3 never is.
    assert "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2" in mirror.requests
    assert "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=3" not in mirror.requests
    assert report["counters"]["listing/stopped_at_since"] == 1


def test_max_pages_bounds_each_section(mirror: MirrorServer, tmp_path: Path) -> None:
    items, _ = crawl(mirror, tmp_path, "-a", "sections=Xa-hoi", "-a", "max_pages=2")
    assert len(items) == 21  # 2 pages of 10, and page 1 cross-lists a Kinh tế story
    assert "/hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi?page=3" not in mirror.requests


def test_a_full_section_url_works_like_its_slug(mirror: MirrorServer, tmp_path: Path) -> None:
    items, _ = crawl(
        mirror,
        tmp_path,
        "-a",
        "sections=http://hanoimoi.com.vn/Danh-muc-tin/163/Xa-hoi",
        "-a",
        "max_pages=1",
    )
    assert len(items) == 11  # 10, and a story cross-listed from Kinh tế


def test_an_unknown_section_is_a_clear_error(mirror: MirrorServer, tmp_path: Path) -> None:
    result = run_scrapy(
        ["crawl", "archive", "-a", "sections=Kinh-te,Nope"],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": ""},
    )
    assert result.returncode != 0
    assert "unknown section 'Nope'" in result.stderr
    assert not mirror.requests


# --- feeds and urls ----------------------------------------------------------------------------


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


def test_feeds_take_rss_and_daily_sitemaps_within_the_dates(
    feeds_mirror: MirrorServer, tmp_path: Path
) -> None:
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
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
        env={
            "HNM_MIRROR": feeds_mirror.url,
            "HNM_STORAGE_URI": "",
            "HNM_REPORT_PATH": str(report),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["article_id"] for i in read_jsonl(out)) == [1, 4]
    fetched = set(feeds_mirror.requests)
    assert "/hanoimoi.vn/sitemap-article-2026-01-20.xml" not in fetched  # day before since
    assert "/hanoimoi.vn/sitemap-article-2026-02-25.xml" not in fetched  # day after until
    assert "/hanoimoi.vn/sitemap-category.xml" not in fetched
    assert "/hanoimoi.vn/ha-noi-thong-xe-cau-2.html" not in fetched  # RSS pubDate too old
    assert feeds_mirror.requests["/hanoimoi.vn/ha-noi-thong-xe-cau-1.html"] == 1  # RSS + sitemap
    counters = crawl_report(report)["counters"]
    assert counters["layout/generic"] == 2
    assert counters["layout/unknown"] == 2


def test_urls_spider_fetches_given_articles_once_and_skips_others(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    legacy = [e["url"] for e in expected_mirror_items() if e["site"] == "hanoimoi.com.vn"][:3]
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# từ một nhà nghiên cứu\n{legacy[2]}\n\n{legacy[0].lower()}\n")
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
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
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": "", "HNM_REPORT_PATH": str(report)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["url"] for i in read_jsonl(out)) == sorted(legacy)
    assert crawl_report(report)["counters"]["urls/not_article"] == 1


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


# --- era_2019 "more" answers that stop continuing their chain ----------------------------------

LEGACY_BASE = "http://hanoimoi.com.vn"
MORE_2019 = (
    f"{LEGACY_BASE}/Home/ArticleCategoryListMore"
    "?categoryId=163&day=&currentPage={page}&lastArticleId={last}"
)


def _more_items(ids: list[int]) -> str:
    return "".join(
        f'<li><a href="/Tin-tuc/Xa-hoi/{i}/bai-{i}"><h4>Bài {i}</h4></a><p>Tóm tắt</p>'
        f'<div class="period"> 08:00 - {i % 28 + 1:02d}/03/2021</div></li>'
        for i in ids
    )


def _article_2019(i: int) -> str:
    return (
        '<html><body><div class="breadcrum"><a href="/">Trang chủ</a>'
        '<a href="/Danh-muc-tin/163/Xa-hoi">Xã hội</a></div><div id="NewsDetails">'
        f'<h1 class="caption">Bài {i}</h1><div class="definfo"><div class="period"> 08:00'
        f' Thứ Hai ngày {i % 28 + 1:02d}/03/2021</div></div><div class="article">'
        f"<p><strong>(HNM) - Tóm tắt bài {i}.</strong></p><p>Nội dung bài {i}.</p>"
        "</div></div></body></html>"
    )


def more_mirror(root: Path, answers: dict[int, list[int]]) -> MirrorServer:
    """Xã hội in the 2019 template: a section page (1050, 1040), then the "more" answer for
    each currentPage with the section page's lastArticleId (the only requests the site's
    public client makes), then articles 1050 down to 990."""
    write_file(root, f"{LEGACY_BASE}/robots.txt", "User-agent: *\nDisallow:\n")
    write_file(
        root,
        f"{LEGACY_BASE}/Danh-muc-tin/163/Xa-hoi",
        '<html><body><input type="hidden" id="hdCategoryId" value="163">'
        '<div class="lst-category"><input type="hidden" value="1040">'
        f'<ul id="article-cate-more">{_more_items([1050, 1040])}</ul></div></body></html>',
    )
    for page, ids in answers.items():
        content = json.dumps({"Content": _more_items(ids)})
        write_file(root, MORE_2019.format(page=page, last=1040), content)
    for i in range(990, 1051, 10):
        write_file(root, f"{LEGACY_BASE}/Tin-tuc/Xa-hoi/{i}/bai-{i}", _article_2019(i))
    return MirrorServer(root)


def crawl_more(
    tmp_path: Path, answers: dict[int, list[int]]
) -> tuple[list[int], dict[str, int], MirrorServer]:
    """The articles an ``archive`` crawl of that section emits, its "more" counters, and the
    server (its request log)."""
    with more_mirror(tmp_path / "site", answers) as server:
        server.start_in_thread()
        items, report = crawl(server, tmp_path, "-a", "sections=Xa-hoi")
        server.shutdown()
    counters = {k: v for k, v in report["counters"].items() if "more" in k}
    return sorted(i["article_id"] for i in items), counters, server


def more_asked(server: MirrorServer) -> list[int]:
    """The currentPage of every "more" request the crawl made, in order."""
    pages = [p.split("currentPage=")[1] for p in server.requests if "currentPage=" in p]
    return [int(p.split("&")[0]) for p in pages]


def test_a_server_that_pages_by_current_page_gives_every_article_once(tmp_path: Path) -> None:
    answers = {1: [1030, 1020], 2: [1010, 1000], 3: [990], 4: []}
    articles, counters, server = crawl_more(tmp_path, answers)
    assert articles == [990, 1000, 1010, 1020, 1030, 1040, 1050]
    assert set(article_paths(server).values()) == {1}
    assert more_asked(server) == [1, 2, 3, 4]  # all with lastArticleId=1040 (else a 404)
    assert counters == {}


def test_a_server_that_ignores_current_page_ends_the_section_with_its_repeats_counted(
    tmp_path: Path,
) -> None:
    """It answers page 1 for every page: page 2 lists only repeats and ends the section."""
    answers = {page: [1030, 1020] for page in range(1, 6)}
    articles, counters, server = crawl_more(tmp_path, answers)
    assert articles == [1020, 1030, 1040, 1050]
    assert set(article_paths(server).values()) == {1}  # a repeat is never fetched again
    assert more_asked(server) == [1, 2]  # no endless loop
    assert counters == {
        "listing/more_gaps": 1,
        "listing/more_repeated": 2,
        "listing/stopped_more_not_continuing": 1,
    }


def test_overlapping_answers_are_counted_and_the_one_that_moves_nothing_on_ends_it(
    tmp_path: Path,
) -> None:
    """A window one article wider than ours: each answer repeats the last article of the one
    before, until one repeats only."""
    answers = {1: [1040, 1030, 1020], 2: [1020, 1010], 3: [1010], 4: [1000]}
    articles, counters, server = crawl_more(tmp_path, answers)
    assert articles == [1010, 1020, 1030, 1040, 1050]
    assert set(article_paths(server).values()) == {1}
    assert more_asked(server) == [1, 2, 3]  # page 4 is never asked for
    assert counters == {
        "listing/more_gaps": 3,
        "listing/more_repeated": 3,
        "listing/stopped_more_not_continuing": 1,
    }
