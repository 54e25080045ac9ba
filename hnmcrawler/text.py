"""Text clean-up for Vietnamese article text: NFC, white space, invisible characters, and the
site's boilerplate lines (page chrome, links to other articles, the font-size tool). Pure
functions, no Scrapy import; the layouts and ``pipelines.CleanTextPipeline`` call them.
Markup that metadata carries is ``markup.py``'s, bylines ``bylines.py``'s.

Examples (see ``tests/test_text.py`` for the full table)::

    >>> clean_text("Ha\u0300 Nô\u0323i\u00a0 Mới\u200b ")
    'Hà Nội Mới'
    >>> clean_paragraphs(["Một.", "  ", "Bình luận", ">> Hà Nội thông xe cầu", "Hai."])
    ['Một.', 'Hai.']
    >>> is_font_tool("Cỡ chữ A- A A+ Mặc định"), is_font_tool("A+")
    (True, False)
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


# A body line that links to another article (era_2019 and era_2023, hnm-site.md "More
# evidence": lines that start with ">>" or "->"). Short, and no sentence: ">> Hà Nội thông
# xe cầu Vĩnh Tuy 2". "->" also marks an article's own list items ("-> Bước 1: Truy cập ...",
# "-> 25 triệu đồng"), so a "->" line is a link only when it reads like a headline.
_LINK_LINE = re.compile(r"(?P<marker>>{2,}|->)\s*(?P<title>\S.*)")
_LINK_LINE_LONGEST = 200
_READ_MORE = re.compile(r"(?:xem|đọc)\s+(?:thêm|tiếp)\s*:\s*", re.IGNORECASE)  # "-> Xem thêm: "
_HEADLINE_WORDS = 4  # words holding a letter
# The font-size tool's words, alone or on one line: "Cỡ chữ A- A A+ Mặc định".
_FONT_TOOL = re.compile(r"(?:(?:cỡ\s*chữ|mặc\s*định|a\s?[-+−–]|a)\s*[:|/]?\s*)+", re.IGNORECASE)
_FONT_TOKEN = re.compile(r"(?P<word>cỡ\s*chữ|mặc\s*định)|a\s?(?P<sign>[-+−–]?)", re.IGNORECASE)
_FONT_TOOL_LONGEST = 60


def _ends_sentence(title: str) -> bool:
    return title.endswith(".") and not title.endswith("...")


def _is_headline(title: str) -> bool:
    """True for the title of a ``->`` line that reads like a headline: four words or more
    with letters in them, no colon (but after ``Xem thêm``), no ``!``, ``?``, ``;``, ``,``
    or full stop at its end (an ellipsis is a headline's)."""
    title = title[m.end() :] if (m := _READ_MORE.match(title)) else title
    if ":" in title or title.endswith(("!", "?", ";", ",")) or _ends_sentence(title):
        return False
    return sum(any(c.isalpha() for c in word) for word in title.split()) >= _HEADLINE_WORDS


def is_link_line(cleaned: str) -> bool:
    """True for a short line that starts with ``>>`` (and is no sentence) or ``->`` (and
    reads like a headline): a link to another article, not article text."""
    if len(cleaned) > _LINK_LINE_LONGEST or cleaned[:2] not in (">>", "->"):
        return False
    found = _LINK_LINE.fullmatch(cleaned)
    if found is None:
        return False
    title = found["title"]
    return _is_headline(title) if found["marker"] == "->" else not _ends_sentence(title)


def is_font_tool(cleaned: str) -> bool:
    """True for a line made only of the font-size tool's words that holds ``Cỡ chữ`` or
    ``Mặc định``, or two of its buttons (``A-``, ``A``, ``A+``); a lone ``A`` (a drop cap)
    or ``A+`` (a grade) is text."""
    if len(cleaned) > _FONT_TOOL_LONGEST or cleaned[:1] not in "cCmMaA":
        return False
    if not _FONT_TOOL.fullmatch(cleaned):
        return False
    buttons = set()
    for token in _FONT_TOKEN.finditer(cleaned):
        if token["word"]:
            return True
        buttons.add("+" if token["sign"] == "+" else "-" if token["sign"] else "")
    return len(buttons) >= 2


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
