"""Standard page metadata: JSON-LD ``NewsArticle``, Open Graph and ``article:*`` meta tags.

Pure helpers over the root of a page's lxml tree (``PageLayout.page``), called by layouts
that fill fields from the head of a page (``era_2019``, ``era_2023``) and by the generic
layout that reads pages no era layout knows.

Every value they give is free of markup (``markup.unmarkup``): sister OneCMS sites escape
their JSON-LD strings once (``Xu&#226;n B&#236;nh``) or twice (``Xu&amp;#226;n``), and an
``articleBody`` may hold HTML (its block tags become blank lines, paragraph breaks).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any

from lxml.html import HtmlElement

from hnmcrawler.layouts.html import compiled_xpath
from hnmcrawler.markup import unmarkup

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
_JSON_LD = '//script[@type="application/ld+json"]/text()'


def meta(page: HtmlElement, name: str) -> str | None:
    """The content of ``<meta property=name>`` or ``<meta name=name>``, without markup,
    stripped, or None."""
    query = f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
    value = next(iter(compiled_xpath(query)(page)), None)
    return _text(value)


def _text(value: Any) -> str | None:
    """A string without markup, stripped; None when not a string or blank."""
    text = unmarkup(value).strip() if isinstance(value, str) else ""
    return text or None


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _objects(entry)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _is_a(obj: dict[str, Any], types: AbstractSet[str]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return not types.isdisjoint(map(str, kinds))  # str: a malformed "@type" never matches


def json_ld_article(
    page: HtmlElement, types: AbstractSet[str] = ARTICLE_TYPES
) -> dict[str, Any] | None:
    """The first JSON-LD object of one of ``types``; broken JSON blocks are skipped."""
    for block in compiled_xpath(_JSON_LD)(page):
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            continue
        for obj in _objects(data):
            if _is_a(obj, types):
                return obj
    return None


def ld_text(obj: dict[str, Any], key: str) -> str | None:
    """A JSON-LD string value without markup, stripped; None when missing, blank or not a
    string. Paragraphs of an ``articleBody`` stay apart (blank lines)."""
    return _text(obj.get(key))


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD ``author``: a string, an object with ``name``, or a list of them."""
    if isinstance(value, str):
        return [name] if (name := _text(value)) else []
    if isinstance(value, dict):
        return ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for entry in value for name in ld_names(entry)]
    return []


def ld_urls(value: Any) -> list[str]:
    """URLs from a JSON-LD ``image``: a string, an ``ImageObject``, or a list of them."""
    if isinstance(value, str):
        return [url] if (url := _text(value)) else []
    if isinstance(value, dict):
        return ld_urls(value.get("url") or value.get("contentUrl"))
    if isinstance(value, list):
        return [url for entry in value for url in ld_urls(entry)]
    return []


def ld_keywords(value: Any) -> list[str]:
    """Keywords as a list, from a comma-separated string or a list."""
    if isinstance(value, str):
        return [k for part in unmarkup(value).split(",") if (k := part.strip())]
    if isinstance(value, list):
        return [word for entry in value if (word := _text(entry))]
    return []
