"""Export the latest revision of stored articles as JSON Lines or CSV.

The export command calls ``export_articles`` with an open store and a text stream (open CSV
files with ``newline=""``). Columns follow ``ARTICLE_FIELDS``; dates are ISO 8601 in
Vietnam time; lists are JSON inside CSV cells; text is UTF-8, never ``\\u``-escaped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import datetime
from typing import IO, Any, Literal

from hnmcrawler.items import ARTICLE_FIELDS, LIST_FIELDS
from hnmcrawler.storage.base import ArticleStore

ExportFormat = Literal["jsonl", "csv"]


def export_articles(
    store: ArticleStore,
    out: IO[str],
    fmt: ExportFormat,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    section: str | None = None,
) -> int:
    """Write the store's articles (filtered like ``iter_articles``) to ``out``; return the count."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")
    rows = store.iter_articles(since=since, until=until, section=section)
    writer = csv.writer(out) if fmt == "csv" else None
    if writer is not None:
        writer.writerow(ARTICLE_FIELDS)
    count = 0
    for row in rows:
        if writer is not None:
            writer.writerow(_csv_cells(row))
        else:
            out.write(_json_line(row))
        count += 1
    return count


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _json_line(row: Mapping[str, Any]) -> str:
    record = {name: _plain(row[name]) for name in ARTICLE_FIELDS}
    return json.dumps(record, ensure_ascii=False) + "\n"


def _csv_cells(row: Mapping[str, Any]) -> list[Any]:
    cells: list[Any] = []
    for name in ARTICLE_FIELDS:
        value = row[name]
        if name in LIST_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        cells.append("" if value is None else _plain(value))
    return cells
