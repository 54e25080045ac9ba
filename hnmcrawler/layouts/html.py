"""Markup helpers shared by the layouts: text of a node, paragraphs of a body.

Pure functions over parsel selectors and lxml elements; no Scrapy import.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import html as lxml_html
from parsel import Selector, SelectorList

from hnmcrawler.text import clean_paragraphs, clean_text

# Elements that start and end a paragraph; everything else is inline.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    }
)
# Never article text, wherever they stand.
NEVER_TEXT: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "template",
    "svg",
    "button",
    "form",
    "input",
    "select",
)


def node_text(node: Selector | SelectorList[Selector] | None) -> str:
    """All text inside a node (or the first of a list), cleaned; ``""`` for nothing."""
    if node is None:
        return ""
    if isinstance(node, SelectorList):
        if not node:
            return ""
        node = node[0]
    return clean_text(
        " ".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall())
    )


def texts(nodes: SelectorList[Selector]) -> list[str]:
    """The cleaned, non-empty text of each node, in order, without repeats."""
    seen: dict[str, None] = {}
    for node in nodes:
        text = node_text(node)
        if text:
            seen.setdefault(text, None)
    return list(seen)


def paragraphs(node: Selector, *, drop: Iterable[str] = ()) -> list[str]:
    """The paragraphs of a body node, after removing ``drop`` (CSS) and never-text elements.

    Block elements and ``<br>`` separate paragraphs; inline markup does not. The page's
    own tree is left untouched (we work on a copy), so other fields can still read it.
    """
    root = copy.deepcopy(node.root)
    if not isinstance(root, lxml_html.HtmlElement):
        return clean_paragraphs([str(node.get())])
    copy_sel = Selector(root=root)
    for css in (*drop, *NEVER_TEXT):
        for unwanted in copy_sel.css(css):
            if unwanted.root is not root:
                unwanted.root.drop_tree()
    chunks: list[list[str]] = [[]]
    _collect(root, chunks)
    return clean_paragraphs("".join(chunk) for chunk in chunks)


def _collect(element: lxml_html.HtmlElement, chunks: list[list[str]]) -> None:
    is_block = isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS
    if is_block:
        chunks.append([])
    if isinstance(element.tag, str) and element.text:
        chunks[-1].append(element.text)
    for child in element:
        _collect(child, chunks)
        if child.tail:
            chunks[-1].append(child.tail)
    if is_block:
        chunks.append([])
