"""The era_2019 layout: section pages and their JSON "more" chain, detection, odd markup.

Article pages are proved by the fixture pairs (``fixtures/era_2019``, ``test_fixtures.py``);
here the listing readers walk the era's mirror, written afresh by ``site_2019.write_era``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from scrapy.http import TextResponse

from hnmcrawler import layouts
from hnmcrawler.dates import parse_vietnamese_datetime
from hnmcrawler.extract import extract_item, page_response
from hnmcrawler.layouts.era_2017 import Era2017Article, Era2017Listing
from hnmcrawler.layouts.era_2019 import Era2019Article, Era2019Listing, Era2019MoreListing
from hnmcrawler.layouts.era_2019.body import is_aside, is_byline
from hnmcrawler.mirror.generate.era_2019.sections import ARTICLES_PER_SECTION, MIRROR_SECTIONS
from hnmcrawler.mirror.generate.era_2019.site import write_era
from hnmcrawler.mirror.generate.files import live_copy
from hnmcrawler.mirror.paths import file_for_url
from hnmcrawler.mirror.server import content_type
from hnmcrawler.sites import FIRST_MORE_PAGE, LEGACY

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GIAO_DUC = "http://hanoimoi.com.vn/Danh-muc-tin/164/Giao-duc"
MORE = "http://hanoimoi.com.vn/Home/ArticleCategoryListMore"


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The era_2019 classes in the registry (a no-op once ``layouts/__init__.py`` has them)."""
    if Era2019Article not in layouts.ARTICLE_LAYOUTS:
        monkeypatch.setattr(layouts, "ARTICLE_LAYOUTS", (Era2019Article, *layouts.ARTICLE_LAYOUTS))
    if Era2019Listing not in layouts.LISTING_LAYOUTS:
        listing = (Era2019MoreListing, Era2019Listing, *layouts.LISTING_LAYOUTS)
        monkeypatch.setattr(layouts, "LISTING_LAYOUTS", listing)


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("era_2019")
    expected = write_era(root / "site", root / "pairs", 2017)
    return root / "site", expected


def response(url: str, body: bytes | str, kind: str = "text/html") -> TextResponse:
    data = body.encode() if isinstance(body, str) else body
    return TextResponse(url=url, body=data, headers={"Content-Type": kind}, encoding="utf-8")


def served(root: Path, url: str) -> TextResponse:
    """The mirror's answer for a URL, with the Content-Type the mirror server sends."""
    path = root / str(file_for_url(url))
    body = path.read_bytes()
    return response(url, body, content_type(path, body[:64]))


