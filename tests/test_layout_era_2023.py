"""The era_2023 (hanoimoi.vn, OneCMS) readers: section lists, the "more" JSON chain, both
article markup revisions, and the mirror's robots.txt, feeds and sitemaps.

Article pages are also covered by their fixture pairs (``fixtures/era_2023``, the generic
test); here are the listing readers and the cases a pair cannot show (another response URL,
a date pipeline counter). The mirror is written to a temporary folder by ``write_era``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from protego import Protego
from scrapy.http import HtmlResponse, TextResponse

from hnmcrawler import layouts
from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.extract import extract_item, page_response, read_article
from hnmcrawler.items import ArticleItem
from hnmcrawler.layouts.era_2023 import (
    Era2023Article,
    Era2023DetailHeadArticle,
    Era2023Listing,
    Era2023MoreListing,
)
from hnmcrawler.mirror.generate.era_2023.articles import mirror_streams
from hnmcrawler.mirror.generate.era_2023.model import CurrentArticle, ListedItem
from hnmcrawler.mirror.generate.era_2023.sections import PAGE_SIZE, SECTIONS
from hnmcrawler.mirror.generate.era_2023.site import (
    FEED_SIZE,
    FIXTURE_CASES,
    MORE_URL,
    pick_fixture_cases,
    write_era,
)
from hnmcrawler.mirror.paths import file_for_url

SEED = 2017
ARTICLES = (Era2023Article, Era2023DetailHeadArticle)
LISTINGS = (Era2023Listing, Era2023MoreListing)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The era_2023 classes in the registry, newest first, whether or not it lists them yet."""
    others = [c for c in layouts.ARTICLE_LAYOUTS if c not in ARTICLES]
    monkeypatch.setattr(layouts, "ARTICLE_LAYOUTS", (*ARTICLES, *others))
    listing_others = [c for c in layouts.LISTING_LAYOUTS if c not in LISTINGS]
    monkeypatch.setattr(layouts, "LISTING_LAYOUTS", (*LISTINGS, *listing_others))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mirror")
    write_era(root / "site", root / "pairs", SEED)
    return root / "site"


def fetch(site: Path, url: str) -> TextResponse:
    """The mirror file for ``url`` as the download handler would answer it."""
    body = (site / str(file_for_url(url))).read_bytes()
    if body.lstrip().startswith((b"[", b"{")):
        return TextResponse(url=url, body=body, encoding="utf-8")
    return HtmlResponse(url=url, body=body, encoding="utf-8")


def section_articles(slug: str) -> list[CurrentArticle]:
    return [e for e in mirror_streams(SEED)[slug] if isinstance(e, CurrentArticle)]


# -- section lists and the "more" chain ---------------------------------------------------


def test_section_page_lists_its_first_articles_with_dates_and_the_more_url(site: Path) -> None:
    stream = mirror_streams(SEED)["do-thi/giao-thong"]
    listing = layouts.parse_listing(fetch(site, "https://hanoimoi.vn/do-thi/giao-thong"))
    first = [e for e in stream[:PAGE_SIZE] if isinstance(e, CurrentArticle)]
    assert [e.url for e in listing.entries] == [a.url for a in first]
    assert len(first) < PAGE_SIZE  # a video or e-magazine item was skipped
    assert [e.title for e in listing.entries] == [a.title for a in first]
    assert [e.published_text for e in listing.entries] == [
        f"{a.published:%d/%m/%Y %H:%M}" for a in first
    ]
    last = stream[PAGE_SIZE - 1]
    last_pid = last.pid if isinstance(last, ListedItem) else last.article_id
    assert listing.next_url == MORE_URL.format(pid=last_pid, channel=472)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.slug)
