"""The era_2017 article layout on the markup its fixture pairs do not make obvious.

The hand-written pairs in ``fixtures/era_2017/hand-*`` prove whole pages; these tests pin the
rules behind them: chrome inside the body is never text nor image, the player script never
leaks, the last ``div.tags`` wins, the byline belongs to the article, and the pages really
carry the odd bytes (NFD, windows-1258) their names promise.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem

from hnmcrawler.extract import extract_item, page_response
from hnmcrawler.layouts.era_2017 import Era2017Article

ERA = Path(__file__).resolve().parents[1] / "fixtures" / "era_2017"
URL = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/867999/bai-viet"
HEAD = """<h1>Tiêu đề bài</h1>
<div class="refer"><a class="cap" href="/Danh-muc-tin/163/Xa-hoi">Xã hội</a>
 | 08:45 Thứ Hai ngày 13/03/2017</div>"""


def page(detail: str, *, before: str = "", after: str = "") -> bytes:
    return (
        "<html><head><meta charset='utf-8'></head><body><div id='wrapper'>"
        f"{before}<div class='detail'>{detail}</div>{after}</div></body></html>"
    ).encode()


def extract(detail: str, *, before: str = "", after: str = "", url: str = URL) -> dict[str, Any]:
    return extract_item(page(detail, before=before, after=after), url)


def pair(name: str) -> tuple[bytes, dict[str, Any]]:
    expected = json.loads((ERA / f"{name}.json").read_text(encoding="utf-8"))
    return (ERA / f"{name}.html").read_bytes(), expected


def every_text(item: dict[str, Any]) -> str:
    item = dict(item)
    item.pop("fetched_at", None)
    return json.dumps(item, ensure_ascii=False)


# One sample of each CHROME selector, each with a marker text and an image of its own.
CHROME_SAMPLES = {
    "div.author": "<div class='author'>Dấu-tác-giả</div>",
    "div.tagbox": "<div class='tagbox'><div class='tags'><a>Dấu-thẻ</a></div></div>",
    "div.refer": "<div class='refer'>Dấu-dòng-ngày</div>",
    "[class*='share']": "<div class='box-share'>Dấu-chia-sẻ <img src='/Uploads/s.png'></div>",
    ".ads": "<div class='ads'><a href='/qc'><img src='/Uploads/qc.jpg'>Dấu-quảng-cáo</a></div>",
    ".adv": "<div class='adv'>Dấu-adv <img src='/Uploads/adv.jpg'></div>",
    ".banner": "<div class='banner'><img src='/Uploads/banner.jpg'>Dấu-banner</div>",
    "ins.adsbygoogle": "<ins class='adsbygoogle'>Dấu-google</ins>",
    "[class*='relate']": (
        "<div class='related'><h3>Tin liên quan</h3><p>Dấu-liên-quan</p>"
        "<img src='/Uploads/thumb.jpg'></div>"
    ),
    "[class*='lienquan']": "<div class='tinlienquan'>Dấu-tin-liên-quan</div>",
    "[id*='player']": "<div id='mediaplayer'>Dấu-trình-phát <img src='/Uploads/poster.jpg'></div>",
}


def test_every_chrome_selector_has_a_sample() -> None:
    assert set(CHROME_SAMPLES) == set(Era2017Article.CHROME)


def test_chrome_inside_the_body_is_never_text_nor_image() -> None:
    fields = ("div.author", "div.tagbox", "div.refer")  # read by their own fields
    chrome = "\n".join(v for k, v in CHROME_SAMPLES.items() if k not in fields)
    item = extract(f"""{HEAD}<div id="NewsGallery"><div class="bold">Sapo.</div>
      <p>Một.</p>{chrome}<p>Hai.</p>
      <figure><img src="/Uploads/a/2017/3/13/that.jpg"><figcaption>Ảnh thật.</figcaption></figure>
      </div><div class="author">Hoàng Lân</div>""")
    assert item["body"] == "Một.\n\nHai."
    assert "Dấu-" not in every_text(item)
    assert item["images"] == [
        {"url": "http://hanoimoi.com.vn/Uploads/a/2017/3/13/that.jpg", "caption": "Ảnh thật."}
    ]
    assert item["authors"] == ["Hoàng Lân"]


def test_chrome_in_a_caption_is_not_its_text_and_an_ad_image_is_no_image() -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><div class="bold">Sapo.</div><p>Một.</p>
      <figure><img src="/Uploads/a/2017/3/13/that.jpg"><figcaption>Ảnh
        <span class="ads">Dấu-quảng-cáo</span>thật.</figcaption></figure>
      <a href="/qc"><img class="banner" src="/Uploads/qc.jpg"></a></div>""")
    assert item["images"] == [
        {"url": "http://hanoimoi.com.vn/Uploads/a/2017/3/13/that.jpg", "caption": "Ảnh thật."}
    ]


