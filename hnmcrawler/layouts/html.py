"""Markup helpers shared by the layouts: text of a node, paragraphs of a body, a pruned
copy of a subtree, where a node stands, the address an image shows.

Pure functions over parsel selectors and lxml elements; no Scrapy import.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Container, Iterable, Iterator
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator

from hnmcrawler.layouts.match import matcher, simple_selectors
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
# Where an ``img`` may keep its address, the first present wins: lazy images keep the real
# URL in ``data-src`` (or ``data-original``) and a placeholder in ``src``.
IMAGE_SOURCES: tuple[str, ...] = ("data-src", "data-original", "src")


@lru_cache(maxsize=512)
def compiled_xpath(query: str) -> etree.XPath:
    """An XPath compiled once, evaluated on lxml elements, giving plain strings."""
    return etree.XPath(query, smart_strings=False)


@lru_cache(maxsize=512)
def compiled_css(query: str) -> etree.XPath:
    """A CSS selector (parsel's dialect, ``::text`` and ``::attr()`` included) compiled once."""
    return compiled_xpath(_CSS.css_to_xpath(query))


@lru_cache(maxsize=128)
def compiled_exists(query: str) -> etree.XPath:
    """Whether a CSS selector matches anywhere under an element (a bool): libxml2 may stop
    at the first match instead of collecting them all."""
    return compiled_xpath(f"boolean(({_CSS.css_to_xpath(query)})[1])")


# Whether an element is to be dropped.
Test = Callable[[etree._Element], bool]
# A query that drops nodes: an XPath, or a function from a node to the nodes to drop.
Query = str | Callable[[etree._Element], list[Any]]


def _compiled(query: Query) -> Callable[[etree._Element], Any]:
    return compiled_xpath(query) if isinstance(query, str) else query


def has_class_word(element: etree._Element, words: Iterable[str]) -> bool:
    """True when the class of ``element`` contains one of ``words``, in any case. A look in
    Python: XPath 1.0's ``translate()`` on every element costs ten times more."""
    names = element.get("class") if isinstance(element.tag, str) else None
    return names is not None and any(word.lower() in names.lower() for word in words)


_CSS = HTMLTranslator()
_TEXT = ".//text()[not(ancestor::script or ancestor::style)]"


def element_text(element: etree._Element | None) -> str:
    """``node_text`` of an lxml element."""
    return "" if element is None else clean_text(" ".join(compiled_xpath(_TEXT)(element)))


def node_text(node: Selector | SelectorList[Selector] | None) -> str:
    """All text inside a node (or the first of a list), cleaned; ``""`` for nothing."""
    if node is None:
        return ""
    if isinstance(node, SelectorList):
        if not node:
            return ""
        node = node[0]
    if not isinstance(node.root, etree._Element):
        return clean_text(" ".join(node.xpath(_TEXT).getall()))
    return clean_text(" ".join(compiled_xpath(_TEXT)(node.root)))


def texts(nodes: Iterable[Selector | etree._Element]) -> list[str]:
    """The cleaned, non-empty text of each node, in order, without repeats."""
    seen: dict[str, None] = {}
    for node in nodes:
        text = element_text(node) if isinstance(node, etree._Element) else node_text(node)
        if text:
            seen.setdefault(text, None)
    return list(seen)


def first_of(scope: Selector, selectors: Iterable[str]) -> SelectorList[Selector]:
    """The first node matching the first of ``selectors`` (CSS) that matches; else empty."""
    for css in selectors:
        if found := scope.css(css):
            return found[:1]
    return SelectorList()


def inside(node: Selector, containers: Container[object]) -> bool:
    """True when one of the ancestors of ``node`` is among ``containers`` (lxml elements)."""
    return any(parent in containers for parent in node.root.iterancestors())


def image_source(img: Selector | etree._Element, attributes: Iterable[str] = IMAGE_SOURCES) -> str:
    """The address an ``img`` shows, as written; ``""`` for none.

    The first non-blank of ``attributes`` wins, ``data:`` URIs (placeholders) skipped.
    """
    for name in attributes:
        value = (img.attrib.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return ""


def pruned(node: Selector, *, css: Iterable[str] = (), xpath: Iterable[Query] = ()) -> Selector:
    """A copy of ``node`` without the descendants matching ``xpath`` (XPaths, or functions
    from a node to nodes), then ``css``.

    Each query is run on what the ones before it left. The page's own tree is left
    untouched, so other fields can still read it.
    """
    root = copy.deepcopy(node.root)
    queries = [*map(_compiled, xpath), *map(compiled_css, css)]
    for select in queries:
        for unwanted in select(root):
            if unwanted is not root and isinstance(unwanted, etree._Element):
                unwanted.drop_tree()
    return Selector(root=root)


def paragraphs(
    node: Selector,
    *,
    drop: Iterable[str] = (),
    drop_xpath: Iterable[Query] = (),
    drop_if: Test | None = None,
) -> list[str]:
    """The paragraphs of a body node, without what ``drop_xpath``, ``drop`` (CSS) and the
    never-text tags match (and the elements ``drop_if`` tells), as if ``pruned`` had removed
    them (their tails stay).

    Block elements and ``<br>`` separate paragraphs; inline markup does not. The page's own
    tree is read, not copied, and left untouched: what the queries match is skipped on the
    way. That is what ``pruned`` gives as long as only the first query looks at content:
    the ``drop`` selectors name tags and attributes, which earlier removals do not change.
    """
    if not isinstance(node.root, lxml_html.HtmlElement):
        return clean_paragraphs([str(node.get())])
    chunks: list[list[str]] = [[]]
    skip = dropped(node.root, (*drop, *NEVER_TEXT), drop_xpath, drop_if)
    _collect(node.root, chunks, skip)
    return clean_paragraphs("".join(chunk) for chunk in chunks)


def dropped(
    root: etree._Element,
    css: Iterable[str],
    xpath: Iterable[Query] = (),
    drop_if: Test | None = None,
) -> Test:
    """Whether an element under ``root`` is among what ``xpath`` and ``css`` match or what
    ``drop_if`` tells (never ``root`` itself). Simple CSS selectors and ``drop_if`` are asked
    element by element as the caller walks (``match``), the others run once as queries."""
    simple, other = simple_selectors(tuple(css))
    matches = matcher(simple)
    queries = [*map(_compiled, xpath), *map(compiled_css, other)]
    found = {element for select in queries for element in select(root)}

    def skip(element: etree._Element) -> bool:
        if element is root:
            return False
        return element in found or matches(element) or (drop_if is not None and drop_if(element))

    return skip


def kept(root: etree._Element, elements: Iterable[etree._Element], skip: Test) -> list[Any]:
    """Those of ``elements`` (under ``root``) that ``pruned`` would keep: neither ``skip``
    tells them nor one of their ancestors below ``root``."""
    return [element for element in elements if not any(map(skip, _up_to(element, root)))]


def _up_to(element: etree._Element, root: etree._Element) -> Iterator[etree._Element]:
    """``element`` and its ancestors, up to ``root`` (included) or the top of the tree."""
    node: etree._Element | None = element
    while node is not None:
        yield node
        if node is root:
            return
        node = node.getparent()


def kept_caption(img: etree._Element, root: etree._Element, skip: Test) -> str:
    """The caption of an ``img`` under ``root`` as ``pruned`` would leave it: the text of the
    first kept ``figcaption`` in its nearest ``figure`` up to ``root``; ``""`` for none."""
    figure = next((node for node in _up_to(img, root) if node.tag == "figure"), None)
    if figure is None:
        return ""
    captions = kept(figure, figure.iter("figcaption"), skip)
    if not captions:
        return ""
    caption = captions[0]
    if not any(map(skip, caption.iterdescendants())):
        return element_text(caption)
    twin = copy.deepcopy(caption)  # rare: drop what is dropped, tails kept, and read that
    unwanted = [
        t for o, t in zip(caption.iter(), twin.iter(), strict=True) if o is not caption and skip(o)
    ]
    for element in unwanted:
        element.drop_tree()
    return element_text(twin)


def _collect(
    root: lxml_html.HtmlElement,
    chunks: list[list[str]],
    skip: Callable[[etree._Element], bool] = lambda element: False,
) -> None:
    """Texts and tails in document order, a new chunk where each block starts and ends;
    of an element ``skip`` tells, only the tail, as if it had been dropped.

    A loop over a stack, not a recursion: broken pages nest thousands of tags deep.
    """
    stack: list[tuple[lxml_html.HtmlElement, bool]] = [(root, False)]
    while stack:
        element, ended = stack.pop()
        if not ended and skip(element):
            if element.tail:
                chunks[-1].append(element.tail)
            continue
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            chunks.append([])
        if ended:
            if element is not root and element.tail:
                chunks[-1].append(element.tail)
            continue
        if isinstance(element.tag, str) and element.text:
            chunks[-1].append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