def test_the_more_chain_reaches_every_article_and_ends_with_an_empty_list(
    site: Path, section: object
) -> None:
    slug = getattr(section, "slug", "")
    url: str | None = f"https://hanoimoi.vn/{slug}"
    seen: list[str] = []
    answers = []
    while url is not None:
        response = fetch(site, url)
        listing = layouts.parse_listing(response)
        seen += [e.url for e in listing.entries]
        answers.append(response.text)
        url = listing.next_url
    assert seen == [a.url for a in section_articles(slug)]
    assert 25 <= len(seen) <= 35
    assert json.loads(answers[-1]) == []
    assert len(answers) >= 3


def test_a_more_answer_gives_entries_with_listing_dates_and_the_next_request() -> None:
    items = [
        {
            "PublisherId": 1266648,
            "LinktoMe2": "https://hanoimoi.vn/ha-noi-thong-xe-cau-vinh-tuy-1266648.html",
            "Title": " Hà Nội thông xe  cầu Vĩnh Tuy ",
            "Headlines": "Sapo.",
            "Thumbnail": "https://hnm.1cdn.vn/thumbs/540x360/2026/02/20/a.jpg",
            "NameChannel": "Giao thông",
            "TimeX2": "2026-02-20 16:39:00",
        },
        {"PublisherId": 1266600, "LinktoMe2": "https://hanoimoi.vn/video/cau-1266600.html"},
        {"PublisherId": 1266500, "LinktoMe2": "https://hanoimoi.vn/le-hoi-event12.html"},
    ]
    url = "https://hanoimoi.vn/api/getMoreArticle/channel_empty_1266700_472_0"
    response = TextResponse(url=url, body=json.dumps(items).encode(), encoding="utf-8")
    assert layouts.pick_listing_layout(response) is Era2023MoreListing
    listing = layouts.parse_listing(response)
    assert [(e.url, e.title, e.published_text) for e in listing.entries] == [
        (items[0]["LinktoMe2"], "Hà Nội thông xe cầu Vĩnh Tuy", "2026-02-20 16:39:00")
    ]
    # lastPid = the last object's id, even when that object is skipped
    assert listing.next_url == (
        "https://hanoimoi.vn/api/getMoreArticle/channel_empty_1266500_472_0"
    )


@pytest.mark.parametrize(
    ("body", "url"),
    [
        (b"[]", "https://hanoimoi.vn/api/getMoreArticle/channel_empty_1200100_463_0"),
        (  # an answer that does not move on would loop forever
            b'[{"PublisherId": 1200100, "LinktoMe2": "https://hanoimoi.vn/a-1200100.html"}]',
            "https://hanoimoi.vn/api/getMoreArticle/channel_empty_1200100_463_0",
        ),
    ],
    ids=["empty list", "no progress"],
)
def test_a_more_answer_that_ends_the_chain_has_no_next_url(body: bytes, url: str) -> None:
    assert (
        layouts.parse_listing(TextResponse(url=url, body=body, encoding="utf-8")).next_url is None
    )


LIST_ITEM = """<li pid="{pid}"><div class="b-grid">
  <div class="b-grid__img"><a href="{href}"><img src="grey.gif" data-src="https://hnm.1cdn.vn/thumbs/540x360/2026/01/01/x.jpg"></a></div>
  <span class="b-grid__time">{when}</span>
  <h3 class="b-grid__title"><a href="{href}">{title}</a></h3>
  <div class="b-grid__desc"><a href="{href}">Sapo</a></div></div></li>"""


def listing_page(items: list[tuple[int, str]], channel_block: str) -> HtmlResponse:
    lis = "".join(
        LIST_ITEM.format(pid=pid, href=href, when="02/01/2026 08:00", title=f"Tin {pid}")
        for pid, href in items
    )
    page = f"""<html><body><ul class="onecms__loading">{lis}</ul>
      <div class="c-box" data-view="box-most">
        <a href="https://hanoimoi.vn/doc-nhieu-1200001.html">Đọc nhiều</a></div>
      {channel_block}</body></html>"""
    return HtmlResponse(url="https://hanoimoi.vn/kinh-te", body=page.encode(), encoding="utf-8")


