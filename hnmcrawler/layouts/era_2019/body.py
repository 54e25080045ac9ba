"""What in an ``era_2019`` article body (``#abody``) is not article text: asides and the byline;
and the body of a page with no ``#abody`` (``loose_body``). ``article.Era2019Article`` calls them.

Nothing public shows this markup (``hnm-site.md``: *assumed*), so each rule is one named
place to correct. Our fixtures (our pages, not the site's) read like this (trimmed)::

    <div id="abody">
      <p>...</p>
      <div class="ads-inarticle"><script>googletag.cmd.push(...);</script>...</div>
      <div class="related-news"><h4>Tin liên quan</h4><ul><li><a href="...">...</a></li>...
      <p><strong>&gt;&gt; Xem thêm:</strong> <a href="/Tin-tuc/...">...</a></p>
      <aside><p>Đọc nhanh: ...</p></aside>
      <p style="text-align: right;"><strong>Nhật Nam</strong></p>
    </div>
"""

from __future__ import annotations

import copy
import re

from lxml import html as lxml_html

from hnmcrawler.text import clean_text

# The byline: the last right-aligned paragraph of #abody holding only a bold name.
BYLINE_TAGS = ("p", "div")
RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)  # or align="right"
BYLINE_MAX_LENGTH = 80  # longer bold text is a bold paragraph, not a name
# Boxes inside #abody that are not article text: <aside>, <ins> (ad slots), a class or id
# word naming an ad or a related-links box (``ads-inarticle``, ``adv``, ``banner``,
# ``related-news``, ``tinlienquan``), or a box that opens with a related-links heading.
ASIDE_TAGS = frozenset({"aside", "ins"})
ASIDE_WORDS = frozenset({"ad", "ads", "adv", "advert", "banner", "qc", "quangcao"})
ASIDE_PARTS = ("relat", "lienquan", "quangcao", "advert", "adsbygoogle")
ASIDE_HEADINGS = ("tin liên quan", "bài liên quan", "đọc thêm", "xem thêm")
ASIDE_BOXES = frozenset({"div", "table", "ul", "ol", "section"})
OPENING_LENGTH = 80  # the text read of a paragraph or box to find a heading or a label
# ... and a paragraph that is a labelled link line: ">> Xem thêm: ...", "Tin liên quan: ...".
ASIDE_LINE = re.compile(rf"^[>»\s]*(?:{'|'.join(ASIDE_HEADINGS)})\s*:", re.IGNORECASE)

_WORD = re.compile(r"[\s_-]+")


def is_aside(element: lxml_html.HtmlElement) -> bool:
    """True for an ad or related-links box inside the body (``ASIDE_*``)."""
    if not isinstance(element.tag, str):
        return False
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if element.tag in ASIDE_TAGS or set(_WORD.split(names)) & ASIDE_WORDS:
        return True
    if any(part in names for part in ASIDE_PARTS):
        return True
    if element.tag != "p" and element.tag not in ASIDE_BOXES:
        return False
    opening = clean_text(_opening(element)).casefold()
    if element.tag == "p":
        return ASIDE_LINE.match(opening) is not None
    return opening.startswith(ASIDE_HEADINGS)


def _opening(element: lxml_html.HtmlElement, length: int = OPENING_LENGTH) -> str:
    """The first ``length`` characters of the element's text, without reading the rest."""
    found: list[str] = []
    size = 0
    for text in element.itertext():
        found.append(text)
        size += len(text)
        if size >= length:
            break
    return "".join(found)[:length]


def is_byline(element: lxml_html.HtmlElement) -> bool:
    """A right-aligned paragraph whose only text is bold and short: the author's name."""
    right = RIGHT_ALIGNED.search(element.get("style", "")) or (
        element.get("align", "").strip().lower() == "right"
    )
    if not right:
        return False
    loose = element.xpath(".//text()[not(ancestor::strong or ancestor::b)]")
    bold = clean_text(" ".join(element.xpath(".//strong//text() | .//b//text()")))
    return not clean_text(" ".join(loose)) and 0 < len(bold) <= BYLINE_MAX_LENGTH


# Without #abody, the body is the ``p`` siblings that follow the sapo holder, the first
# child of div.article (seen: one public crawler reads exactly that); figures among them
# (assumed, as in #abody) hold the body's images.
LOOSE_BODY_TAGS = frozenset({"p", "figure"})


def loose_body(
    article: lxml_html.HtmlElement, holder: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement | None:
    """A new ``div`` holding copies of the ``LOOSE_BODY_TAGS`` children of ``article`` (the
    div.article of a page with no #abody) that follow ``holder``, the child that holds the
    sapo (all of them when None); None when there are none. Loose text between them is
    not read, as the crawler that shows this markup does not read it."""
    children = list(article)
    start = next((n + 1 for n, child in enumerate(children) if child is holder), 0)
    body = lxml_html.Element("div")
    for child in children[start:]:
        if isinstance(child.tag, str) and child.tag.lower() in LOOSE_BODY_TAGS:
            twin = copy.deepcopy(child)
            twin.tail = None
            body.append(twin)
    return body if len(body) else None
