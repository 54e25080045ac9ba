"""Text clean-up for Vietnamese article text: NFC, white space, invisible characters,
and the site's boilerplate lines. Pure functions, no Scrapy import.

Examples (see ``tests/test_text.py`` for the full table)::

    >>> clean_text("Ha\u0300 Nô\u0323i\u00a0 Mới\u200b ")
    'Hà Nội Mới'
    >>> clean_paragraphs(["Một.", "  ", "Bình luận", "Hai."])
    ['Một.', 'Hai.']
"""

from __future__ import annotations

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


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Clean each paragraph; drop empty ones and boilerplate lines."""
    cleaned = (clean_text(p) for p in paragraphs)
    return [p for p in cleaned if p and not is_boilerplate(p)]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """The body form of the schema: cleaned paragraphs joined by one blank line."""
    return "\n\n".join(clean_paragraphs(paragraphs))


def clean_body(body: str) -> str:
    """Re-clean a body made of blank-line-separated paragraphs."""
    return join_paragraphs(re.split(r"\n\s*\n", unicodedata.normalize("NFC", body)))


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


def split_authors(byline: str) -> list[str]:
    """The names in a byline: ``"Bài và ảnh: Hoàng Lân - Minh Phương"`` -> two names.

    A source credit keeps its source: ``"Theo TTXVN"`` -> ``["TTXVN"]``.
    """
    byline = _CREDIT_NOTE.sub("", _CREDIT_PREFIX.sub("", clean_text(byline)))
    byline = _SOURCE_PREFIX.sub("", byline)
    names = (clean_text(name).strip(".") for name in _AUTHOR_SEPARATORS.split(byline))
    return list(dict.fromkeys(name for name in names if name))