def test_multimedia_emagazine_and_event_links_are_not_listing_entries() -> None:
    skipped = [
        "https://hanoimoi.vn/multimedia/ha-noi-1200010.html",
        "/video/ha-noi-mua-thu-1200011.html",
        "https://hanoimoi.vn/emagazine/ha-noi-1200012.html",
        "https://hanoimoi.vn/infographic/ngan-sach-1200013.html",
        "https://hanoimoi.vn/photo/pho-co-1200014.html",
        "https://hanoimoi.vn/an-pham/so-tet-1200015.html",
        "https://hanoimoi.vn/le-hoi-mua-thu-event12.html",
    ]
    items = [(1200020, "https://hanoimoi.vn/gia-vang-tang-1200020.html")]
    items += [(1200019 - n, href) for n, href in enumerate(skipped)]
    block = '<div data-view="box-top-read" data-action="api/getarticletopread/463"></div>'
    listing = layouts.parse_listing(listing_page(items, block))
    assert [e.url for e in listing.entries] == ["https://hanoimoi.vn/gia-vang-tang-1200020.html"]
    assert listing.entries[0].published_text == "02/01/2026 08:00"
    last_pid = items[-1][0]
    assert listing.next_url == MORE_URL.format(pid=last_pid, channel=463)


@pytest.mark.parametrize(
    "href", ["javascript:void(0)", "JavaScript:loadMore()", "#", " # ", ""], ids=repr
)
def test_a_load_more_link_that_only_runs_a_script_is_no_next_page(href: str) -> None:
    items = [(1200020, "https://hanoimoi.vn/gia-vang-tang-1200020.html")]
    block = '<div data-view="box-top-read" data-action="api/getarticletopread/463"></div>'
    more = f'<div class="c-more onecms__loadmore"><a href="{href}">Xem thêm</a></div>'
    listing = layouts.parse_listing(listing_page(items, block + more))
    assert listing.next_url == MORE_URL.format(pid=1200020, channel=463)


def test_without_pid_or_channel_the_page_with_no_load_more_link_ends() -> None:
    page = """<html><body><ul class="onecms__loading"><li><h3 class="b-grid__title">
      <a href="/gia-vang-tang-1200020.html">Giá vàng tăng</a></h3></li></ul></body></html>"""
    response = HtmlResponse(url="https://hanoimoi.vn/kinh-te", body=page.encode(), encoding="utf-8")
    listing = layouts.parse_listing(response)
    assert [e.url for e in listing.entries] == ["https://hanoimoi.vn/gia-vang-tang-1200020.html"]
    assert listing.next_url is None


def test_a_section_page_without_a_channel_id_has_no_next_url() -> None:
    items = [(1200020, "https://hanoimoi.vn/gia-vang-tang-1200020.html")]
    listing = layouts.parse_listing(listing_page(items, ""))
    assert len(listing.entries) == 1
    assert listing.next_url is None


# -- article pages ---------------------------------------------------------------------

ARTICLE_URL = "https://hanoimoi.vn/gia-vang-tang-manh-1250000.html"
HEAD = """<link rel="canonical" href="{canonical}">
<meta property="article:published_time" content="{meta_date}">
<meta property="og:description" content="Mô tả og.">
<script type="application/ld+json">{ld}</script>"""
LONGFORM = """<div class="c-news-detail"><article class="entry">
  <h1 class="sc-longform-header-title">{title}</h1>
  {sapo}
  <span class="sc-longform-header-date">20/02/2026 16:39</span>
  <p class="align-justify">Nội dung bài.</p>
  {body}
</article></div>"""


def page(
    *,
    title: str = "Giá vàng tăng mạnh",
    sapo: str = '<p class="sc-longform-header-sapo">Sapo in trên trang.</p>',
    body: str = "",
    canonical: str = ARTICLE_URL,
    meta_date: str = "2026-02-20T16:39:00+07:00",
    ld: object = None,
) -> bytes:
    head = HEAD.format(canonical=canonical, meta_date=meta_date, ld=json.dumps(ld or {}))
    main = LONGFORM.format(title=title, sapo=sapo, body=body)
    return f"<html><head>{head}</head><body>{main}</body></html>".encode()


