"""The rows every backend of the article store takes: one table, checked before any SQL.

SQLite takes almost anything; PostgreSQL and MariaDB refuse a value longer than its column or
an ``article_id`` beyond BIGINT, and each refuses something the other takes: a NUL character
(PostgreSQL), a row past its ``max_allowed_packet`` (MariaDB). ``LIMITS`` is derived from
``schema.articles`` and holds the strictest of the three, so all of them take exactly the same
rows. ``SQLArticleStore.write_batch`` raises ``RowRejected`` for a row that breaks it before
any SQL runs (``quarantine.write_rows`` then stores the rest of the batch and sets the row
apart); ``ValidateArticlePipeline`` drops such an item, or cuts the one field where cutting is
a safe repair (``CUT_FIELDS``), before it reaches the store.

    >>> [str(v) for v in violations({"site": "hanoimoi.vn", "article_id": 2**63})]
    ['out_of_range_article_id: article_id 9223372036854775808 is outside 1..9223372036854775807']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, String, Text

from hnmcrawler.items import ARTICLE_FIELDS, SOURCES
from hnmcrawler.storage.schema import UTCDateTime, articles

ARTICLE_ID_MIN = 1
ARTICLE_ID_MAX = 2**63 - 1
"""BIGINT on PostgreSQL and MariaDB, INTEGER on SQLite; both sites number articles from 1."""

TEXT_MAX_BYTES = 1_048_576
"""``sapo`` and ``body``: 1 MiB of UTF-8. MariaDB's MEDIUMTEXT (``schema.LONG_TEXT``) holds
16 MiB, but a whole row must pass its ``max_allowed_packet`` (16 MiB by default); the longest
long-form article is far shorter, and a page read wrongly (a whole site's text) is caught."""

JSON_MAX_BYTES = 65_535
"""``authors``, ``tags`` and ``images`` as JSON text. No column bounds them (JSON is LONGTEXT on
MariaDB); this keeps a row far below MariaDB's ``max_allowed_packet`` (16 MiB by default), past
which the server drops the connection and the batch would look like an outage."""

DATETIME_MIN = datetime(1000, 1, 2, tzinfo=UTC)
DATETIME_MAX = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)
"""MariaDB's DATETIME range (1000-01-01 to 9999-12-31), a day in from each end so that every
time zone holds the value: UTC in the database, Vietnam time when read back, a PostgreSQL
session's own zone. Python cannot even convert 0001-01-01 00:00+07:00 to UTC."""

CUT_FIELDS = frozenset({"published_text"})
"""Fields ``ValidateArticlePipeline`` may cut to fit: the date as printed on the page, kept for
reference (``published_at`` holds the date). Any other field over its limit is a page read
wrongly (a 1,025-character title, a 129-character section), and a cut one would be stored as
if it were right."""

CHOICES: dict[str, tuple[str, ...]] = {"source": SOURCES}
"""Text fields that hold one of a few values; any other is ``unknown_<field>``."""


@dataclass(frozen=True)
class FieldLimit:
    """What the store takes in one field of ``ARTICLE_FIELDS``."""

    name: str
    kind: str  # "text", "list", "datetime" or "id"
    max_chars: int | None = None  # VARCHAR(n): characters (code points) on PostgreSQL, MariaDB
    max_bytes: int | None = None  # bytes of UTF-8 (of the JSON text, for a list)
    required: bool = False  # NOT NULL in the schema, no default: neither None nor empty
    choices: tuple[str, ...] = ()  # the values a text field may hold, when it names a few
    cut: bool = False  # ValidateArticlePipeline cuts a value over max_chars instead of dropping


@dataclass(frozen=True)
class Violation:
    """One limit a row breaks. ``code`` names it in stats keys (``hnm/dropped/<code>``,
    ``hnm/store/quarantined/<code>``); ``str()`` is ``"<code>: <detail>"``."""

    name: str  # the field, "" when the database refused the row without saying which
    code: str  # too_long_title, out_of_range_article_id, refused_by_database, ...
    detail: str

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


class RowRejected(ValueError):
    """Rows no backend takes, whatever the state of the database; nothing of the batch was
    written.

    Raised by ``ArticleStore.write_batch``. ``violations`` maps the position of each row at fault
    to why: every row that breaks ``LIMITS`` (found before any SQL), or the one row of a batch
    of one that the database refused (a data or integrity error, see ``writes.row_refusal``).
    It is empty when the database refused a batch of several rows without naming the row;
    ``refusal`` then says why. Handled by ``quarantine.write_rows``, which stores the other rows
    and hands these to the quarantine file. A ``ValueError``: a malformed row is no outage.
    """

    def __init__(self, violations: Mapping[int, Violation], refusal: Violation | None = None):
        self.violations = dict(violations)
        self.refusal = refusal
        named = [f"row {i}: {v}" for i, v in sorted(self.violations.items())]
        super().__init__("; ".join(named) or str(refusal))


