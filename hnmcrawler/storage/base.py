"""The article store interface: what the store pipeline, the dead-letter replay and the export
command call, and what every backend implements.

A row is a mapping with every name in ``ARTICLE_FIELDS`` (see ``items.py``): strings,
``article_id`` an int, ``authors``/``tags`` lists of str, ``images`` a list of
``{"url", "caption"}`` dicts, ``published_at``/``updated_at``/``fetched_at``/``captured_at``
aware datetimes or None, ``source`` one of ``items.SOURCES`` (missing: ``live``). Rows read
back have the same shape, datetimes in ``Asia/Ho_Chi_Minh``, plus the store columns in
``STORE_COLUMNS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

STORE_COLUMNS: tuple[str, ...] = (
    "content_hash",
    "revision",
    "first_seen_at",
    "last_seen_at",
    "duplicate_of",
    "copied_at",  # when the copy the content came from was made (None before schema 3)
    "confirmed_at",  # the latest copy that held that content (idem)
)
"""Columns the store adds to a row, in the order ``iter_articles`` yields them after the fields."""


class WriteOutcome(StrEnum):
    """What ``ArticleStore.write_batch`` did with one input row; ``str(outcome)`` is its value."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    OLDER = "older"  # a copy older than the stored content's: the row is left as it is


@runtime_checkable
class ArticleStore(Protocol):
    """A place where articles are kept by key (site, article_id), with their revision history.

    The store pipeline calls ``open`` when the spider opens, ``write_batch`` per batch and
    ``close`` when it closes; ``replay`` and ``export_articles`` use the same methods.
    """

    def open(self) -> None:
        """Connect and create or upgrade the schema; ``StoreUnavailable`` if that fails."""

    def write_batch(
        self, rows: Sequence[Mapping[str, Any]], *, seen_at: datetime
    ) -> list[WriteOutcome]:
        """Write rows in one transaction; one outcome per row, ``StoreUnavailable`` on failure."""
        ...

    def newest_published_at(self, site: str, section: str | None = None) -> datetime | None:
        """The latest ``published_at`` stored for a site (and section), or None."""
        ...

    def count(self) -> int:
        """How many articles (keys) are stored."""
        ...

    def stored_ids(self, site: str, article_ids: Iterable[int]) -> set[int]:
        """Which of these article ids of one site are stored already."""
        ...

    def iter_articles(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        section: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Latest revisions, ordered by ``published_at`` (nulls last) then key."""
        ...

    def close(self) -> None:
        """Release connections; safe to call twice."""
