"""``layouts/metadata.py`` and the images that are no article's picture (``sites.py``):
metadata values come without markup however the page escapes them, and a site logo or
placeholder is never an article image."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml.html import HtmlElement, document_fromstring

from hnmcrawler.extract import page_response
from hnmcrawler.layouts.generic import GenericArticle
from hnmcrawler.layouts.metadata import (
    json_ld_article,
    ld_keywords,
    ld_names,
    ld_text,
    ld_urls,
    meta,
)
from hnmcrawler.sites import is_placeholder_image
from tests.helpers import FIXTURES


def head(markup: str) -> HtmlElement:
    return document_fromstring(f"<html><head>{markup}</head><body><p>x</p></body></html>")


def ld_page(ld: str) -> HtmlElement:
    return head(f'<script type="application/ld+json">{ld}</script>')


@pytest.mark.parametrize(
    ("content", "value"),
    [
        pytest.param("Xu&#226;n B&#236;nh", "Xuân Bình", id="a plain attribute is decoded once"),
        pytest.param("Xu&amp;#226;n B&amp;#236;nh", "Xuân Bình", id="an escaped one twice"),
        pytest.param("Sở Tài chính &amp; Kế hoạch", "Sở Tài chính & Kế hoạch", id="an ampersand"),
        pytest.param("&lt;b&gt;Hà Nội&lt;/b&gt;", "Hà Nội", id="escaped tags go"),
        pytest.param(" &amp;nbsp; ", None, id="blank after decoding is None"),
    ],
)
def test_meta_values_come_without_markup(content: str, value: str | None) -> None:
    page = head(f'<meta property="og:title" content="{content}">')
    assert meta(page, "og:title") == (value.strip() if value else None)


ESCAPED_LD = json.dumps(
    {
        "@type": "NewsArticle",
        "headline": "Xu&#226;n B&#236;nh",
        "description": "Ng&amp;#224;y 23-8",
        "articleBody": "&lt;p&gt;M&#7897;t.&lt;/p&gt;&lt;p&gt;Hai.&lt;/p&gt;",
        "author": [{"name": "Ho&#224;ng L&#226;n"}, "Thu H&amp;#7857;ng", {"name": "  "}],
        "keywords": "ch&#7907; n&#244;ng s&#7843;n, Xu&#226;n B&#236;nh",
        "image": {"url": "https://hnm.1cdn.vn/a.jpg?w=1&amp;h=2"},
    }
)


def test_json_ld_strings_come_without_markup() -> None:
    ld = json_ld_article(ld_page(ESCAPED_LD)) or {}
    assert ld_text(ld, "headline") == "Xuân Bình"
    assert ld_text(ld, "description") == "Ngày 23-8"
    assert ld_text(ld, "articleBody") == "Một.\n\n\n\nHai."  # paragraphs stay apart
    assert ld_names(ld["author"]) == ["Hoàng Lân", "Thu Hằng"]
    assert ld_keywords(ld["keywords"]) == ["chợ nông sản", "Xuân Bình"]
    assert ld_keywords(["H&#224; N&#7897;i", "", 3]) == ["Hà Nội"]
    assert ld_urls(ld["image"]) == ["https://hnm.1cdn.vn/a.jpg?w=1&h=2"]


def test_a_blank_or_tag_only_json_ld_value_is_none() -> None:
    assert ld_text({"articleBody": "<p> </p><p>&nbsp;</p>"}, "articleBody") is None
    assert ld_text({"headline": 7}, "headline") is None


GENERIC = sorted((FIXTURES / "generic").glob("*.html"))
MARKUP = re.compile(r"&#?\w+;|</?[a-z]+[\s>/]")  # an entity or a tag: "giá < 3" is text


@pytest.mark.parametrize("page", GENERIC, ids=lambda p: p.stem)
def test_the_generic_reader_gives_no_markup_before_any_pipeline(page: Path) -> None:
    url = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    item = GenericArticle.read(page_response(page.read_bytes(), url))
    assert item is not None
    texts = [item["title"], item["sapo"], item["body"], item["section"], *item["authors"]]
    assert not [t for t in [*texts, *item["tags"]] if MARKUP.search(t)]
    assert not [i for i in item["images"] if is_placeholder_image(i["url"])]


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        pytest.param("https://hnm.1cdn.vn/assets/images/logo-hnm-share.png", True, id="share logo"),
        pytest.param(
            "http://HNM.1cdn.vn/assets/images/logo-hnm-share.png?v=2", True, id="any form"
        ),
        pytest.param("https://hanoimoi.vn/assets/images/logo.svg", True, id="the CMS's logos"),
        pytest.param("data:image/gif;base64,R0lGODlhAQABAAAAACw=", True, id="a data URI"),
        pytest.param("https://hanoimoi.vn/images/no-image.jpg", True, id="no-image"),
        pytest.param("/Content/images/noimage.png", True, id="noimage, relative"),
        pytest.param("https://hnm.1cdn.vn/default.jpg", True, id="default.jpg"),
        pytest.param("https://hnm.1cdn.vn/img/Default.PNG", True, id="default.png, any case"),
        pytest.param("https://hnm.1cdn.vn/img/placeholder-540x360.png", True, id="placeholder"),
        pytest.param("http://hanoimoi.com.vn/Uploads/images/grey.gif", True, id="grey.gif"),
        pytest.param("http://hanoimoi.com.vn/images/blank.gif", True, id="blank.gif"),
        pytest.param("https://hnm.1cdn.vn/2026/02/20/hnm-1266648-1.jpg", False, id="a photo"),
        pytest.param(
            "https://hnm.1cdn.vn/2025/08/20/default-route-map.jpg", False, id="a photo named so"
        ),
        pytest.param(
            "http://hanoimoi.com.vn/Uploads/images/tuandiep/2017/01/02/logo-apec.jpg",
            False,
            id="a photo of a logo",
        ),
        pytest.param("", False, id="no address is no image"),
    ],
)
def test_is_placeholder_image(url: str, placeholder: bool) -> None:
    assert is_placeholder_image(url) is placeholder
