"""Fold the ways a page can spell the same date text into one: NFC, lower case, plain
spaces and hyphens, no invisible characters."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACES = "\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

_ODD = re.compile(f"[{_INVISIBLE}{_SPACES}{_DASHES}]")
_TABLE = str.maketrans(
    {
        **dict.fromkeys(_INVISIBLE, None),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_DASHES, "-"),
    }
)


def normalise_text(text: str) -> str:
    """``"Ch\\u1ee7\\u00a0Nh\\u00e2\\u0323t"`` -> ``"chủ nhật"``."""
    if _ODD.search(text):
        text = text.translate(_TABLE)
    return unicodedata.normalize("NFC", text).lower()