def test_byline_tags_and_date_line_inside_the_body_are_not_body_text() -> None:
    inside = "".join(CHROME_SAMPLES[k] for k in ("div.author", "div.tagbox", "div.refer"))
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p>{inside}<p>Hai.</p></div>""")
    assert item["body"] == "Một.\n\nHai."
    assert (item["authors"], item["tags"]) == (["Dấu-tác-giả"], ["Dấu-thẻ"])


def test_a_list_of_article_links_in_the_body_is_not_text_but_a_list_of_words_is() -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p>
      <ul><li><a href="/Tin-tuc/Xa-hoi/1/a"><img src="/Uploads/t.jpg">Bài cũ A</a></li>
          <li><a href="/Tin-tuc/Xa-hoi/2/b">Bài cũ B</a></li></ul>
      <ul><li>Điểm thứ nhất</li><li>Điểm có <a href="/x">liên kết</a></li></ul></div>""")
    assert item["body"] == "Một.\n\nĐiểm thứ nhất\n\nĐiểm có liên kết"
    assert item["images"] == []


def test_a_gallery_list_of_linked_images_keeps_its_images() -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p><ul class="gallery">
      <li><a href="/Uploads/a/1-lon.jpg"><img src="/Uploads/a/1.jpg"></a></li>
      <li><a href="/Uploads/a/2-lon.jpg"><img src="/Uploads/a/2.jpg"></a></li></ul></div>""")
    assert [i["url"] for i in item["images"]] == [
        "http://hanoimoi.com.vn/Uploads/a/1.jpg",
        "http://hanoimoi.com.vn/Uploads/a/2.jpg",
    ]


def test_a_byline_inside_a_related_box_is_not_the_author() -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p>
      <div class="related"><a href="/Tin-tuc/Xa-hoi/1/a">Bài cũ</a>
        <div class="author">Ai đó</div></div>
      <p>Hai.</p></div><div class="author">Minh Phương</div>""")
    assert item["authors"] == ["Minh Phương"]


def test_the_player_script_never_appears_in_any_field() -> None:
    body, expected = pair("hand-media-video")
    item = extract_item(body, expected["url"])
    text = every_text(item)
    for leak in ("jwplayer", "file:", ".mp4", "aspectratio", "Loading the player"):
        assert leak not in text
    assert item["body"] == item["sapo"]


def test_a_video_with_a_description_keeps_it_as_body_and_drops_the_script() -> None:
    item = extract(f"""{HEAD}<div class="summ"><div class="bold">Sapo.</div>
      <script>jwplayer("p").setup({{file: '/Uploads/video/x.mp4'}});</script>
      <p>Lời bình của video.</p></div>""")
    assert item["body"] == "Lời bình của video."
    assert "mp4" not in every_text(item)


def test_a_body_with_no_text_at_all_is_still_dropped() -> None:
    with pytest.raises(DropItem, match="missing body"):
        extract(f"""{HEAD}<div id="NewsGallery"><script>x = {{file: 'a.mp4'}}</script></div>""")


def test_the_last_tags_box_wins_even_when_empty() -> None:
    header = "<div class='tagbox'><div class='tags'><a>Sự kiện nóng</a></div></div>"
    tagged = extract(
        f"""{HEAD}<div id="NewsGallery"><p>Một.</p></div>
        <div class="tagbox"><span>Từ khoá</span><div class="tags"><a>thẻ một</a>,
        <a>thẻ hai</a>, <a>thẻ một</a></div></div>""",
        before=header,
    )
    assert tagged["tags"] == ["thẻ một", "thẻ hai"]
    empty = extract(
        f"""{HEAD}<div id="NewsGallery"><p>Một.</p></div>
        <div class="tagbox"><div class="tags"></div></div>""",
        before=header,
    )
    assert empty["tags"] == []


def test_a_sidebar_byline_after_an_unsigned_article_is_not_its_author() -> None:
    item = extract(
        f"""{HEAD}<div id="NewsGallery"><p>Một.</p></div>""",
        after="<div class='colright'><div class='author'>Tuyết Mai</div></div>",
    )
    assert item["authors"] == []


