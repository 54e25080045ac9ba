"""The Parquet export: ``hnmcrawler export --format parquet`` calls ``write_parquet`` with the rows
of ``export.select_rows`` and a path.

pyarrow is the ``hnmcrawler[parquet]`` extra, imported here and only when a Parquet file is
written (``NotConfigured`` without it). Columns are ``export.EXPORT_COLUMNS``, typed:
datetimes ``timestamp[us, tz=Asia/Ho_Chi_Minh]``, ``authors``/``tags`` ``list<string>``,
``images`` ``list<struct<url: string, caption: string>>``, ``article_id`` int64, ``revision``
int32, the rest strings. Rows go out in row groups of ``ROW_GROUP_SIZE``: memory holds one group.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from scrapy.exceptions import NotConfigured

from hnmcrawler.items import DATETIME_FIELDS
from hnmcrawler.storage.export import EXPORT_COLUMNS

ROW_GROUP_SIZE = 5000
PARQUET_TIMEZONE = "Asia/Ho_Chi_Minh"
TIMESTAMP_COLUMNS: tuple[str, ...] = (*DATETIME_FIELDS, "first_seen_at", "last_seen_at")


def write_parquet(
    rows: Iterable[Mapping[str, Any]], path: Path, *, row_group_size: int = ROW_GROUP_SIZE
) -> int:
    """Write rows to a new Parquet file at ``path``; return the count."""
    pa, pq = _pyarrow()
    schema = parquet_schema(pa)
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for group in _groups(rows, row_group_size):
            records = [{name: row[name] for name in EXPORT_COLUMNS} for row in group]
            writer.write_table(pa.Table.from_pylist(records, schema=schema))
            count += len(group)
    return count


def parquet_schema(pa: Any) -> Any:
    """The ``pyarrow.Schema`` of an export (``pa`` is the pyarrow module)."""
    timestamp = pa.timestamp("us", tz=PARQUET_TIMEZONE)
    image = pa.struct([("url", pa.string()), ("caption", pa.string())])
    types = {
        "article_id": pa.int64(),
        "revision": pa.int32(),
        "authors": pa.list_(pa.string()),
        "tags": pa.list_(pa.string()),
        "images": pa.list_(image),
        **dict.fromkeys(TIMESTAMP_COLUMNS, timestamp),
    }
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in EXPORT_COLUMNS])


def _groups(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while group := list(islice(iterator, size)):
        yield group


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise NotConfigured("install hnmcrawler[parquet]") from None
    return pyarrow, pyarrow.parquet
