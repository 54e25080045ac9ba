"""How a generated mirror grows from the bundled size to many thousands of articles.

The bundled mirror (``fixtures/site``) has a few dozen articles a section, days apart, ids
hundreds apart. A large mirror (``hnmcrawler mirror generate --articles N``) keeps every era,
section and page shape and packs more articles into each section: ``split`` shares a total
out, ``stretch`` shrinks the time and id gaps so the dates stay in the era's years and the
ids stay positive and apart. Used by ``generate_large`` and the eras' ``articles`` and
``sections`` modules.
"""

from __future__ import annotations


def split(total: int, parts: int) -> list[int]:
    """``total`` shared out as evenly as can be, the first parts one larger: 10, 3 -> 4, 3, 3."""
    if total < parts or parts < 1:
        raise ValueError(f"cannot share {total} articles among {parts} sections")
    whole, extra = divmod(total, parts)
    return [whole + (1 if n < extra else 0) for n in range(parts)]


def stretch(bundled: int, count: int) -> float:
    """The factor on gaps between neighbours: 1 at the bundled size, smaller when more."""
    return min(1.0, bundled / count) if count else 1.0


def gap(drawn: int, factor: float) -> int:
    """An id gap drawn for the bundled size, shrunk by ``factor``, never below 1."""
    return max(1, round(drawn * factor))
