"""Row shaping for the article store: input rows to column values, stored rows to output rows.

Pure functions; ``SQLArticleStore`` calls them around every read and write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hnmcrawler.items import ARTICLE_FIELDS, DATETIME_FIELDS, LIST_FIELDS, LIVE
from hnmcrawler.storage.base import STORE_COLUMNS

Key = tuple[str, int]
"""An article's key: (site, article_id)."""

HASHED_FIELDS: tuple[str, ...] = ("title", "sapo", "body", "authors", "tags")
"""The fields whose change makes a new revision. Provenance is not among them: the same text
read from another copy (an archive's, a WARC's) is the same revision."""


def content_hash(values: Mapping[str, Any]) -> str:
    """sha256 hex of a canonical JSON of ``HASHED_FIELDS`` (sorted keys, UTF-8, no spaces)."""
    payload = {name: values.get(name) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Column values of one input row: every field of ``ARTICLE_FIELDS`` plus ``content_hash``.

    Missing fields become None (lists: []); a row without ``source`` (a dead-letter line written
    before provenance was kept) is a live copy. ``SQLArticleStore.write_batch`` checks the row
    against ``limits.LIMITS`` first; the ``ValueError`` here (no key, a naive datetime) is for
    any other caller.
    """
    values = {name: row.get(name) for name in ARTICLE_FIELDS}
    if not values["site"] or values["article_id"] is None:
        raise ValueError(f"article row without site/article_id: {values['url']!r}")
    values["article_id"] = int(values["article_id"])
    values["source"] = values["source"] or LIVE.source
    for name in LIST_FIELDS:
        values[name] = list(values[name] or [])
    for name in DATETIME_FIELDS:
        check_aware(name, values[name])
    values["content_hash"] = content_hash(values)
    return values


def check_aware(name: str, value: Any) -> None:
    """``ValueError`` unless ``value`` is None or an aware datetime."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime or None, not {type(value).__name__}")
    if value.utcoffset() is None:
        raise ValueError(f"{name} is a naive datetime: {value.isoformat()}")


def article_key(values: Mapping[str, Any]) -> Key:
    return (values["site"], values["article_id"])


def key_text(key: Key) -> str:
    """The ``duplicate_of`` form of a key: ``"site:article_id"``."""
    return f"{key[0]}:{key[1]}"


def output_row(stored: Mapping[Any, Any]) -> dict[str, Any]:
    """A stored row shaped like an input row: ``ARTICLE_FIELDS`` order, then ``STORE_COLUMNS``."""
    row = {name: stored[name] for name in ARTICLE_FIELDS}
    for name in LIST_FIELDS:
        row[name] = list(row[name] or [])
    row.update((name, stored[name]) for name in STORE_COLUMNS)
    return row