def section_items(expected: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    items = [e for e in expected if e["section"] == name]
    return sorted(items, key=lambda e: e["published_at"], reverse=True)


def walk(root: Path, url: str) -> Iterator[tuple[str, layouts.Listing]]:
    """Every listing answer of a section, following next_url like the archive spider."""
    next_url: str | None = url
    while next_url is not None:
        listing = layouts.parse_listing(served(root, next_url))
        yield next_url, listing
        next_url = listing.next_url


# --- the section page and the "more" chain, on the mirror --------------------------------


def test_section_page_lists_ten_dated_items_and_asks_for_the_first_more_page(mirror: Any) -> None:
    root, expected = mirror
    newest = section_items(expected, "Giáo dục")[:10]
    listing = layouts.parse_listing(served(root, GIAO_DUC))
    assert [e.url for e in listing.entries] == [i["url"] for i in newest]
    assert [e.title for e in listing.entries] == [i["title"] for i in newest]
    for entry, item in zip(listing.entries, newest, strict=True):
        assert entry.published_text is not None
        assert entry.published_text.count(" - ") == 1  # "07:12 - 01/01/2020"
        listed = parse_vietnamese_datetime(entry.published_text)
        assert listed is not None
        assert listed.isoformat() == item["published_at"]
    last = newest[-1]["article_id"]
    assert listing.next_url == (
        f"{MORE}?categoryId=164&day=&currentPage={FIRST_MORE_PAGE}&lastArticleId={last}"
    )


@pytest.mark.parametrize("slug", list(MIRROR_SECTIONS))
def test_the_more_chain_yields_every_article_once_then_ends(mirror: Any, slug: str) -> None:
    root, expected = mirror
    section = LEGACY.sections[slug.casefold()]
    answers = list(walk(root, section.listing_url))
    urls = [e.url for _, listing in answers for e in listing.entries]
    assert urls == [i["url"] for i in section_items(expected, section.name)]
    assert len(urls) == ARTICLES_PER_SECTION[slug]
    # a page of 10, batches of 10 (the last one may be short), then one empty answer
    assert [len(listing.entries) for _, listing in answers][:-1] == [
        min(10, len(urls) - start) for start in range(0, len(urls), 10)
    ]
    last_url, last = answers[-1]
    assert last.entries == []
    assert last.next_url is None
    assert json.loads(served(root, last_url).body) == {"Content": ""}
    pages = [int(url.split("currentPage=")[1].split("&")[0]) for url, _ in answers[1:]]
    assert pages == list(range(FIRST_MORE_PAGE, FIRST_MORE_PAGE + len(answers) - 1))


def test_every_more_request_keeps_the_section_pages_last_id_and_raises_the_page(
    mirror: Any,
) -> None:
    """As the site's one public client asks (hnm-site.md, "More evidence"), never moving
    ``lastArticleId`` to the answer before: a server that offsets currentPage from it would
    skip every other batch."""
    root, _ = mirror
    answers = list(walk(root, GIAO_DUC))
    section_last = answers[0][1].entries[-1].url.split("/")[5]
    for n, (url, _) in enumerate(answers[1:]):
        assert url == (
            f"{MORE}?categoryId=164&day=&currentPage={FIRST_MORE_PAGE + n}"
            f"&lastArticleId={section_last}"
        )
    # the mirror answers by currentPage with that id only, as such a server does
    before = answers[1][1].entries[-1].url.split("/")[5]
    moved = f"{MORE}?categoryId=164&day=&currentPage={FIRST_MORE_PAGE + 1}&lastArticleId={before}"
    assert not (root / str(file_for_url(moved))).exists()


def test_more_answers_are_json_served_as_json(mirror: Any) -> None:
    root, _ = mirror
    url = f"{MORE}?categoryId=164&day=&currentPage={FIRST_MORE_PAGE}&lastArticleId="
    more = next(u for u, _ in walk(root, GIAO_DUC) if u.startswith(url))
    answer = served(root, more)
    assert (answer.headers.get(b"Content-Type") or b"").startswith(b"application/json")
    assert answer.body.startswith(b'{"Content": "\\u003cli\\u003e')  # escaped like ASP.NET
    assert Era2019MoreListing.matches(answer)
    assert not Era2019Listing.matches(answer)


def test_the_era_writes_neither_robots_nor_the_home_page(mirror: Any) -> None:
    root, expected = mirror
    host = root / LEGACY.host
    assert not (host / "robots.txt").exists()
    assert not (host / "index.html").exists()
    ids = [e["article_id"] for e in expected]
    assert len(set(ids)) == len(ids)
    assert all(1016000 <= i <= 1070000 for i in ids)
    assert all("2020" <= e["published_at"][:4] <= "2022" for e in expected)


def test_every_mirror_article_page_reads_as_its_expected_item(mirror: Any) -> None:
    root, expected = mirror
    for item in expected:
        got = extract_item((root / str(file_for_url(item["url"]))).read_bytes(), item["url"])
        got.pop("fetched_at")
        assert got == live_copy(item), item["url"]  # a crawl of the site: a live copy


def test_generated_fixture_pairs_are_what_write_era_writes(mirror: Any) -> None:
    fresh = mirror[0].parent / "pairs"
    committed = {  # hand-written pairs, pairs built from evidence and the README aside
        p.name
        for p in (FIXTURES / "era_2019").glob("*.*")
        if p.suffix in (".html", ".json") and not p.name.startswith(("hand-", "evidence-"))
    }
    assert committed == {p.name for p in fresh.iterdir()}
    for name in committed:
        assert (fresh / name).read_bytes() == (FIXTURES / "era_2019" / name).read_bytes(), name
    assert len(list((FIXTURES / "era_2019").glob("*.json"))) >= 15


# --- the "more" answer: odd shapes -------------------------------------------------------

MORE_2 = f"{MORE}?categoryId=170&day=&currentPage=3&lastArticleId=1050000"
ITEM = (
    '<li><a href="{href}"><span><img src="/Uploads/a.jpg"></span><h4>{title}</h4></a>'
    '<p>Tóm tắt.</p><div class="period"> 07:12 - 01/01/2020</div></li>'
)


def more(content: object, url: str = MORE_2) -> layouts.Listing:
    return layouts.parse_listing(
        response(url, json.dumps({"Content": content}), "application/json")
    )


def test_a_more_answer_resolves_links_on_the_site_and_asks_for_the_next_page() -> None:
    content = ITEM.format(href="/Tin-tuc/The-thao/1049990/a", title="A") + ITEM.format(
        href="Tin-tuc/Bong-da/1049980/b", title="B TÀI TRỢ"
    )
    listing = more(content)
    assert [(e.url, e.title, e.published_text) for e in listing.entries] == [
        ("http://hanoimoi.com.vn/Tin-tuc/The-thao/1049990/a", "A", "07:12 - 01/01/2020"),
        ("http://hanoimoi.com.vn/Tin-tuc/Bong-da/1049980/b", "B TÀI TRỢ", "07:12 - 01/01/2020"),
    ]
    assert listing.next_url == f"{MORE}?categoryId=170&day=&currentPage=4&lastArticleId=1050000"


def test_the_next_request_keeps_the_day_and_skips_a_trailing_non_article_item() -> None:
    content = ITEM.format(href="/Tin-tuc/The-thao/1049990/a", title="A") + (
        '<li><a href="javascript:void(0)">Xem thêm</a></li>'
    )
    url = f"{MORE}?categoryId=170&day=01%2F01%2F2020&currentPage=2&lastArticleId=1050000"
    listing = more(content, url)
    assert len(listing.entries) == 1
    assert listing.next_url == (
        f"{MORE}?categoryId=170&day=01%2F01%2F2020&currentPage=3&lastArticleId=1050000"
    )


def test_the_chain_starts_at_page_one_as_the_seen_crawler_asks_then_counts_up() -> None:
    """The site's public client asks ``currentPage=1&lastArticleId={aid}`` first, then the
    same ``aid`` with ``currentPage`` 2, 3, ... (its page is Scrapy's request depth)."""
    assert FIRST_MORE_PAGE == 1
    first = layouts.parse_listing(section_page(IDS, TWO)).next_url
    assert first == f"{MORE}?categoryId=164&day=&currentPage=1&lastArticleId=1068000"
    listing = more(ITEM.format(href="/Tin-tuc/Giao-duc/1067990/c", title="C"), first)
    assert listing.next_url == f"{MORE}?categoryId=164&day=&currentPage=2&lastArticleId=1068000"
    second = more(ITEM.format(href="/Tin-tuc/Giao-duc/1067980/d", title="D"), listing.next_url)
    assert second.next_url == f"{MORE}?categoryId=164&day=&currentPage=3&lastArticleId=1068000"


@pytest.mark.parametrize(
    "url",
    [
        f"{MORE}?categoryId=170&day=&currentPage=x&lastArticleId=1050000",
        f"{MORE}?categoryId=170&day=&currentPage=3&lastArticleId=",
        f"{MORE}?categoryId=&day=&currentPage=3&lastArticleId=1050000",
        f"{MORE}?categoryId=170&day=&lastArticleId=1050000",
    ],
    ids=["page-not-a-number", "no-last-id", "no-category", "no-page"],
)
def test_a_more_answer_to_a_request_it_cannot_repeat_has_no_next_page(url: str) -> None:
    listing = more(ITEM.format(href="/Tin-tuc/The-thao/1049990/a", title="A"), url)
    assert len(listing.entries) == 1
    assert listing.next_url is None


@pytest.mark.parametrize("content", ["", "  \n ", None], ids=["empty", "blank", "null"])
def test_an_empty_more_answer_ends_the_section(content: object) -> None:
    listing = more(content)
    assert listing.entries == []
    assert listing.next_url is None


def test_a_more_answer_without_article_links_has_no_next_page() -> None:
    listing = more("<li><a href='/Danh-muc-tin/170/The-thao'>Thể thao</a></li>")
    assert listing.entries == []
    assert listing.next_url is None


@pytest.mark.parametrize(
    "body",
    [
        '[{"Title": "x"}]',
        '{"content": "<li></li>"}',
        '{"Content": 3}',
        "<html><body></body></html>",
    ],
    ids=["json-list", "other-key", "not-text", "html"],
)
def test_other_answers_are_not_more_answers(body: str) -> None:
    assert not Era2019MoreListing.matches(response(MORE_2, body, "application/json"))


# --- the section page: odd markup --------------------------------------------------------


def section_page(inputs: str, items: str, aside: str = "") -> TextResponse:
    return response(
        GIAO_DUC,
        f"""<html><body>{inputs.split("|")[0]}
        <div class="lst-category">{inputs.split("|")[1]}<ul id="article-cate-more">{items}</ul>
        <div class="mediamore main-category-more"><a href="javascript:void(0)">Xem thêm</a></div>
        </div>{aside}</body></html>""",
    )


TWO = ITEM.format(href="/Tin-tuc/Giao-duc/1069000/a", title="A") + (
    '<li><a href="//hanoimoi.com.vn/Tin-tuc/Giao-duc/1068000/b"><h4> B </h4></a></li>'
)
IDS = '<input type="hidden" id="hdCategoryId" value=" 164 ">|<input type="hidden" value="1068000">'


def test_section_entries_skip_sidebars_and_may_lack_a_date() -> None:
    sidebar = '<ul class="mostread"><li><a href="/Tin-tuc/Kinh-te/1/x">Khác</a></li></ul>'
    listing = layouts.parse_listing(section_page(IDS, TWO, sidebar))
    assert [(e.url, e.title, e.published_text) for e in listing.entries] == [
        ("http://hanoimoi.com.vn/Tin-tuc/Giao-duc/1069000/a", "A", "07:12 - 01/01/2020"),
        ("http://hanoimoi.com.vn/Tin-tuc/Giao-duc/1068000/b", "B", None),
    ]
    assert listing.next_url == f"{MORE}?categoryId=164&day=&currentPage=1&lastArticleId=1068000"


def test_the_category_input_may_stand_inside_the_list_block() -> None:
    inside = '|<input id="hdCategoryId" value="164"><input id="hdLastId" value="1068000">'
    listing = layouts.parse_listing(section_page(inside, TWO))
    assert listing.next_url == f"{MORE}?categoryId=164&day=&currentPage=1&lastArticleId=1068000"


@pytest.mark.parametrize(
    ("inputs", "items"),
    [
        ('|<input type="hidden" value="1068000">', TWO),
        ('<input id="hdCategoryId" value="164">|', TWO),
        ('<input id="hdCategoryId" value="164">|<input value="">', TWO),
        (IDS, ""),
    ],
    ids=["no-category-id", "no-last-id-input", "empty-last-id", "no-items"],
)
def test_without_what_the_more_request_needs_there_is_no_next_page(inputs: str, items: str) -> None:
    assert layouts.parse_listing(section_page(inputs, items)).next_url is None


# --- detection -----------------------------------------------------------------------------


def test_an_era_2017_page_is_not_era_2019_and_the_reverse() -> None:
    old = page_response(
        (FIXTURES / "era_2017" / "seed-chinh-tri-859634.html").read_bytes(),
        "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/x",
    )
    new = page_response(
        (FIXTURES / "era_2019" / "hand-sapo-in-abody.html").read_bytes(),
        "http://hanoimoi.com.vn/Tin-tuc/Tuyen-sinh/1016358/x",
    )
    assert not Era2019Article.matches(old)
    assert Era2017Article.matches(old)
    assert Era2019Article.matches(new)
    assert not Era2017Article.matches(new)
    assert layouts.pick_article_layout(old) is Era2017Article
    assert layouts.pick_article_layout(new) is Era2019Article


def test_listings_of_the_two_eras_are_told_apart(mirror: Any) -> None:
    root, _ = mirror
    page = served(root, GIAO_DUC)
    assert layouts.pick_listing_layout(page) is Era2019Listing
    assert not Era2017Listing.matches(page)
    assert not Era2019Article.matches(page)
    legacy = response(LEGACY.base_url + "/Danh-muc-tin/190/Kinh-te", '<div class="timeline"></div>')
    assert layouts.pick_listing_layout(legacy) is Era2017Listing


# --- odd article markup ------------------------------------------------------------------


def element(markup: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(markup)


@pytest.mark.parametrize(
    ("markup", "byline"),
    [
        ('<p style="text-align: right;"><strong>Ngọc Anh</strong></p>', True),
        ('<p style="TEXT-ALIGN:right"><b>Ngọc Anh</b>&nbsp;</p>', True),
        ('<p align="right"><em><strong>Ngọc Anh</strong></em></p>', True),
        ('<p align="Right"><strong>Bài và ảnh:</strong> <strong>Ngọc Anh</strong></p>', True),
        ("<p><strong>Ngọc Anh</strong></p>", False),
        ('<p style="text-align: center;"><strong>Ngọc Anh</strong></p>', False),
        ('<p style="text-align: right;"><em>Theo TTXVN</em></p>', False),
        ('<p style="text-align: right;"><strong>Ngọc Anh</strong> (tổng hợp)</p>', False),
        ('<p style="text-align: right;"><strong> </strong></p>', False),
        (f'<p style="text-align: right;"><strong>{"Rất dài " * 15}</strong></p>', False),
    ],
    ids=[
        "style-strong",
        "uppercase-style-b-nbsp",
        "align-em-strong",
        "credit-in-two-bolds",
        "left-aligned",
        "centered",
        "italic-source",
        "bold-with-plain-text",
        "blank",
        "too-long-for-a-name",
    ],
)
def test_a_byline_is_a_right_aligned_short_bold_only_paragraph(markup: str, byline: bool) -> None:
    assert is_byline(element(markup)) is byline


LONG = "Nội dung bài viết. " * 50  # far past the opening an aside is told by


@pytest.mark.parametrize(
    ("markup", "aside"),
    [
        ('<div class="ads-inarticle"></div>', True),
        ('<div id="zone-ads-2"></div>', True),
        ('<div class="adv"></div>', True),
        ('<div class="box banner-mid"></div>', True),
        ('<ins class="adsbygoogle"></ins>', True),
        ('<div class="related-news"></div>', True),
        ('<table class="tinlienquan"><tr><td>x</td></tr></table>', True),
        ('<div class="news-relation"></div>', True),
        ("<aside><p>Đọc nhanh</p></aside>", True),
        ("<div><p><strong>Tin liên quan</strong></p><ul></ul></div>", True),
        ("<ul><li>Xem thêm: bài trước</li></ul>", True),
        ('<div class="content"><p>Nội dung.</p></div>', False),
        ('<figure class="image"><img src="a.jpg"></figure>', False),
        ('<div class="headline-loader">Tin liên quan</div>', True),
        ("<p>Tin liên quan đến vụ án được công bố.</p>", False),
        ('<p><strong>&gt;&gt; Xem thêm:</strong> <a href="/Tin-tuc/A/1/x">Bài trước</a></p>', True),
        ("<p>Đọc thêm: <a href='/Tin-tuc/A/1/x'>Bài trước</a></p>", True),
        (f"<div><p><b>Tin</b> <i>liên</i></p> <span>quan</span><p>{LONG}</p></div>", True),
        ("<div><p>" + "Hà Nội " * 12 + "</p><p>Tin liên quan</p></div>", False),
        ("<span>Tin liên quan</span>", False),
    ],
    ids=[
        "ads-class",
        "ads-id",
        "adv",
        "banner",
        "ins",
        "related",
        "tinlienquan",
        "relation",
        "aside",
        "heading-box",
        "xem-them-list",
        "content",
        "figure",
        "box-opening-with-heading",
        "paragraph-is-text",
        "xem-them-line",
        "doc-them-line",
        "heading-in-pieces-long-box",
        "heading-past-the-opening",
        "inline-is-no-box",
    ],
)
def test_ads_and_related_boxes_are_recognised(markup: str, aside: bool) -> None:
    assert is_aside(element(markup)) is aside


def article(inner: str) -> dict[str, Any]:
    html = f"""<html><body><div class="breadcrum"><a href="/">Trang chủ</a>
      <a href="/Danh-muc-tin/164/Giao-duc">Giáo dục</a></div>
      <div id="NewsDetails"><h1 class="caption">Tiêu đề</h1>
      <div class="definfo"><div class="period"> 07:12 Thứ Tư ngày 01/01/2020</div></div>
      <div class="article">{inner}</div></div></body></html>"""
    return extract_item(html.encode(), "http://hanoimoi.com.vn/Tin-tuc/Giao-duc/1016001/x")


def test_only_the_last_byline_is_the_author_an_earlier_one_stays_text() -> None:
    item = article("""<div class="sapo"><strong>Sapo.</strong></div><div id="abody">
      <p>Một.</p><p style="text-align: right;"><strong>Hà Nội, tháng 1</strong></p>
      <p>Hai.</p><p style="text-align: right;"><strong>Minh Phương</strong></p></div>""")
    assert item["authors"] == ["Minh Phương"]
    assert item["body"] == "Một.\n\nHà Nội, tháng 1\n\nHai."


def test_a_first_child_without_bold_is_no_sapo_and_stays_in_the_body() -> None:
    item = article('<div id="abody"><p>Một.</p><p><strong>Hai.</strong></p></div>')
    assert item["sapo"] == ""
    assert item["body"] == "Một.\n\nHai."
    assert item["published_text"] == "07:12 Thứ Tư ngày 01/01/2020"


def test_a_page_without_body_drops_for_missing_body() -> None:
    from scrapy.exceptions import DropItem

    with pytest.raises(DropItem, match="missing body"):
        article('<div class="sapo"><strong>Sapo.</strong></div>')


def test_the_sapo_is_found_after_a_lead_picture_box_that_comes_first() -> None:
    item = article("""<div class="thumbox"><img src="/Uploads/a/2020/1/1/anh.jpg">
      <p class="desc">Chú thích ảnh.</p></div>
      <p><strong>(HNM) - Sapo sau ảnh.</strong></p>
      <div id="abody"><p>Một.</p></div>""")
    assert item["sapo"] == "(HNM) - Sapo sau ảnh."
    assert item["body"] == "Một."
    assert item["images"] == [
        {"url": "http://hanoimoi.com.vn/Uploads/a/2020/1/1/anh.jpg", "caption": "Chú thích ảnh."}
    ]


def test_a_first_child_with_text_but_no_bold_is_not_passed_over() -> None:
    item = article("""<p>Dòng thường.</p><p><strong>Không phải sapo.</strong></p>
      <div id="abody"><p>Một.</p></div>""")
    assert item["sapo"] == ""


@pytest.mark.parametrize(
    "img",
    [
        '<img src="/Content/images/blank.gif" data-original="/Uploads/a/2020/1/1/b.jpg">',
        '<img data-src=" " src="/Uploads/a/2020/1/1/b.jpg">',
        '<img data-src="data:image/gif;base64,R0lGOD" src="/Uploads/a/2020/1/1/b.jpg">',
    ],
    ids=["data-original over blank.gif", "blank data-src", "data: URI in data-src"],
)
def test_the_address_a_body_image_shows(img: str) -> None:
    item = article(f'<div id="abody"><p>Một.</p>{img}</div>')
    assert item["images"] == [
        {"url": "http://hanoimoi.com.vn/Uploads/a/2020/1/1/b.jpg", "caption": ""}
    ]