def test_a_byline_before_the_body_is_not_read_but_one_after_it_is() -> None:
    item = extract(f"""{HEAD}<div class="author">Ban Biên tập</div>
      <div id="NewsGallery"><p>Một.</p></div><div class="author">Minh Phương</div>""")
    assert item["authors"] == ["Minh Phương"]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        pytest.param("Hoàng Lân - Minh Phương", ["Hoàng Lân", "Minh Phương"], id="dash"),
        pytest.param("Bài và ảnh: Ngọc Hà", ["Ngọc Hà"], id="credit prefix"),
        pytest.param(
            "<b>Hoàng Lân</b><br><b>Minh Phương</b>", ["Hoàng Lân", "Minh Phương"], id="br"
        ),
        pytest.param("Bài và ảnh:<br>Ngọc Hà", ["Ngọc Hà"], id="credit on its own line"),
    ],
)
def test_bylines(byline: str, authors: list[str]) -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p></div>
      <div class="author">{byline}</div>""")
    assert item["authors"] == authors


def test_headline_block_and_body_in_separate_boxes() -> None:
    detail = (
        """<div class="head">"""
        + HEAD
        + """<div class="bold">Sapo ngoài thân bài.</div></div>
      <div id="NewsGallery"><p>Một.</p></div><div class="author">Thu Hằng</div>"""
    )
    item = extract(detail)
    assert (item["title"], item["sapo"], item["body"]) == (
        "Tiêu đề bài",
        "Sapo ngoài thân bài.",
        "Một.",
    )
    assert item["authors"] == ["Thu Hằng"]


def test_a_news_gallery_without_text_falls_back_to_summ() -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"></div>
      <div class="summ"><div class="bold">Sapo.</div><p>Một.</p></div>""")
    assert (item["sapo"], item["body"]) == ("Sapo.", "Một.")


def test_a_summ_box_in_a_sidebar_before_the_article_is_not_the_body() -> None:
    item = extract(
        f"""{HEAD}<div class="summ"><p>Bài thật.</p></div>""",
        before="<div class='colright'><div class='summ'>Tóm tắt bài khác.</div></div>",
    )
    assert item["body"] == "Bài thật."