def layout_of(body: bytes, url: str = ARTICLE_URL) -> type:
    return layouts.pick_article_layout(page_response(body, url))


def test_both_markup_revisions_are_era_2023_and_picked_by_markup() -> None:
    detail_head = """<html><body><div class="c-detail-head">
      <h1 class="c-detail-head__title">T</h1>
      <span class="c-detail-head__time">17:22 17/08/2025</span>
      </div><div class="c-news-detail"><h2 class="desc">Sapo.</h2><p>Nội dung.</p></div>
      </body></html>""".encode()
    assert layout_of(page()) is Era2023Article
    assert layout_of(detail_head) is Era2023DetailHeadArticle
    assert Era2023Article.name == Era2023DetailHeadArticle.name == "era_2023"
    item = extract_item(detail_head, ARTICLE_URL)
    assert (item["title"], item["sapo"], item["body"]) == ("T", "Sapo.", "Nội dung.")
    assert item["published_at"] == "2025-08-17T17:22:00+07:00"


def test_era_2017_pages_are_not_era_2023() -> None:
    seed = Path(__file__).resolve().parents[1] / "fixtures/era_2017/seed-chinh-tri-859634.html"
    response = page_response(seed.read_bytes(), "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/x")
    assert not any(layout.matches(response) for layout in (*ARTICLES, *LISTINGS))


def test_thumbs_are_related_articles_not_article_images() -> None:
    body = page(
        body="""<figure><img data-src="//hnm.1cdn.vn/2026/02/20/a.jpg" src="grey.gif">
          <figcaption>Giao dịch vàng. Ảnh: PV</figcaption></figure>
        <p><a href="https://hanoimoi.vn/x-1249999.html">
          <img src="https://hnm.1cdn.vn/thumbs/300x200/2026/02/19/x.jpg"></a></p>
        <div class="c-news-related"><img src="https://hnm.1cdn.vn/2026/02/18/related.jpg"></div>
        <div class="c-box"><img src="https://hnm.1cdn.vn/ads/banner.jpg">Quảng cáo</div>"""
    )
    item = extract_item(body, ARTICLE_URL)
    assert item["images"] == [
        {"url": "https://hnm.1cdn.vn/2026/02/20/a.jpg", "caption": "Giao dịch vàng. Ảnh: PV"}
    ]
    assert item["body"] == "Nội dung bài."


@pytest.mark.parametrize(
    ("ld_image", "images"),
    [
        pytest.param(None, [], id="a thumbnail og:image alone is no image"),
        pytest.param(
            {"@type": "ImageObject", "url": "https://hnm.1cdn.vn/2026/02/20/lon.jpg"},
            [{"url": "https://hnm.1cdn.vn/2026/02/20/lon.jpg", "caption": ""}],
            id="the JSON-LD image after a thumbnail og:image",
        ),
    ],
)
def test_a_thumbs_url_in_the_metadata_is_never_the_lead_image(
    ld_image: object, images: list[dict[str, str]]
) -> None:
    ld = {"@type": "NewsArticle", "image": ld_image} if ld_image else None
    og = '<meta property="og:image" content="https://hnm.1cdn.vn/thumbs/600x315/2026/02/20/a.jpg">'
    body = page(ld=ld).replace(b"<head>", f"<head>{og}".encode())
    assert extract_item(body, ARTICLE_URL)["images"] == images


