"""Export the latest revision of stored articles as CSV, JSON Lines, a JSON array or Parquet.

``hnmcrawler export`` calls ``select_rows`` on an open store, then ``write_text`` with a text
stream (CSV files opened with ``newline=""``) or ``parquet.write_parquet`` with a path;
``export_articles`` is the first two in one call. Columns are ``EXPORT_COLUMNS``, in that
order; dates are ISO 8601 in Vietnam time (``+07:00``); lists are JSON inside CSV cells; text
is UTF-8, never ``\\u``-escaped. Every writer streams: memory does not grow with the store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.items import ARTICLE_FIELDS, LIST_FIELDS
from hnmcrawler.storage.base import ArticleStore

EXPORT_COLUMNS: tuple[str, ...] = (
    *ARTICLE_FIELDS,
    "revision",
    "first_seen_at",
    "last_seen_at",
    "duplicate_of",
)
"""The export's columns in order: the article's fields (``items.py``, the provenance of the copy
the current text came from among them), then what the store knows
of it: ``revision`` (1 as first stored, +1 per change of its text), ``first_seen_at`` and
``last_seen_at`` (the crawls that first and last saw it) and ``duplicate_of`` (``"site:id"`` of
an earlier article with the same text, or empty). The store's ``content_hash`` is left out."""

EXPORT_SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".jl": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
}
"""Suffix of an output file -> its format, when ``--format`` does not say."""

TEXT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "json")


@dataclass(frozen=True)
class SectionFilter:
    """The rows of one site, or of one of its sections (display names, as the store has them)."""

    site: str
    section: str | None = None  # None: every section
    subsection: str | None = None  # None: the section with all its subsections

    def matches(self, row: Mapping[str, Any]) -> bool:
        return (
            row["site"] == self.site
            and self.section in (None, row["section"])
            and self.subsection in (None, row["subsection"])
        )


def select_rows(
    store: ArticleStore,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    sections: Sequence[SectionFilter] = (),
) -> Iterator[dict[str, Any]]:
    """Rows with ``since <= published_at < until`` matching any of ``sections`` (all if none)."""
    names = {wanted.section for wanted in sections}
    section = names.pop() if len(names) == 1 else None  # one name: the store filters it too
    rows = store.iter_articles(since=since, until=until, section=section)
    if not sections:
        return rows
    return (row for row in rows if any(wanted.matches(row) for wanted in sections))


def export_articles(
    store: ArticleStore,
    out: IO[str],
    fmt: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    sections: Sequence[SectionFilter] = (),
) -> int:
    """Write the store's articles selected like ``select_rows`` to ``out``; return the count."""
    rows = select_rows(store, since=since, until=until, sections=sections)
    return write_text(rows, out, fmt)


def write_text(rows: Iterable[Mapping[str, Any]], out: IO[str], fmt: str) -> int:
    """Write rows as ``csv``, ``jsonl`` or ``json`` (one array) to ``out``; return the count."""
    if fmt == "csv":
        return _write_csv(rows, out)
    if fmt == "jsonl":
        return _write_jsonl(rows, out)
    if fmt == "json":
        return _write_json_array(rows, out)
    raise ValueError(f"unknown text export format {fmt!r}: use {', '.join(TEXT_FORMATS)}")


def _write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(_csv_cells(row))
        count += 1
    return count


def _write_jsonl(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(_json_record(row) + "\n")
        count += 1
    return count


def _write_json_array(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """``[`` then one record per line, commas between, ``]``: streamed, never held in memory."""
    out.write("[")
    count = 0
    for row in rows:
        out.write(("," if count else "") + "\n" + _json_record(row))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _plain(value: Any) -> Any:
    return value.astimezone(VIETNAM_TZ).isoformat() if isinstance(value, datetime) else value


def _json_record(row: Mapping[str, Any]) -> str:
    record = {name: _plain(row[name]) for name in EXPORT_COLUMNS}
    return json.dumps(record, ensure_ascii=False)


def _csv_cells(row: Mapping[str, Any]) -> list[Any]:
    cells: list[Any] = []
    for name in EXPORT_COLUMNS:
        value = row[name]
        if name in LIST_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        cells.append("" if value is None else _plain(value))
    return cells
