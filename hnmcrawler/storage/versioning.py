"""Create the article store's tables on first use and keep their version.

``SQLArticleStore.open`` calls ``ensure_schema``. A database at an older version is brought up
by ``MIGRATIONS``; one at a newer version is refused with ``IncompatibleStoreSchema``. A reader
(``open(create=False)``) calls ``check_schema``, which only looks.

Each migration adds only the columns a table lacks: MariaDB commits every ``ALTER TABLE`` at
once, so a migration cut short there is finished by the next open instead of failing on a
column it already added.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateColumn

from hnmcrawler.exceptions import IncompatibleStoreSchema
from hnmcrawler.items import PROVENANCE_FIELDS
from hnmcrawler.storage.schema import (
    MYSQL_DIALECTS,
    SCHEMA_VERSION,
    article_revisions,
    articles,
    metadata,
    schema_version,
)

logger = logging.getLogger(__name__)


def add_columns(conn: Connection, table: Table, names: tuple[str, ...]) -> None:
    """``ALTER TABLE ... ADD COLUMN`` for each of ``names`` that ``table`` lacks in the database,
    declared as in ``schema.py`` (type, NOT NULL, default). A missing table is left to
    ``create_all``, which makes it whole."""
    inspector = inspect(conn)
    if table.name not in inspector.get_table_names():
        return
    present = {column["name"] for column in inspector.get_columns(table.name)}
    table_name = conn.dialect.identifier_preparer.format_table(table)
    for name in names:
        if name not in present:
            column = CreateColumn(table.c[name]).compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {column}"))


def add_provenance(conn: Connection) -> None:
    """Version 1 to 2: ``source``, ``capture_url``, ``captured_at`` in both article tables; the
    rows stored before are live copies (``source`` defaults to ``live``)."""
    for table in (articles, article_revisions):
        add_columns(conn, table, PROVENANCE_FIELDS)


LONG = ("sapo", "body")  # MEDIUMTEXT on MariaDB since version 3: one ALTER (one copy) a table


def to_version_3(conn: Connection) -> None:
    """Version 2 to 3: ``articles.copied_at`` and ``confirmed_at``, NULL in the rows stored
    before, whose copy is then dated as before version 3 (``plan._stored_state``); the index
    on ``duplicate_of`` that ``store link-duplicates`` re-points copies by; on MariaDB,
    ``sapo`` and ``body`` in both tables widened from TEXT (65,535 bytes) to MEDIUMTEXT, one
    ``ALTER TABLE`` a table (MariaDB copies the table for it: a while on a large store)."""
    add_columns(conn, articles, ("copied_at", "confirmed_at"))
    tables = set(inspect(conn).get_table_names())
    if articles.name in tables:
        index = next(i for i in articles.indexes if i.name == "ix_articles_duplicate_of")
        index.create(conn, checkfirst=True)
    if conn.dialect.name not in MYSQL_DIALECTS:
        return
    for table in (articles, article_revisions):
        if table.name in tables:
            table_name = conn.dialect.identifier_preparer.format_table(table)
            columns = (CreateColumn(table.c[n]).compile(dialect=conn.dialect) for n in LONG)
            modify = ", ".join(f"MODIFY {column}" for column in columns)
            conn.execute(text(f"ALTER TABLE {table_name} {modify}"))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: add_provenance, 2: to_version_3}
"""``MIGRATIONS[n]`` upgrades a database from version n to n + 1."""

ATTEMPTS = 3
"""Two workers creating the schema at once: the loser sees the winner's tables on retry."""


def ensure_schema(conn: Connection, display_url: str, now: datetime) -> int:
    """Create missing tables, migrate, record the version; return the version in use."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with conn.begin():
                return _create_or_upgrade(conn, display_url, now)
        except DBAPIError:
            if attempt == ATTEMPTS:
                raise
            logger.info(
                "schema of %(url)s created concurrently, checking again", {"url": display_url}
            )
    raise AssertionError("unreachable")


def _create_or_upgrade(conn: Connection, display_url: str, now: datetime) -> int:
    metadata.create_all(conn, tables=[schema_version])
    version = conn.scalar(select(func.max(schema_version.c.version)))
    if version is not None and version > SCHEMA_VERSION:
        raise IncompatibleStoreSchema(
            f"article store {display_url} has schema version {version}, newer than this "
            f"hnmcrawler's {SCHEMA_VERSION}: upgrade hnmcrawler or use another database"
        )
    while version is not None and version < SCHEMA_VERSION:
        _migrate(conn, display_url, version)
        version += 1
        conn.execute(insert(schema_version).values(version=version, applied_at=now))
    metadata.create_all(conn)
    if version is None:
        conn.execute(insert(schema_version).values(version=SCHEMA_VERSION, applied_at=now))
    return SCHEMA_VERSION


def _migrate(conn: Connection, display_url: str, version: int) -> None:
    if version not in MIGRATIONS:
        raise IncompatibleStoreSchema(
            f"article store {display_url} has schema version {version} and no migration "
            f"to {version + 1} exists"
        )
    logger.info(
        "migrating %(url)s from schema version %(version)d",
        {"url": display_url, "version": version},
    )
    MIGRATIONS[version](conn)


def check_schema(conn: Connection, display_url: str) -> int | None:
    """The version of the store in this database, None when it holds none; creates nothing.

    ``IncompatibleStoreSchema`` for a version other than ``SCHEMA_VERSION``: a reader does not
    migrate (a crawl or ``store replay`` does).
    """
    tables = set(inspect(conn).get_table_names())
    if articles.name not in tables:
        return None
    version = None
    if schema_version.name in tables:
        version = conn.scalar(select(func.max(schema_version.c.version)))
    if version is not None and version != SCHEMA_VERSION:
        fix = "upgrade hnmcrawler" if version > SCHEMA_VERSION else "a crawl upgrades it"
        raise IncompatibleStoreSchema(
            f"article store {display_url} has schema version {version}, this hnmcrawler "
            f"reads {SCHEMA_VERSION}: {fix}"
        )
    return SCHEMA_VERSION
