"""Markup helpers shared by the layouts: compiled queries, the text of an element, a copy of
a body without its boxes, the paragraphs of a body, where an element stands, the address an
image shows.

Pure functions over lxml elements: the page's tree as ``response.selector`` parsed it, or a
``pruned`` copy of part of it. The layouts call them (``PageLayout.select`` and ``first``
run the compiled queries); no Scrapy import.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Container, Iterable
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement
from parsel.csstranslator import HTMLTranslator

from hnmcrawler.text import clean_paragraphs, clean_text

# Elements that start and end a paragraph; everything else is inline.
BLOCK_TAGS: frozenset[str] = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
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
    ]
)
# Never article text, wherever they stand (only the text after them is).
NEVER_TEXT: frozenset[str] = frozenset(
    [
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
    ]
)
# Where an ``img`` may keep its address, the first present wins: lazy images keep the real
# URL in ``data-src`` (or ``data-original``) and a placeholder in ``src``.
IMAGE_SOURCES: tuple[str, ...] = ("data-src", "data-original", "src")

_CSS = HTMLTranslator()
_TEXT = ".//text()[not(ancestor::script or ancestor::style)]"


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


def text_of(element: HtmlElement | None) -> str:
    """All text inside an element (scripts and styles aside), cleaned; ``""`` for None."""
    return "" if element is None else clean_text(" ".join(compiled_xpath(_TEXT)(element)))


def texts(elements: Iterable[HtmlElement]) -> list[str]:
    """The cleaned, non-empty text of each element, in order, without repeats."""
    return list(dict.fromkeys(text for text in map(text_of, elements) if text))


def inside(element: HtmlElement, containers: Container[object]) -> bool:
    """True when one of the ancestors of ``element`` is among ``containers``."""
    return any(parent in containers for parent in element.iterancestors())


def has_class_word(element: HtmlElement, words: Iterable[str]) -> bool:
    """True when the class of ``element`` contains one of ``words``, in any case. A look in
    Python: XPath 1.0's ``translate()`` on every element costs three times more."""
    names = element.get("class") if isinstance(element.tag, str) else None
    lowered = names.lower() if names else ""
    return any(word.lower() in lowered for word in words)


def image_source(img: HtmlElement, attributes: Iterable[str] = IMAGE_SOURCES) -> str:
    """The address an ``img`` shows, as written; ``""`` for none.

    The first non-blank of ``attributes`` wins, ``data:`` URIs (placeholders) skipped.
    """
    for name in attributes:
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return ""


def pruned(
    element: HtmlElement,
    *,
    css: Iterable[str] = (),
    xpath: Iterable[str] = (),
    test: Callable[[HtmlElement], bool] | None = None,
) -> HtmlElement:
    """A copy of ``element`` without its boxes: the descendants one of the ``css`` selectors
    or ``xpath`` queries matches or ``test`` tells, each with all it holds. The text after a
    box (its tail) stays where the box stood.

    The one way the layouts drop ads, related links, share boxes and the like from a body:
    they read its text, images and captions from the copy. Queries and test look at the copy
    before anything is dropped, which is the page as it is (the page's own tree is left
    untouched for the other fields); ``test`` is asked from the top down, never about what
    stands in a box already found.
    """
    twin = copy.deepcopy(element)
    queries = [compiled_css(", ".join(css))] if css else []  # one query for all selectors
    queries.extend(map(compiled_xpath, xpath))
    found = {box for query in queries for box in query(twin)}
    boxes: list[HtmlElement] = []
    stack = list(twin)
    while stack:
        node = stack.pop()
        if node in found or (test is not None and test(node)):
            boxes.append(node)
        else:
            stack.extend(node)
    for box in boxes:
        box.drop_tree()
    return twin


def paragraphs(element: HtmlElement) -> list[str]:
    """The paragraphs of a body (a ``pruned`` copy, usually), cleaned and without empty or
    boilerplate lines. Block elements and ``<br>`` separate paragraphs, inline markup does
    not; of a never-text element (``NEVER_TEXT``) only the text after it counts."""
    chunks: list[list[str]] = [[]]
    _collect(element, chunks)
    return clean_paragraphs("".join(chunk) for chunk in chunks)


def _collect(root: HtmlElement, chunks: list[list[str]]) -> None:
    """Texts and tails under ``root`` in document order, a new chunk where each block starts
    and ends.

    A loop over a stack, not a recursion: broken pages nest thousands of tags deep.
    """
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        element, ended = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if not ended and tag in NEVER_TEXT and element is not root:
            if element.tail:
                chunks[-1].append(element.tail)
            continue
        if tag is not None and tag.lower() in BLOCK_TAGS:
            chunks.append([])
        if ended:
            if element is not root and element.tail:
                chunks[-1].append(element.tail)
            continue
        if tag is not None and element.text:
            chunks[-1].append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
