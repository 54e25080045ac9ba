"""The one choice of an article's dates: ``published_at`` and ``updated_at`` of a page.

Layouts leave dates as they found them: ``published_text`` as printed, and in
``published_at`` / ``updated_at`` whatever machine-readable value the page carries (meta
tags, JSON-LD). ``resolve_dates`` reads them once, when the page is read
(``extract.read_article``, called by every spider and by ``hnmcrawler extract``): the printed
date wins, a metadata date fills a gap, and a disagreement or a weekday that contradicts the
date is reported, never hidden. Relative dates ("2 giờ trước") resolve against ``now``, the
moment the page was fetched. Pure: no Scrapy import.

    >>> from datetime import datetime
    >>> now = datetime(2026, 2, 20, 9, 0, tzinfo=VIETNAM_TZ)
    >>> found = resolve_dates("Thứ Sáu, 20/02/2026 08:15", "2026-02-20T08:15:00+07:00", None, now)
    >>> found.published_at.isoformat(), found.metadata_disagrees
    ('2026-02-20T08:15:00+07:00', False)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hnmcrawler.dates.choose import choose_published
from hnmcrawler.dates.common import VIETNAM_TZ
from hnmcrawler.dates.parse import parse_vietnamese_datetime
from hnmcrawler.dates.weekdays import weekday_mismatch


@dataclass(frozen=True)
class ArticleDates:
    """What ``resolve_dates`` decided, and what it noticed on the way (for the counters)."""

    published_at: datetime | None
    updated_at: datetime | None
    metadata_disagrees: bool = False  # printed and machine dates differ; the printed one won
    weekday_mismatch: bool = False  # the printed weekday is not the printed date's


def resolve_dates(
    published_text: str, published_meta: Any, updated_meta: Any, now: datetime
) -> ArticleDates:
    """The article's dates from the printed text and the page's metadata values (text, an
    aware datetime or None), relative dates resolved against ``now`` (aware)."""
    printed = read_date(published_text, now)
    meta = read_date(published_meta, now)
    published, disagrees = choose_published(published_text or "", printed, meta)
    mismatch = bool(printed and weekday_mismatch(published_text, printed))
    return ArticleDates(published, read_date(updated_meta, now), disagrees, mismatch)


def read_date(value: Any, now: datetime) -> datetime | None:
    """A date value as a layout leaves it (text, datetime or None) -> aware or None."""
    if isinstance(value, datetime):
        return value.astimezone(VIETNAM_TZ) if value.tzinfo else None
    if isinstance(value, str) and value.strip():
        return parse_vietnamese_datetime(value, now=now)
    return None