@pytest.mark.parametrize(
    "og_image",
    [
        pytest.param("https://hnm.1cdn.vn/assets/images/logo-hnm-share.png", id="the share logo"),
        pytest.param("https://hanoimoi.vn/assets/images/no-image.jpg", id="a placeholder"),
    ],
)
def test_the_share_logo_in_og_image_gives_way_to_the_json_ld_picture(og_image: str) -> None:
    photo = "https://hnm.1cdn.vn/2026/02/20/lon.jpg"
    ld = {"@type": "NewsArticle", "image": {"@type": "ImageObject", "url": photo}}
    og = f'<meta property="og:image" content="{og_image}">'
    body = page(ld=ld).replace(b"<head>", f"<head>{og}".encode())
    assert extract_item(body, ARTICLE_URL)["images"] == [{"url": photo, "caption": ""}]


def crumbs(items: str, category: str = "") -> bytes:
    home = '<li class="breadcrumb-item"><a href="/">Trang chủ</a></li>'
    trail = f'<ol class="breadcrumb">{home}{items}</ol>'
    return page().replace(b"<body>", f"<body>{trail}{category}".encode())


DO_THI = '<li class="breadcrumb-item"><a href="https://hanoimoi.vn/do-thi">Đô thị</a></li>'
CATEGORY = '<a class="block-sc-cate-name" href="https://hanoimoi.vn/{}">{}</a>'


@pytest.mark.parametrize(
    ("items", "category", "expected"),
    [
        pytest.param(
            DO_THI,
            CATEGORY.format("do-thi/giao-thong", "Giao thông"),
            ("Đô thị", "Giao thông"),
            id="the category names the subsection the breadcrumb stops short of",
        ),
        pytest.param(
            DO_THI,
            '<a class="block-sc-cate-name" href="/giao-thong">Giao thông</a>',
            ("Đô thị", "Giao thông"),
            id="the category under the short address of a subsection",
        ),
        pytest.param(
            DO_THI + '<li class="breadcrumb-item active">Giao thông</li>',
            "",
            ("Đô thị", "Giao thông"),
            id="an active item without a link",
        ),
        pytest.param(
            DO_THI + '<li class="breadcrumb-item active">Giá vàng tăng mạnh</li>',
            "",
            ("Đô thị", None),
            id="an active item repeating the headline is no subsection",
        ),
        pytest.param(
            DO_THI,
            CATEGORY.format("do-thi", "Đô thị"),
            ("Đô thị", None),
            id="a category naming the section itself",
        ),
        pytest.param(
            DO_THI,
            CATEGORY.format("kinh-te/tai-chinh", "Tài chính"),
            ("Đô thị", None),
            id="a category under another section is not more specific",
        ),
    ],
)
def test_the_subsection_from_breadcrumb_items_and_the_category(
    items: str, category: str, expected: tuple[str, str | None]
) -> None:
    item = extract_item(crumbs(items, category), ARTICLE_URL)
    assert (item["section"], item["subsection"]) == expected


@pytest.mark.parametrize(
    "box",
    [
        '<div class="social-box"><a>Facebook</a><a>Zalo</a></div>',
        '<div class="c-sticky-share"><a href="#">Facebook</a> <a href="#">Zalo</a></div>',
        '<ul class="list-Social"><li><a>Chia sẻ</a></li></ul>',
        '<div class="btn-zalo"><img src="https://hnm.1cdn.vn/icons/zalo.png">Zalo</div>',
        '<span class="fb-share facebook">Thích 12</span>',
    ],
    ids=["social-box", "sticky-share", "capital Social list", "zalo button", "facebook span"],
)
def test_share_and_social_boxes_are_neither_text_nor_images(box: str) -> None:
    item = extract_item(page(body=box), ARTICLE_URL)
    assert item["body"] == "Nội dung bài."
    assert item["images"] == []


def test_a_box_with_a_share_word_that_holds_the_article_text_stays() -> None:
    wrapped = """<div class="sticky-content"><p class="align-justify">Đoạn hai.</p>
      <figure><img src="https://hnm.1cdn.vn/2026/02/20/b.jpg"></figure></div>
      <div class="social-note">Ghi chú: {}</div>""".format("dài " * 60)
    item = extract_item(page(body=wrapped), ARTICLE_URL)
    assert item["body"].split("\n\n")[:2] == ["Nội dung bài.", "Đoạn hai."]
    assert item["body"].endswith("dài")
    assert [i["url"] for i in item["images"]] == ["https://hnm.1cdn.vn/2026/02/20/b.jpg"]


