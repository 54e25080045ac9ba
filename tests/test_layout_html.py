"""``layouts.html.pruned``, the one way layouts drop a box from a body: what it drops is what
parsel's CSS (or the XPath, or the test) matches, with all it holds; the text after a box
stays; the page itself is left as it was."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from hnmcrawler.layouts.html import (
    compiled_css,
    has_class_word,
    paragraphs,
    pruned,
    text_of,
)

PAGE = """<html><body><div id="abody" class="Body  main">
  <p class="align-justify">Một <span class="c-box">ad</span> hai</p>
  <div class="c-box&#9;wide">x</div><div class="c-boxy">y</div>
  <div class="box-related-news">r</div><ul class="related"><li>l</li></ul>
  <section data-kind=""><ins class="adsbygoogle"></ins></section>
  <div id="player-1">v</div><DIV CLASS="UPPER">u</DIV><!-- a comment -->
  <figure><img src="a.jpg"><figcaption>c</figcaption></figure>
  <span class="sc-longform-header-date">d</span>
  <div class="x"><p>đoạn</p><p>p đầu</p></div>
</div></body></html>"""

SELECTORS = [
    "figure",
    "figcaption, img",
    ".c-box",
    "div.c-box",
    ".wide.c-box",
    "span.c-box",
    '[class*="related"]',
    "[class*='']",
    "ul[class]",
    "[data-kind]",
    '[data-kind=""]',
    "[id*='player']",
    "#abody",
    "div#abody.main",
    ".body",
    ".Body",
    "div.UPPER",
    "DIV.upper",
    "ins.adsbygoogle",
    "*",
    "p *",
    "div > p",
    "p:first-child",
    "div.x p",
]


def body() -> HtmlElement:
    return Selector(text=PAGE).css("#abody")[0].root


def kept_tags(root: HtmlElement) -> list[tuple[str, str | None]]:
    return [(e.tag, e.get("class")) for e in root.iter() if isinstance(e.tag, str)]


@pytest.mark.parametrize("css", SELECTORS)
def test_a_selector_drops_what_parsel_css_matches_with_all_it_holds(css: str) -> None:
    root = body()
    matched = set(compiled_css(css)(root)) - {root}
    expected = [
        e for e in root.iter() if isinstance(e.tag, str) and not ({e, *e.iterancestors()} & matched)
    ]
    assert kept_tags(pruned(root, css=(css,))) == [(e.tag, e.get("class")) for e in expected]


def test_the_page_is_left_as_it_was_and_the_root_is_never_dropped() -> None:
    root = body()
    before = etree.tostring(root)
    copy = pruned(root, css=("*", "#abody"), xpath=(".//p",))
    assert etree.tostring(root) == before
    assert kept_tags(copy) == [("div", "Body  main")]


BODY = """<div class="c-news-detail"><article class="entry">
  <figure><img src="a.jpg"><figcaption>Một<span class="c-box">ad</span>hai
    <b>ba</b><!-- c --><i class="share-row">x</i>bốn</figcaption></figure>
  <div class="c-box"><figure><img src="ad.jpg"><figcaption>ad</figcaption></figure></div>
  <figure><div class="c-box"><figcaption>hidden</figcaption></div><img src="b.jpg">
    <figcaption>Ảnh: PV</figcaption></figure>
  <p>Đầu <span class="c-box">ad</span>cuối</p><div class="c-box">ad</div>sau
  <p><img src="c.jpg"></p></article></div>"""


def is_share(element: HtmlElement) -> bool:
    return has_class_word(element, ("SHARE",))


def test_images_captions_and_text_read_from_the_copy_without_the_boxes() -> None:
    root = Selector(text=BODY).css("div.c-news-detail")[0].root
    copy = pruned(root, css=(".c-box",), test=is_share)
    found = [
        (img.get("src"), text_of(next(iter(img.xpath("ancestor::figure[1]//figcaption")), None)))
        for img in copy.iter("img")
    ]
    assert found == [("a.jpg", "Mộthai ba bốn"), ("b.jpg", "Ảnh: PV"), ("c.jpg", "")]
    # the tails of dropped boxes join the text before them
    assert paragraphs(pruned(copy, css=("figure",))) == ["Đầu cuối", "sau"]


def test_the_test_is_asked_from_the_top_down_never_inside_a_box_found() -> None:
    root = Selector(text=BODY).css("article")[0].root
    asked: list[str] = []

    def test(element: HtmlElement) -> bool:
        asked.append(element.get("src") or "")
        return element.tag == "figure"

    copy = pruned(root, css=("div.c-box",), test=test)
    assert "ad.jpg" not in asked  # in a box the CSS found
    assert "a.jpg" not in asked  # in a figure the test dropped
    assert "c.jpg" in asked
    assert [img.get("src") for img in copy.iter("img")] == ["c.jpg"]
