"""The SQL of one ``write_batch`` transaction, the same for every dialect but the upsert.

``SQLArticleStore.write_batch`` calls ``write_prepared`` inside a transaction and retries the
whole batch when ``is_retryable`` says another writer got in the way. Stored keys are locked
(``SELECT ... FOR UPDATE``; SQLite locks the file at ``BEGIN IMMEDIATE``), so a lost race can
only be an INSERT of a key another worker inserted first: a unique violation, then a retry
that sees the key as stored. ``row_refusal`` tells a row the database refuses (too long, out
of range, bad encoding) from a database that is down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, insert, literal, or_, select
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError
from sqlalchemy.sql.dml import Insert

from hnmcrawler.storage.base import WriteOutcome
from hnmcrawler.storage.limits import Violation
from hnmcrawler.storage.plan import HashHolder, Stored, plan_batch
from hnmcrawler.storage.rows import Key, article_key
from hnmcrawler.storage.schema import REVISION_COLUMNS, UTCDateTime, article_revisions, articles

KEY_COLUMNS = ("site", "article_id")
CHANGED_COLUMNS = tuple(
    c.name for c in articles.columns if c.name not in (*KEY_COLUMNS, "first_seen_at")
)
SEEN_COLUMNS = ("last_seen_at", "fetched_at", "confirmed_at")

_RETRY_SQLSTATES = frozenset(
    {"23505", "40001", "40P01", "55P03"}
)  # unique, serialization, deadlock, lock
_RETRY_MYSQL_CODES = frozenset({1062, 1205, 1213})  # duplicate key, lock wait timeout, deadlock

_ROW_SQLSTATE_CLASSES = frozenset({"22", "23"})  # data exception, integrity constraint violation
_ROW_MYSQL_CODES = frozenset(
    {1048, 1264, 1265, 1292, 1366, 1406, 3140, 4025}
)  # null, out of range, truncated, bad value, bad string (charset), too long, JSON, CHECK


def write_prepared(
    conn: Connection, prepared: Sequence[dict[str, Any]], seen_at: datetime
) -> list[WriteOutcome]:
    """Plan and write one batch of prepared rows inside the caller's transaction."""
    plan = plan_batch(prepared, read_stored(conn, {article_key(v) for v in prepared}), seen_at)
    final = plan.final_rows(read_holders(conn, plan.changed_hashes()))
    if plan.archived_keys:
        archive_stored(conn, plan.archived_keys, seen_at)
    if plan.revisions:
        conn.execute(insert(article_revisions), plan.revisions)
    if final.new:
        conn.execute(insert(articles), sorted(final.new, key=article_key))
    if final.changed:
        conn.execute(upsert(conn, CHANGED_COLUMNS), final.changed)
    if final.seen:
        conn.execute(upsert(conn, SEEN_COLUMNS), final.seen)
    return plan.outcomes


def keys_condition(keys: Iterable[Key]) -> ColumnElement[bool]:
    """``site = ? AND article_id IN (...)`` per site: uses the primary key on every dialect."""
    by_site: dict[str, list[int]] = {}
    for site, article_id in keys:
        by_site.setdefault(site, []).append(article_id)
    return or_(
        *(
            and_(articles.c.site == site, articles.c.article_id.in_(sorted(ids)))
            for site, ids in sorted(by_site.items())
        )
    )


def read_stored(conn: Connection, keys: set[Key]) -> dict[Key, Stored]:
    """The stored state of ``keys`` (with the times of the copy each holds), locked until the
    transaction ends."""
    query = (
        select(
            articles.c.site,
            articles.c.article_id,
            articles.c.revision,
            articles.c.content_hash,
            articles.c.first_seen_at,
            articles.c.duplicate_of,
            articles.c.fetched_at,
            articles.c.captured_at,
            articles.c.copied_at,
            articles.c.confirmed_at,
        )
        .where(keys_condition(keys))
        .order_by(articles.c.site, articles.c.article_id)
        .with_for_update()
    )
    return {
        (row.site, row.article_id): Stored(
            row.revision,
            row.content_hash,
            row.first_seen_at,
            row.duplicate_of,
            row.fetched_at,
            row.captured_at,
            row.copied_at,
            row.confirmed_at,
        )
        for row in conn.execute(query)
    }