@pytest.mark.parametrize(
    "box",
    [
        '<div class="c-tag"><a href="/tag/gia-vang">giá vàng</a> <a href="/tag/sjc">SJC</a></div>',
        '<div class="c-powered">Powered by OneCMS</div>',
        '<h2 class="block-sc-title">Giá vàng tăng mạnh</h2>',
        '<a class="block-sc-cate-name" href="/kinh-te">Kinh tế</a>',
        '<div class="sc-longform-header-meta"><span>Kinh tế</span> <span>Bảo Lâm</span></div>',
        '<div class="sc-empty-layer"><span>Đang tải...</span></div>',
        '<div class="c-sticky-mobile">{}</div>'.format("Bình luận của bạn đọc " * 12),
        '<div class="c-sticky-share">{}</div>'.format("Gửi bài viết cho bạn bè " * 10),
    ],
    ids=[
        "c-tag",
        "c-powered",
        "block-sc-title",
        "block-sc-cate-name",
        "header meta",
        "sc-empty-layer",
        "long sticky-mobile",
        "long sticky-share",
    ],
)
def test_in_body_chrome_of_the_cms_is_not_body_text(box: str) -> None:
    item = extract_item(page(body=box), ARTICLE_URL)
    assert item["body"] == "Nội dung bài."


def test_a_body_that_is_only_the_sapo_keeps_it() -> None:
    sapo = '<p class="block-sc-sapo">Nội dung bài.</p>'
    item = extract_item(
        page(sapo=f'<div class="sc-longform-header-text">{sapo}</div>'), ARTICLE_URL
    )
    assert item["sapo"] == item["body"] == "Nội dung bài."
    first = '<p class="align-justify">Nội dung'.encode()
    repeated = page(body='<p class="align-justify">Đoạn hai.</p>').replace(
        first, "<p><b>Sapo in trên trang.</b></p>".encode() + first
    )
    assert extract_item(repeated, ARTICLE_URL)["body"] == "Nội dung bài.\n\nĐoạn hai."


def test_the_canonical_link_names_the_article() -> None:
    body = page(canonical="https://hanoimoi.vn/gia-vang-tang-manh-phien-dau-tuan-1250000.html")
    item = extract_item(body, "https://hanoimoi.vn/gia-vang-1250000.html?utm_source=zalo")
    assert item["url"] == "https://hanoimoi.vn/gia-vang-tang-manh-phien-dau-tuan-1250000.html"
    assert (item["site"], item["article_id"]) == ("hanoimoi.vn", 1250000)


def test_a_canonical_link_that_is_not_an_article_is_ignored() -> None:
    item = extract_item(page(canonical="https://hanoimoi.vn/"), ARTICLE_URL + "?ref=home")
    assert item["url"] == ARTICLE_URL


def test_the_visible_date_wins_over_metadata_that_disagrees_and_is_counted() -> None:
    body = page(meta_date="2026-02-20T23:39:00+07:00")  # visible: 20/02/2026 16:39
    response = page_response(body, ARTICLE_URL)
    raw: ArticleItem = layouts.parse_article(response)
    assert raw["published_at"] == "2026-02-20T23:39:00+07:00"  # the layout hands it on raw
    reading = read_article(response, fetched_at=datetime(2026, 2, 21, tzinfo=VIETNAM_TZ))
    assert reading.item["published_at"].isoformat() == "2026-02-20T16:39:00+07:00"
    assert reading.dates.metadata_disagrees


