"""Bylines -> author names: credit prefixes, notes and sources out, several names split.
Pure, no Scrapy import; the era layouts (``era_2017``, ``era_2019``, ``era_2023``) call
``split_authors`` on the byline text they find.

A byline may carry ``Name / Source`` (hnm-site.md "More evidence"): everything after the
first `` / `` is the source, never an author. Several authors are split on ``,``, ``;``,
`` - ``/`` – ``, `` và `` and `` & `` only. Examples (see ``tests/test_bylines.py``)::

    >>> split_authors("Bài và ảnh: Hoàng Lân - Minh Phương")
    ['Hoàng Lân', 'Minh Phương']
    >>> split_authors("Minh Phương / TTXVN / Hà Nội")
    ['Minh Phương']
"""

from __future__ import annotations

import re

from hnmcrawler.text import clean_text

# Byline credits that are not names: "Bài và ảnh: Tuấn Việt", "Ảnh: PV", "Thực hiện: ...".
_CREDIT_PREFIX = re.compile(
    r"^(?:bài\s*(?:và|,|&)?\s*ảnh|bài|ảnh|video|clip|tin|thực hiện)\s*:\s*", re.IGNORECASE
)
# "Minh Anh (tổng hợp)", "Thu Hằng (Theo VnExpress)": what was done, or a source.
_CREDIT_NOTE = re.compile(
    r"\s*\((?:tổng hợp|tổng hợp và biên dịch|lược dịch|biên dịch|theo [^)]*)\)\s*$", re.IGNORECASE
)
_SOURCE_PREFIX = re.compile(r"^theo\s+", re.IGNORECASE)
# "Name / Source": the first slash with white space on both sides starts the source.
_SOURCE_AFTER = re.compile(r"\s/\s.*$", re.S)
# A source glued to the name by a bare slash: agency initials or a site's address
# ("Thu Hằng/Chinhphu.vn", "Minh Phương/TTXVN"). Any other bare slash is part of a name.
_GLUED_SOURCE = re.compile(r"/(?:[A-ZĐ]{2,}|[\w.-]+\.(?i:vn|com|net|org))$")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|\s[-–—]\s|\svà\s|\s&\s)\s*", re.IGNORECASE)


def split_authors(byline: str) -> list[str]:
    """The names in a byline: ``"Bài và ảnh: Hoàng Lân - Minh Phương"`` -> two names.

    A source credit keeps its source: ``"Theo TTXVN"`` -> ``["TTXVN"]``; a name followed by
    its source keeps the name: ``"Ngọc Anh / Reuters"`` -> ``["Ngọc Anh"]``.
    """
    byline = _SOURCE_AFTER.sub("", _CREDIT_PREFIX.sub("", clean_text(byline)))
    byline = _SOURCE_PREFIX.sub("", _CREDIT_NOTE.sub("", byline))
    names = (_GLUED_SOURCE.sub("", name) for name in _AUTHOR_SEPARATORS.split(byline))
    cleaned = (clean_text(name).strip(".") for name in names)
    return list(dict.fromkeys(name for name in cleaned if name))
