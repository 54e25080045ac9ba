"""``layouts.match``: CSS compound selectors asked in Python answer as parsel's CSS does;
and what is kept of a body without copying it reads as on a pruned copy."""

from __future__ import annotations

import pytest
from lxml import etree
from parsel import Selector

from hnmcrawler.layouts.html import (
    compiled_css,
    compiled_xpath,
    dropped,
    has_class_word,
    kept,
    kept_caption,
    node_text,
    pruned,
)
from hnmcrawler.layouts.match import matcher, simple_selectors

PAGE = """<html><body><div id="abody" class="Body  main">
  <p class="align-justify">Một <span class="c-box">ad</span> hai</p>
  <div class="c-box&#9;wide">x</div><div class="c-boxy">y</div>
  <div class="box-related-news">r</div><ul class="related"><li>l</li></ul>
  <section data-kind=""><ins class="adsbygoogle"></ins></section>
  <div id="player-1">v</div><DIV CLASS="UPPER">u</DIV><!-- a comment -->
  <figure><img src="a.jpg"><figcaption>c</figcaption></figure>
  <span class="sc-longform-header-date">d</span>
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
]


@pytest.mark.parametrize("css", SELECTORS)
def test_a_selector_matches_what_parsel_css_matches(css: str) -> None:
    root = Selector(text=PAGE).root
    expected = set(compiled_css(css)(root))
    simple, other = simple_selectors((css,))
    if other:
        assert css == "p *"  # a combinator is left to XPath
        return
    assert {e for e in root.iter() if matcher(simple)(e)} == expected


def test_selectors_with_combinators_or_pseudo_classes_are_left_to_xpath() -> None:
    css = ("div > p", "p:first-child", "figure", "a b", "[class~='x']", "p::text")
    assert simple_selectors(css) == (("figure",), tuple(c for c in css if c != "figure"))


BODY = """<div class="c-news-detail"><article class="entry">
  <figure><img src="a.jpg"><figcaption>Một<span class="c-box">ad</span>hai
    <b>ba</b><!-- c --><i class="share-row">x</i>bốn</figcaption></figure>
  <div class="c-box"><figure><img src="ad.jpg"><figcaption>ad</figcaption></figure></div>
  <figure><div class="c-box"><figcaption>hidden</figcaption></div><img src="b.jpg">
    <figcaption>Ảnh: PV</figcaption></figure>
  <p><img src="c.jpg"></p></article></div>"""


def test_kept_images_and_captions_read_as_on_a_pruned_copy() -> None:
    root = Selector(text=BODY).css("div.c-news-detail")[0]
    share = compiled_xpath(".//*[contains(@class, 'share')]")
    copy = pruned(root, xpath=(share,), css=(".c-box",))
    expected = [
        (img.attrib["src"], node_text(img.xpath("ancestor::figure[1]//figcaption")))
        for img in copy.css("img")
    ]

    def is_share(element: etree._Element) -> bool:
        return has_class_word(element, ("SHARE",))

    skip = dropped(root.root, (".c-box",), drop_if=is_share)
    found = [
        (img.get("src"), kept_caption(img, root.root, skip))
        for img in kept(root.root, root.root.iter("img"), skip)
    ]
    assert found == expected
    assert found[0][1] == "Mộthai ba bốn"  # the dropped span's tail joins the text before it