def test_json_ld_fills_a_missing_sapo_and_title() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Giá vàng tăng mạnh phiên đầu tuần",
        "description": "Sapo từ JSON-LD.",
        "datePublished": "2026-02-20T16:39:00+07:00",
    }
    item = extract_item(page(title="", sapo="", ld=ld), ARTICLE_URL)
    assert item["title"] == "Giá vàng tăng mạnh phiên đầu tuần"
    assert item["sapo"] == "Sapo từ JSON-LD."
    without_ld = extract_item(page(sapo=""), ARTICLE_URL)
    assert without_ld["sapo"] == "Mô tả og."


@pytest.mark.parametrize(
    "repeated",
    [
        pytest.param(
            page(sapo="", ld={"@type": "NewsArticle", "description": "Nội dung bài."}),
            id="JSON-LD description",
        ),
        pytest.param(
            page(sapo="").replace("Mô tả og.".encode(), "Nội dung bài.".encode()),
            id="og:description",
        ),
    ],
)
def test_a_metadata_sapo_never_takes_the_first_paragraph_it_copies(repeated: bytes) -> None:
    second = '<p class="align-justify">Đoạn hai.</p>'.encode()
    body = repeated.replace(b"</article>", second + b"</article>")
    item = extract_item(body, ARTICLE_URL)
    assert item["sapo"] == "Nội dung bài."
    assert item["body"] == "Nội dung bài.\n\nĐoạn hai."


BYLINE = '<div class="sc-longform-header-meta"><span class="block-sc-author">Bảo Lâm</span></div>'
RELATED_ITEM = """<div class="{box}"><article class="entry"><h3><a href="/x-1249999.html">X</a></h3>
  <p>Tin khác.</p><span class="{span}">Hoàng Lan</span></article></div>"""


def with_after(body: bytes, after: str) -> bytes:
    """``body`` with ``after`` between the article's container and the page's end."""
    return body.replace(b"</body>", after.encode() + b"</body>")


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda item: page(body=item), id="related box in the entry"),
        pytest.param(lambda item: with_after(page(), item), id="related list after the article"),
        pytest.param(
            lambda item: page().replace(b"<body>", f"<body>{item}".encode()),
            id="box before the article",
        ),
    ],
)
@pytest.mark.parametrize("span", ["block-sc-author", "sc-longform-header-author"])
def test_a_related_item_s_byline_is_not_an_author(build: Any, span: str) -> None:
    related = RELATED_ITEM.format(box="c-news-related", span=span)
    body = build(related).replace(
        b'<span class="sc-longform-header-date">',
        BYLINE.encode() + b'<span class="sc-longform-header-date">',
    )
    item = extract_item(body, ARTICLE_URL)
    assert item["authors"] == ["Bảo Lâm"]
    assert "Tin khác." not in item["body"]


def test_a_byline_between_the_title_and_a_following_entry_is_the_article_s() -> None:
    body = f"""<html><body><div class="c-news-detail">
      <h1 class="sc-longform-header-title">Giá vàng</h1>{BYLINE}
      <div class="entry"><figure><img src="https://hnm.1cdn.vn/2026/02/20/a.jpg"></figure>
        <p>Nội dung bài.</p></div></div>
      <aside><article class="entry"><img src="https://hnm.1cdn.vn/2026/02/20/b.jpg">
        <p>Tin khác, dài hơn bài chính nhiều lần.</p>
        <span class="block-sc-author">Hoàng Lan</span></article></aside></body></html>"""
    item = extract_item(body.encode(), ARTICLE_URL)
    assert (item["body"], item["authors"]) == ("Nội dung bài.", ["Bảo Lâm"])
    assert [image["url"] for image in item["images"]] == ["https://hnm.1cdn.vn/2026/02/20/a.jpg"]