def _field_limit(column: Column[Any]) -> FieldLimit:
    name, kind = column.name, column.type
    required = not column.nullable and column.server_default is None  # source: live if none
    if isinstance(kind, BigInteger):
        return FieldLimit(name, "id", required=required)
    if isinstance(kind, UTCDateTime):
        return FieldLimit(name, "datetime", required=required)
    if isinstance(kind, JSON):
        return FieldLimit(name, "list", max_bytes=JSON_MAX_BYTES, required=required)
    if isinstance(kind, Text):  # before String: Text is a String without a length
        return FieldLimit(name, "text", max_bytes=TEXT_MAX_BYTES, required=required)
    if isinstance(kind, String) and kind.length:
        cut, choices = name in CUT_FIELDS, CHOICES.get(name, ())
        return FieldLimit(
            name, "text", max_chars=kind.length, required=required, cut=cut, choices=choices
        )
    raise TypeError(f"no row limit for column {name} of type {kind}")


LIMITS: dict[str, FieldLimit] = {name: _field_limit(articles.c[name]) for name in ARTICLE_FIELDS}
"""Every field of an input row, in ``ARTICLE_FIELDS`` order, with what the store takes in it."""


def violations(row: Mapping[str, Any]) -> list[Violation]:
    """Every limit ``row`` breaks, in field order; empty for a row every backend takes."""
    found = []
    for limit in LIMITS.values():
        violation = check_value(limit, row.get(limit.name))
        if violation is not None:
            found.append(violation)
    return found


def check_value(limit: FieldLimit, value: Any) -> Violation | None:
    """The limit ``value`` breaks in its field, or None."""
    if value is None or (isinstance(value, str | list) and not value):
        return _broken(limit, "missing", f"{limit.name} is empty") if limit.required else None
    return _CHECKS[limit.kind](limit, value)


def cut_to_fit(limit: FieldLimit, value: str) -> str:
    """``value`` cut to ``limit.max_chars`` (for a field of ``CUT_FIELDS``), trailing space out."""
    return value[: limit.max_chars].rstrip() if limit.max_chars else value


def _broken(limit: FieldLimit, what: str, detail: str) -> Violation:
    return Violation(limit.name, f"{what}_{limit.name}", detail)


def _wrong_type(limit: FieldLimit, value: Any, wanted: str) -> Violation:
    return _broken(limit, "bad_type", f"{limit.name} is a {type(value).__name__}, not {wanted}")


def _check_text(limit: FieldLimit, value: Any) -> Violation | None:
    if not isinstance(value, str):
        return _wrong_type(limit, value, "text")
    if "\x00" in value:
        return _broken(limit, "bad_text", f"{limit.name} holds a NUL character")
    size = _utf8_size(value)
    if size is None:
        return _broken(limit, "bad_text", f"{limit.name} holds a lone surrogate, not Unicode")
    if limit.choices and value not in limit.choices:
        return _broken(limit, "unknown", f"{limit.name} {value!r} is none of {limit.choices}")
    if limit.max_chars is not None and len(value) > limit.max_chars:
        count = f"{len(value):,} characters, at most {limit.max_chars:,}"
        return _broken(limit, "too_long", f"{limit.name} has {count}")
    return _check_size(limit, size)


def _check_list(limit: FieldLimit, value: Any) -> Violation | None:
    if not isinstance(value, list | tuple):
        return _wrong_type(limit, value, "a list")
    try:
        text = json.dumps(list(value), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return _broken(limit, "bad_value", f"{limit.name} is no JSON: {exc}")
    size = _utf8_size(text)
    if size is None:
        return _broken(limit, "bad_text", f"{limit.name} holds a lone surrogate, not Unicode")
    return _check_size(limit, size)


def _check_size(limit: FieldLimit, size: int) -> Violation | None:
    if limit.max_bytes is not None and size > limit.max_bytes:
        count = f"{size:,} bytes of UTF-8, at most {limit.max_bytes:,}"
        return _broken(limit, "too_long", f"{limit.name} has {count}")
    return None


def _check_datetime(limit: FieldLimit, value: Any) -> Violation | None:
    if not isinstance(value, datetime):
        return _wrong_type(limit, value, "a datetime")
    if value.utcoffset() is None:
        return _broken(limit, "naive", f"{limit.name} is a naive datetime: {value.isoformat()}")
    if not DATETIME_MIN <= value <= DATETIME_MAX:
        span = f"{DATETIME_MIN.date()}..{DATETIME_MAX.date()} UTC"
        return _broken(limit, "out_of_range", f"{limit.name} {value.isoformat()} is outside {span}")
    return None


def _check_id(limit: FieldLimit, value: Any) -> Violation | None:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return _wrong_type(limit, value, "an int")
    if not ARTICLE_ID_MIN <= value <= ARTICLE_ID_MAX:
        return _broken(
            limit,
            "out_of_range",
            f"{limit.name} {value} is outside {ARTICLE_ID_MIN}..{ARTICLE_ID_MAX}",
        )
    return None


def _utf8_size(text: str) -> int | None:
    """Bytes of ``text`` in UTF-8; None when it holds a lone surrogate (no UTF-8 for it)."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return None


_CHECKS: dict[str, Callable[[FieldLimit, Any], Violation | None]] = {
    "text": _check_text,
    "list": _check_list,
    "datetime": _check_datetime,
    "id": _check_id,
}
