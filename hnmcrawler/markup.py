"""Markup out of text: entities decoded (escaped once or twice) and well-formed tags removed,
a block element a paragraph break. Pure, no Scrapy import.

Called where metadata is read (``layouts/metadata.py``: JSON-LD and meta tags, which sister
OneCMS sites entity-escape once or twice, hnm-site.md "More evidence"), by the feed readers
(``layouts/era_2023/feeds.py``) and by ``pipelines.CleanTextPipeline``, which repairs and
counts markup left in any field. Prose that merely looks like markup (``a<b và c>d``,
``Nhắn <DT>``, ``AT&T``) is left alone: see the tables in ``tests/test_markup.py``.

    >>> unmarkup("Xu&amp;#226;n B&#236;nh &amp; <b>Kế hoạch</b>")
    'Xuân Bình & Kế hoạch'
"""

from __future__ import annotations

import html
import re
from functools import partial

# An entity as markup writes it ("&#226;", "&#xE2;", "&amp;"); a bare "&" ("AT&T", "Sở Tài
# chính & Kế hoạch") is text. Metadata is escaped once or twice (hnm-site.md "More evidence").
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MOST_ESCAPES = 3
# A well-formed tag: a name, then only ASCII attribute syntax (name, optional quoted or bare
# value). "a<b và c>d" and "<PM2.5>" are text; only known element names count (below).
_ATTRIBUTE = r"""\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(
    rf"<!--.*?-->|</(?P<end>[A-Za-z][A-Za-z0-9]*(?::[A-Za-z]+)?)\s*>"
    rf"|<(?P<name>[A-Za-z][A-Za-z0-9]*(?::[A-Za-z]+)?)(?:{_ATTRIBUTE})*\s*/?>",
    re.S,
)
_SCRIPT = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>", re.S | re.IGNORECASE)
_BLOCK_ELEMENTS = re.compile(
    r"address|article|aside|blockquote|br|center|d[dlt]|div|fig(?:caption|ure)|footer|h[1-6r]"
    r"|header|li|main|nav|ol|p|pre|section|t(?:able|body|[dhr]|head)|ul",
    re.IGNORECASE,
)
_INLINE_ELEMENTS = re.compile(
    r"a|abbr|audio|b|big|cite|code|del|em|font|i|iframe|img|ins|label|mark|o:p|picture|q|s"
    r"|small|source|span|strike|strong|sub|sup|time|tt|u|video|wbr",
    re.IGNORECASE,
)
# What may touch a lone block tag that is markup ("Một.<br>Hai"), left and right; white
# space or an opening bracket or quote before it is prose ("thẻ <br> xuống dòng", "(<p>)").
_GLUE_LEFT = frozenset(".,;:!?)]}>\"'”’…")
_GLUE_RIGHT = frozenset("<([{\"'“‘")


def _decode(entity: re.Match[str]) -> str:
    return html.unescape(entity[0])


def _known(name: str) -> bool:
    return bool(_BLOCK_ELEMENTS.fullmatch(name) or _INLINE_ELEMENTS.fullmatch(name))


def _is_markup(tags: list[re.Match[str]]) -> bool:
    """True when the tags of a value make it HTML: a comment, or a matched pair of a known
    element (``<p>…</p>``, ``<strong>…</strong>``)."""
    opened = {t["name"].lower() for t in tags if t["name"] and _known(t["name"])}
    closed = {t["end"].lower() for t in tags if t["end"]}
    return bool(opened & closed) or any(t[0].startswith("<!--") for t in tags)


def _glued(tag: re.Match[str]) -> bool:
    """True for a tag with text (or the value's edge) right against it on both sides."""
    text, start, end = tag.string, tag.start(), tag.end()
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    return (not left or left.isalnum() or left in _GLUE_LEFT) and (
        not right or right.isalnum() or right in _GLUE_RIGHT
    )


def _untag(tag: re.Match[str], *, markup: bool) -> str:
    if tag[0].startswith("<!--"):
        return ""
    name = tag["name"] or tag["end"]
    if _BLOCK_ELEMENTS.fullmatch(name) and (markup or _glued(tag)):
        return "\n\n"
    return "" if markup and _INLINE_ELEMENTS.fullmatch(name) else tag[0]


def unmarkup(value: str) -> str:
    """Text without the markup that metadata (JSON-LD, meta tags, feeds) or a page may
    carry: well-formed entities decoded, escaped once or twice (``Xu&amp;#226;n`` ->
    ``Xuân``), then scripts and styles out with what they hold, then tags.

    Prose that shows tags is kept (``a<b và c>d``, ``Nhắn <DT> ‹HọTên>``, ``thẻ <br>``):
    tags go only from a value that is HTML (a script, a comment, a matched pair of a known
    element: all its well-formed tags go, a block element a blank line); in any other value
    only a block tag glued to the text around it (``Một.<br>Hai``) is a paragraph break.
    White space is left to ``clean_text``; a value without ``&`` or ``<`` is returned as it is.
    """
    for _ in range(_MOST_ESCAPES):
        if "&" not in value:
            break
        decoded = _ENTITY.sub(_decode, value)
        if decoded == value:
            break
        value = decoded
    if "<" not in value:
        return value
    scripted = _SCRIPT.search(value) is not None
    value = _SCRIPT.sub("", value)
    markup = scripted or _is_markup(list(_TAG.finditer(value)))
    return _TAG.sub(partial(_untag, markup=markup), value)
