"""The layout registry and the era_2017 listing reader, on mirror pages and odd markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from hnmcrawler.exceptions import UnknownLayout
from hnmcrawler.extract import extract_item, page_response
from hnmcrawler.layouts import (
    ARTICLE_LAYOUTS,
    LISTING_LAYOUTS,
    ArticleLayout,
    parse_article,
    parse_listing,
    pick_article_layout,
)
from hnmcrawler.layouts.base import may_hold, memoized
from hnmcrawler.layouts.html import paragraphs

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site" / "hanoimoi.com.vn"
LIST_URL = "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te"


def listing_page(name: str) -> bytes:
    return (SITE / "Danh-muc-tin" / "190" / name).read_bytes()


def test_first_listing_page_links_ten_articles_and_the_next_page() -> None:
    listing = parse_listing(page_response(listing_page("Kinh-te"), LIST_URL))
    assert len(listing.entries) == 10
    assert all(e.url.startswith("http://hanoimoi.com.vn/Tin-tuc/Kinh-te/") for e in listing.entries)
    assert all(e.title for e in listing.entries)
    assert listing.next_url == LIST_URL + "?page=2"


def test_sidebar_links_are_not_listing_entries() -> None:
    listing = parse_listing(page_response(listing_page("Kinh-te"), LIST_URL))
    assert not any("/Chinh-tri/" in e.url or "/Xa-hoi/" in e.url for e in listing.entries)


def test_last_listing_page_has_no_next_page() -> None:
    listing = parse_listing(page_response(listing_page("Kinh-te%3Fpage=3"), LIST_URL + "?page=3"))
    assert len(listing.entries) == 10
    assert listing.next_url is None


def test_listing_ignores_offsite_javascript_and_non_article_links() -> None:
    html = b"""<html><body>
      <div class="timeline"><a href="javascript:void(0)">x</a></div>
      <div class="timeline"><a href="http://example.com/Tin-tuc/A/1/x">off site</a></div>
      <li class="bdrtp"><a href="/Danh-muc-tin/190/Kinh-te">a section</a></li>
      <li class="bdrtp"><a href="//hanoimoi.com.vn/Tin-tuc/Kinh-te/5/y">protocol-relative</a></li>
      <li class="bdrtp"><a href="/Tin-tuc/Kinh-te/5/y">the same again</a></li>
      <div class="paging"><ul><li class="next"><a href="">self</a></li></ul></div>
    </body></html>"""
    listing = parse_listing(page_response(html, LIST_URL))
    assert [e.url for e in listing.entries] == ["http://hanoimoi.com.vn/Tin-tuc/Kinh-te/5/y"]
    assert listing.next_url is None


def test_a_page_no_layout_knows_raises_unknown_layout() -> None:
    response = page_response(
        "<html><body><h1>Trang mới</h1></body></html>".encode(),
        "http://hanoimoi.com.vn/Tin-tuc/A/1/x",
    )
    with pytest.raises(UnknownLayout, match="Tin-tuc/A/1/x"):
        pick_article_layout(response)
    with pytest.raises(UnknownLayout):
        parse_listing(response)


ARTICLE_URL = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/12345/bai-viet"


def article(inner: str) -> dict[str, object]:
    html = f"<html><body><div class='detail'>{inner}</div></body></html>".encode()
    return extract_item(html, ARTICLE_URL)


def test_the_last_refer_block_is_the_date_line() -> None:
    item = article("""<div class="refer">Thứ Bảy, 28/11/2026</div><h1>Tiêu đề</h1>
      <div class="refer"><a class="cap">Xã hội</a> | 09:05 Thứ Năm ngày 02/02/2017</div>
      <div id="NewsGallery"><p>Nội dung.</p></div>""")
    assert item["section"] == "Xã hội"
    assert item["published_text"] == "09:05 Thứ Năm ngày 02/02/2017"
    assert item["published_at"] == "2017-02-02T09:05:00+07:00"


def test_body_falls_back_to_summ_and_br_separates_paragraphs() -> None:
    item = article("""<h1>Tiêu đề</h1>
      <div class="refer"><a class="cap">Xã hội</a> | 09:05 Thứ Năm ngày 02/02/2017</div>
      <div class="summ"><div class="bold">Sapo.</div>Một.<br>Hai <b>đậm</b>.<br><br>Ba.
      <script>var x = "không phải bài";</script></div>""")
    assert item["sapo"] == "Sapo."
    assert item["body"] == "Một.\n\nHai đậm.\n\nBa."


def test_relative_image_urls_become_absolute_and_missing_captions_empty() -> None:
    item = article("""<h1>T</h1>
      <div class="refer"><a class="cap">Xã hội</a> | 09:05 02/02/2017</div>
      <div id="NewsGallery"><p>Nội dung.</p><img src="../Uploads/a/2017/2/2/x.jpg">
      <figure><img src="//hanoimoi.com.vn/Uploads/b.jpg"></figure></div>""")
    assert item["images"] == [
        {"url": "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/Uploads/a/2017/2/2/x.jpg", "caption": ""},
        {"url": "http://hanoimoi.com.vn/Uploads/b.jpg", "caption": ""},
    ]


def test_raw_item_keeps_dates_as_text_for_the_pipeline() -> None:
    html = (SITE.parent.parent / "era_2017" / "seed-chinh-tri-859634.html").read_bytes()
    item = parse_article(page_response(html, ARTICLE_URL))
    assert item["published_text"] == "07:12 Chủ Nhật ngày 01/01/2017"
    assert item["published_at"] is None


DEEP = 1500  # deeper than Python's recursion limit, within what libxml2 parses (2048)


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        pytest.param(
            "a<!-- c -->b<p>x</p>t<br>w", ["ab", "x", "t", "w"], id="comments keep their tails"
        ),
        pytest.param(
            "a<script>x</script>b<form>y</form> c<p>z</p>",
            ["ab c", "z"],
            id="scripts and forms give only the text after them",
        ),
        pytest.param(
            "<p>đầu</p>" + "<div>" * DEEP + "sâu" + "</div>" * DEEP + "<p>cuối</p>",
            ["đầu", "sâu", "cuối"],
            id="blocks nested 1500 deep are read",
        ),
        pytest.param(
            "<p>đầu " + "<font>" * DEEP + "đậm" + "</font>" * DEEP + " cuối</p>",
            ["đầu đậm cuối"],
            id="inline tags nested 1500 deep stay one paragraph",
        ),
    ],
)
def test_paragraphs(markup: str, expected: list[str]) -> None:
    body = Selector(text=f'<html><body><div id="b">{markup}</div></body></html>').css("#b")[0]
    assert paragraphs(body.root) == expected


@pytest.mark.parametrize("layout", [*ARTICLE_LAYOUTS, *LISTING_LAYOUTS], ids=lambda c: c.__name__)
def test_every_marker_is_a_literal_part_of_the_detect_selector(layout: type) -> None:
    """A marker is a first look only: a page without it can never match ``detect``."""
    for marker in layout.markers:
        assert marker.decode("ascii") in layout.detect, (layout.__name__, marker)


def test_markers_spare_the_query_but_never_decide_alone() -> None:
    seed = (Path(__file__).resolve().parents[1] / "fixtures" / "era_2017").glob("seed-*.html")
    body = next(seed).read_bytes()
    url = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/x"
    assert pick_article_layout(page_response(body, url)).name == "era_2017"
    # The marker ("refer") in a comment only: looked at, then the CSS query says no.
    fake = b"<html><body><!-- refer --><p>refer</p></body></html>"
    with pytest.raises(UnknownLayout):
        pick_article_layout(page_response(fake, url))
    # A UTF-16 page is never ruled out by its bytes.
    utf16 = page_response(body.decode("utf-8").encode("utf-16"), url)
    utf16 = utf16.replace(encoding="utf-16")
    assert may_hold(utf16, (b"refer",))


def test_a_memoized_method_runs_once_per_layout_instance() -> None:
    calls: list[int] = []

    class Counting(ArticleLayout):
        name = "counting"

        @memoized
        def title(self) -> str:
            calls.append(1)
            return "tít"

    response = page_response(b"<html><body></body></html>", "http://hanoimoi.vn/a-1.html")
    first, second = Counting(response), Counting(response)
    assert [first.title(), first.title(), second.title()] == ["tít"] * 3
    assert len(calls) == 2