def test_images_lazy_duplicate_and_data_uri() -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p>
      <img src="data:image/gif;base64,R0lGOD" data-src="/Uploads/a/lazy.jpg">
      <img src="data:image/gif;base64,R0lGOD">
      <figure><img src="/Uploads/a/x.jpg"></figure>
      <figure><img src="/Uploads/a/x.jpg"><figcaption>Chú thích sau.</figcaption></figure>
      </div>""")
    assert item["images"] == [
        {"url": "http://hanoimoi.com.vn/Uploads/a/lazy.jpg", "caption": ""},
        {"url": "http://hanoimoi.com.vn/Uploads/a/x.jpg", "caption": "Chú thích sau."},
    ]


def test_the_date_line_is_read_without_its_section_link_wherever_it_stands() -> None:
    item = extract("""<h1>T</h1><div class="refer">08:45 Thứ Hai ngày 13/03/2017 |
      <a class="cap">Xã hội</a></div><div id="NewsGallery"><p>Một.</p></div>""")
    assert (item["section"], item["published_text"]) == ("Xã hội", "08:45 Thứ Hai ngày 13/03/2017")


def test_a_lowercase_address_with_a_query_gives_the_same_item_as_the_canonical_one() -> None:
    body, expected = pair("hand-phap-dinh-951457")
    served = expected["url"].replace("/Tin-tuc/Phap-dinh/", "/tin-tuc/phap-dinh/")
    assert served != expected["url"]
    item = extract_item(body, served + "?utm_source=rss")
    assert item.pop("fetched_at")
    assert item == expected


def test_the_windows_1258_page_is_served_as_windows_1258_bytes() -> None:
    body, expected = pair("hand-cp1258")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert page_response(body, expected["url"]).encoding == "cp1258"
    assert "\u0323" in body.decode("cp1258")  # tone marks as combining characters
    assert unicodedata.is_normalized("NFC", expected["body"])


def test_the_nfd_page_is_decomposed_and_its_item_composed() -> None:
    body, expected = pair("hand-nfd")
    text = body.decode("utf-8")
    assert not unicodedata.is_normalized("NFC", text)
    item = extract_item(body, expected["url"])
    for field in ("title", "sapo", "body", "section", "published_text"):
        assert unicodedata.is_normalized("NFC", item[field])
    assert all(unicodedata.is_normalized("NFC", t) for t in item["tags"] + item["authors"])


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("detail", id="inside the article block"),
        pytest.param("after", id="in a sidebar after it"),
    ],
)
def test_a_listed_item_after_the_article_does_not_take_its_section_and_date(where: str) -> None:
    others = """<ul><li class="bdrtp"><a href="/Tin-tuc/Xa-hoi/867001/khac">Bài khác</a>
      <div class="refer"><a class="cap" href="/Danh-muc-tin/163/Xa-hoi">Xã hội</a>
       | 08:00 Thứ Ba ngày 14/03/2017</div></li></ul>"""
    detail = """<h1>T</h1><div class="refer"><a class="cap">Giáo dục</a>
      | 07:30 Thứ Hai ngày 13/03/2017</div><div id="NewsGallery"><p>Một.</p></div>"""
    item = extract(
        detail + (others if where == "detail" else ""),
        after=others if where == "after" else "",
    )
    assert (item["section"], item["published_text"]) == (
        "Giáo dục",
        "07:30 Thứ Hai ngày 13/03/2017",
    )
    assert item["body"] == "Một."


@pytest.mark.parametrize(
    ("img", "url"),
    [
        pytest.param(
            '<img src="/Content/images/blank.gif" data-original="/Uploads/a/2017/3/13/that.jpg">',
            "http://hanoimoi.com.vn/Uploads/a/2017/3/13/that.jpg",
            id="data-original over a blank.gif placeholder",
        ),
        pytest.param(
            '<img data-src="  " src="/Uploads/a/2017/3/13/that.jpg">',
            "http://hanoimoi.com.vn/Uploads/a/2017/3/13/that.jpg",
            id="a blank data-src falls back to src",
        ),
        pytest.param(
            '<img data-src="data:image/gif;base64,R0lGOD" src="/Uploads/a/2017/3/13/that.jpg">',
            "http://hanoimoi.com.vn/Uploads/a/2017/3/13/that.jpg",
            id="a data: URI in data-src falls back to src",
        ),
        pytest.param('<img data-src=" " src="">', None, id="no address at all is no image"),
    ],
)
def test_the_address_an_image_shows(img: str, url: str | None) -> None:
    item = extract(f"""{HEAD}<div id="NewsGallery"><p>Một.</p>{img}</div>""")
    assert item["images"] == ([{"url": url, "caption": ""}] if url else [])


@pytest.mark.parametrize(
    "kicker",
    [
        '<h2 class="subtitle">Hà Nội:</h2>',
        '<h3 class="news-subtitle">Hà Nội:</h3>',
        '<div class="Kicker">Hà Nội:</div>',
        '<p class="sub-title subtitle">Hà Nội:</p>',
        '<h4 class="kicker-line">Hà Nội:</h4>',
    ],
    ids=["h2.subtitle", "h3 class containing subtitle", "div.Kicker", "p", "h4 kicker-line"],
)
def test_a_kicker_just_before_the_headline_opens_the_title(kicker: str) -> None:
    item = extract(f"""{kicker}{HEAD}<div id="NewsGallery"><p>Một.</p></div>""")
    assert item["title"] == "Hà Nội: Tiêu đề bài"


@pytest.mark.parametrize(
    "before",
    [
        '<h2 class="subtitle">Xa tiêu đề</h2><div class="share">Chia sẻ</div>',
        '<h2 class="section-name">Không phải kicker</h2>',
        '<span class="subtitle">Không phải khối</span>',
    ],
    ids=["not right before the h1", "another class", "an inline element"],
)
def test_other_lines_before_the_headline_are_not_the_kicker(before: str) -> None:
    item = extract(f"""{before}{HEAD}<div id="NewsGallery"><p>Một.</p></div>""")
    assert item["title"] == "Tiêu đề bài"


@pytest.mark.parametrize("order", ["gallery first", "summ first"])
def test_a_photo_gallery_apart_from_the_text_in_summ_gives_its_images(order: str) -> None:
    gallery = """<div id="NewsGallery"><figure><img src="/Uploads/a/1.jpg">
      <figcaption>Một.</figcaption></figure><figure><img src="/Uploads/a/2.jpg"></figure></div>"""
    summ = """<div class="summ"><div class="bold">Sapo.</div><p>Lời.</p>
      <img src="/Uploads/a/3.jpg"></div>"""
    boxes = gallery + summ if order == "gallery first" else summ + gallery
    item = extract(HEAD + boxes)
    urls = [f"http://hanoimoi.com.vn/Uploads/a/{n}.jpg" for n in (1, 2, 3)]
    in_order = urls if order == "gallery first" else urls[2:] + urls[:2]
    assert [i["url"] for i in item["images"]] == in_order
    assert item["images"][in_order.index(urls[0])]["caption"] == "Một."
    assert (item["sapo"], item["body"]) == ("Sapo.", "Lời.")


def test_a_gallery_in_a_sidebar_gives_no_images() -> None:
    item = extract(
        f"""{HEAD}<div class="summ"><p>Lời.</p></div>""",
        after="<div class='colright'><div id='NewsGallery'><img src='/Uploads/x.jpg'></div></div>",
    )
    assert item["images"] == []