@pytest.mark.parametrize(
    ("main", "text"),
    [
        pytest.param(
            """<article class="entry"><h1 class="sc-longform-header-title">T</h1></article>
            <div class="entry"><p>Nội dung bài.</p></div>""",
            "Nội dung bài.",
            id="the header alone in an entry, the text in the next",
        ),
        pytest.param(
            """<div class="entry"><p>Hộp nổi bật.</p></div>
            <div class="c-news-detail"><h1 class="sc-longform-header-title">T</h1>
              <p>Nội dung bài.</p></div>
            <aside><article class="entry"><p>Đọc nhiều.</p></article></aside>""",
            "Nội dung bài.",
            id="a wrapper holding title and text beats entries before and after it",
        ),
        pytest.param(
            """<div class="entry"><p>Hộp.</p></div><span class="sc-longform-header-x"></span>
            <div class="entry"><p>Nội dung bài dài hơn.</p><p>Đoạn hai.</p></div>""",
            "Nội dung bài dài hơn.\n\nĐoạn hai.",
            id="no title: the entry with the most text",
        ),
    ],
)
def test_the_body_is_the_entry_that_holds_the_article(main: str, text: str) -> None:
    response = page_response(f"<html><body>{main}</body></html>".encode(), ARTICLE_URL)
    assert layouts.parse_article(response)["body"] == text  # raw: a page with no title


# -- the rest of the mirror ----------------------------------------------------------------


def test_robots_txt_keeps_the_more_endpoint_allowed(site: Path) -> None:
    robots = Protego.parse((site / "hanoimoi.vn/robots.txt").read_text(encoding="utf-8"))
    agent = "Mozilla/5.0"
    more = MORE_URL.format(pid=1266648, channel=463)
    assert robots.can_fetch(more, agent)
    assert robots.can_fetch("https://hanoimoi.vn/kinh-te", agent)
    assert not robots.can_fetch("https://hanoimoi.vn/api/getarticletopread/463", agent)
    assert not robots.can_fetch("https://hanoimoi.vn/tim-kiem?q=x", agent)
    assert list(robots.sitemaps) == ["https://hanoimoi.vn/sitemap.xml"]


def test_each_section_feed_has_its_newest_articles(site: Path) -> None:
    for section in SECTIONS:
        feed = ET.fromstring((site / "hanoimoi.vn/rss" / section.slug).read_bytes())
        items = feed.findall("./channel/item")
        expected = section_articles(section.slug)[:FEED_SIZE]
        assert [i.findtext("link") for i in items] == [a.url for a in expected]
        assert all("<img " in (i.findtext("description") or "") for i in items)
        assert all((i.findtext("pubDate") or "").endswith(" +0700") for i in items)


def sitemap_locs(site: Path, name: str) -> Iterator[tuple[str, str | None]]:
    tree = ET.fromstring((site / "hanoimoi.vn" / name).read_bytes())
    for node in tree:
        yield (
            node.findtext("s:loc", namespaces=SITEMAP_NS) or "",
            node.findtext("s:lastmod", namespaces=SITEMAP_NS),
        )


def test_the_sitemap_index_lists_one_article_sitemap_per_day(site: Path) -> None:
    children = [loc for loc, _ in sitemap_locs(site, "sitemap.xml")]
    article_maps = [c for c in children if "/sitemap-article-" in c]
    assert len(children) == len(article_maps) + 1  # and sitemap-category.xml
    urls: dict[str, str | None] = {}
    for child in article_maps:
        urls.update(sitemap_locs(site, child.removeprefix("https://hanoimoi.vn/")))
    everything = [a for s in SECTIONS for a in section_articles(s.slug)]
    assert set(urls) == {a.url for a in everything}
    assert all(lastmod and lastmod.endswith("+07:00") for lastmod in urls.values())
    days = {f"{a.published:%Y-%m-%d}" for a in everything}
    assert {c[-14:-4] for c in article_maps} == days


def test_every_fixture_case_has_a_generated_pair() -> None:
    everything = [a for s in SECTIONS for a in section_articles(s.slug)]
    picked = pick_fixture_cases(everything)
    assert sorted(name.rsplit("-", 1)[0] for name in picked) == sorted(FIXTURE_CASES)
    assert sum(a.variant == "detail-head" for a in picked.values()) >= 3