def read_holders(conn: Connection, hashes: set[str]) -> list[HashHolder]:
    """Stored keys holding any of ``hashes`` (for ``duplicate_of``)."""
    if not hashes:
        return []
    columns = (
        articles.c.site,
        articles.c.article_id,
        articles.c.content_hash,
        articles.c.first_seen_at,
        articles.c.duplicate_of,
    )
    query = select(*columns).where(articles.c.content_hash.in_(sorted(hashes)))
    return [
        HashHolder(
            (row.site, row.article_id), row.content_hash, row.first_seen_at, row.duplicate_of
        )
        for row in conn.execute(query)
    ]


def archive_stored(conn: Connection, keys: Sequence[Key], stored_at: datetime) -> None:
    """Copy the stored rows of ``keys`` into ``article_revisions``, server-side."""
    source = select(
        *(articles.c[name] for name in REVISION_COLUMNS),
        literal(stored_at, UTCDateTime()).label("stored_at"),
    ).where(keys_condition(keys))
    conn.execute(insert(article_revisions).from_select([*REVISION_COLUMNS, "stored_at"], source))


def upsert(conn: Connection, update_columns: Sequence[str]) -> Insert:
    """INSERT into ``articles`` that updates ``update_columns`` when the key exists."""
    dialect = conn.dialect.name
    if dialect in ("mysql", "mariadb"):
        mysql_stmt = mysql.insert(articles)
        return mysql_stmt.on_duplicate_key_update(
            {c: mysql_stmt.inserted[c] for c in update_columns}
        )
    if dialect == "postgresql":
        pg_stmt = postgresql.insert(articles)
        return pg_stmt.on_conflict_do_update(
            index_elements=list(KEY_COLUMNS), set_={c: pg_stmt.excluded[c] for c in update_columns}
        )
    stmt = sqlite.insert(articles)
    return stmt.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS), set_={c: stmt.excluded[c] for c in update_columns}
    )


def is_retryable(exc: DBAPIError) -> bool:
    """True when the batch failed because of another writer, not because the database is down."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    args = getattr(orig, "args", ())
    if args and args[0] in _RETRY_MYSQL_CODES:
        return True
    message = str(orig)
    if isinstance(exc, IntegrityError) and "UNIQUE constraint failed" in message:
        return True
    return "database is locked" in message


def row_refusal(exc: Exception) -> Violation | None:
    """Why the database or its driver refused a row's data, or None when ``exc`` is no refusal
    of a row (an outage, a conflict with another writer, a bug).

    Row-level: any driver ``DataError`` (psycopg raises one itself for a NUL character), an
    ``IntegrityError`` that is no race (NOT NULL, CHECK), SQLSTATE classes 22 and 23 (PostgreSQL),
    MariaDB errors 1048, 1264, 1265, 1292, 1366, 1406, 3140 and 4025, and a ``ValueError`` or
    ``OverflowError`` raised while a value was bound (sqlite3's int beyond 64 bits, a datetime
    out of range). ``limits.LIMITS`` keeps all of these from reaching the database; this is
    the net under it.
    """
    if isinstance(exc, DBAPIError):
        return _database_refusal(exc)
    cause = exc.orig if isinstance(exc, StatementError) else exc
    if isinstance(cause, ValueError | OverflowError):
        return Violation("", "bad_value", _first_line(cause))
    return None


def _database_refusal(exc: DBAPIError) -> Violation | None:
    if is_retryable(exc):
        return None
    orig = exc.orig
    sqlstate = str(getattr(orig, "sqlstate", None) or "")
    args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
    mysql_code = args[0] if args else None
    refused = (
        isinstance(exc, DataError | IntegrityError)
        or sqlstate[:2] in _ROW_SQLSTATE_CLASSES
        or mysql_code in _ROW_MYSQL_CODES
    )
    return Violation("", "refused_by_database", _first_line(orig)) if refused else None


def _first_line(error: BaseException | None) -> str:
    text = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {text}"
