"""Text clean-up for Vietnamese article text: NFC, white space, invisible characters,
markup left in metadata (entities, tags), and the site's boilerplate lines. Pure functions,
no Scrapy import; the layouts and ``pipelines.CleanTextPipeline`` call them.

Examples (see ``tests/test_text.py`` for the full table)::

    >>> clean_text("Ha\u0300 Nô\u0323i\u00a0 Mới\u200b ")
    'Hà Nội Mới'
    >>> clean_paragraphs(["Một.", "  ", "Bình luận", ">> Hà Nội thông xe cầu", "Hai."])
    ['Một.', 'Hai.']
    >>> unmarkup("Xu&amp;#226;n B&#236;nh &amp; <b>Kế hoạch</b>")
    'Xuân Bình & Kế hoạch'
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Entities left as text by double-escaped markup ("&amp;nbsp;" decodes to "&nbsp;").
_LITERAL_SPACES = re.compile(r"&(?:nbsp|#160|#xa0);", re.IGNORECASE)

BOILERPLATE_LINES: frozenset[str] = frozenset(
    line.casefold()
    for line in (
        # era_2017 page chrome, as printed under every article (seed-article.txt)
        "Từ khoá",
        "Từ khóa",
        "Bình luận",
        "Gõ tiếng Việt có dấu, tối thiểu 15 chữ",
        "Liên kết hữu ích",
        "Thông báo",
        # share and comment widgets of the later eras
        "Chia sẻ",
        "In bài viết",
        "Gửi bình luận",
        "Tin liên quan",
        "Tin cùng chuyên mục",
        "Quảng cáo",
    )
)

_LONGEST_CHROME = 2 * max(map(len, BOILERPLATE_LINES))  # case folding may lengthen a line


def clean_text(value: str) -> str:
    """NFC, invisible characters removed, every white-space run one space, stripped.

    Called for every text node of every page: each step runs only when the text needs it
    (``str.split`` knows the same white space as ``\\s``).
    """
    if "&" in value:
        value = _LITERAL_SPACES.sub(" ", value)
    if _INVISIBLE.search(value):
        value = _INVISIBLE.sub("", value)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def is_boilerplate(cleaned: str) -> bool:
    """True for a line (as ``clean_text`` leaves it) that is page chrome (``Bình luận``,
    ``Từ khoá``...), not article text; a paragraph, far longer than any chrome line, is not
    case-folded to find out."""
    label = cleaned.rstrip(":")
    return len(label) <= _LONGEST_CHROME and label.casefold() in BOILERPLATE_LINES


# A body line that links to another article (era_2019 and era_2023, hnm-site.md "More
# evidence"): ">> Hà Nội thông xe cầu Vĩnh Tuy 2", "-> Xem thêm ...", "» ...". Short, and a
# headline: no full stop at its end ("-> Bước 2: mở ứng dụng." is an article's step).
_LINK_LINE = re.compile(r"(?:>{2,}|-+>|»+|→)\s*(?P<title>\S.*)")
_LINK_LINE_LONGEST = 200
# The font-size tool's words, alone or on one line: "Cỡ chữ A- A A+ Mặc định".
_FONT_TOOL = re.compile(r"(?:(?:cỡ\s*chữ|mặc\s*định|a\s?[-+−–]|a)\s*[:|/]?\s*)+", re.IGNORECASE)
_FONT_WORD = re.compile(r"cỡ\s*chữ|mặc\s*định|a\s?[-+−–]", re.IGNORECASE)
_FONT_TOOL_LONGEST = 60


def is_link_line(cleaned: str) -> bool:
    """True for a short line that starts with ``>>``, ``->`` or ``»``: a link to another
    article, not article text (a long paragraph, or one that ends a sentence, is text)."""
    if len(cleaned) > _LINK_LINE_LONGEST or cleaned[:1] not in ">-»→":
        return False
    found = _LINK_LINE.fullmatch(cleaned)
    title = found["title"] if found else ""
    return bool(title) and (not title.endswith(".") or title.endswith("..."))


def is_font_tool(cleaned: str) -> bool:
    """True for a line made only of the font-size tool's words (``Cỡ chữ``, ``A-``, ``A+``,
    ``Mặc định``); a lone ``A`` (a drop cap) is text."""
    if len(cleaned) > _FONT_TOOL_LONGEST or cleaned[:1] not in "cCmMaA":
        return False
    return bool(_FONT_TOOL.fullmatch(cleaned)) and _FONT_WORD.search(cleaned) is not None


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Clean each paragraph; drop empty ones, boilerplate lines, links to other articles and
    the font-size tool."""
    cleaned = (clean_text(p) for p in paragraphs)
    return [
        p
        for p in cleaned
        if p and not is_boilerplate(p) and not is_link_line(p) and not is_font_tool(p)
    ]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The body form of the schema: cleaned paragraphs joined by one blank line."""
    return "\n\n".join(clean_paragraphs(paragraphs))


def clean_body(body: str) -> str:
    """Re-clean a body made of blank-line-separated paragraphs."""
    return join_paragraphs(re.split(r"\n\s*\n", unicodedata.normalize("NFC", body)))


# An entity as markup writes it ("&#226;", "&#xE2;", "&amp;"); a bare "&" ("AT&T", "Sở Tài
# chính & Kế hoạch") is text. Metadata is escaped once or twice (hnm-site.md "More evidence").
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MOST_ESCAPES = 3
# A tag of an HTML element or a comment. Only element names count: "giá < 5 triệu" or
# "<PM2.5>" is text.
_TAG = re.compile(r"<!--.*?-->|</?(?P<name>[A-Za-z][A-Za-z0-9]*(?::[A-Za-z]+)?)\b[^<>]*>", re.S)
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


def _decode(entity: re.Match[str]) -> str:
    return html.unescape(entity[0])


def _untag(tag: re.Match[str]) -> str:
    name = tag["name"] or ""
    if _BLOCK_ELEMENTS.fullmatch(name):
        return "\n\n"
    return "" if _INLINE_ELEMENTS.fullmatch(name) or tag[0].startswith("<!--") else tag[0]


def unmarkup(value: str) -> str:
    """Text without the markup that metadata (JSON-LD, meta tags, feeds) may carry: entities
    decoded, escaped once or twice (``Xu&amp;#226;n`` -> ``Xuân``), then tags out, a block
    element (``<p>``, ``<br>``) a paragraph break (a blank line), scripts and styles with
    what they hold. White space is left to ``clean_text``; a value without ``&`` or ``<`` is
    returned as it is."""
    for _ in range(_MOST_ESCAPES):
        if "&" not in value:
            break
        decoded = _ENTITY.sub(_decode, value)
        if decoded == value:
            break
        value = decoded
    if "<" in value:
        value = _TAG.sub(_untag, _SCRIPT.sub("", value))
    return value


# Byline credits that are not names: "Bài và ảnh: Tuấn Việt", "Ảnh: PV", "Nhóm PV".
_CREDIT_PREFIX = re.compile(
    r"^(?:bài\s*(?:và|,|&)?\s*ảnh|bài|ảnh|video|clip|tin|thực hiện)\s*:\s*", re.IGNORECASE
)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|/|\s[-–—]\s|\svà\s|\s&\s)\s*", re.IGNORECASE)


# "Minh Anh (tổng hợp)", "Theo TTXVN": what was done, or a source, not part of a name.
_CREDIT_NOTE = re.compile(
    r"\s*\((?:tổng hợp|tổng hợp và biên dịch|lược dịch|biên dịch|theo [^)]*)\)\s*$", re.IGNORECASE
)
_SOURCE_PREFIX = re.compile(r"^theo\s+", re.IGNORECASE)
# The source after a name in "Minh Phương / TTXVN" (hnm-site.md "More evidence"): an agency's
# initials, a site's address, or "Theo ...". A name after the slash is a second author.
_NAME_THEN_SOURCE = re.compile(
    r"(?P<name>.+?)\s*/\s*(?:[A-ZĐ]{2,}|[\w.-]+\.(?i:vn|com|net|org)|(?i:theo)\s.+)"
)


def split_authors(byline: str) -> list[str]:
    """The names in a byline: ``"Bài và ảnh: Hoàng Lân - Minh Phương"`` -> two names.

    A source credit keeps its source: ``"Theo TTXVN"`` -> ``["TTXVN"]``; a name followed by
    its source keeps the name: ``"Minh Phương / TTXVN"`` -> ``["Minh Phương"]``.
    """
    byline = _CREDIT_NOTE.sub("", _CREDIT_PREFIX.sub("", clean_text(byline)))
    if (found := _NAME_THEN_SOURCE.fullmatch(byline)) is not None:
        byline = found["name"]
    byline = _SOURCE_PREFIX.sub("", byline)
    names = (clean_text(name).strip(".") for name in _AUTHOR_SEPARATORS.split(byline))
    return list(dict.fromkeys(name for name in names if name))
