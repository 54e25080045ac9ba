"""The one schema definition of the article store, shared by every SQL dialect.

``articles`` holds the latest revision per key (site, article_id), ``article_revisions`` the
previous ones, ``schema_version`` the version ``versioning.ensure_schema`` checks on open.
Column lengths fit MariaDB's index limit in utf8mb4 (3072 bytes per index). Both tables keep the
provenance of each revision (``source``, ``capture_url``, ``captured_at``: the copy its content
came from); a row stored before schema version 2 is a ``live`` copy. ``articles.copied_at``
is when the copy its content came from was made, ``confirmed_at`` the latest copy that held
that content (``plan.py``): a later copy with the same content moves ``fetched_at`` and
``confirmed_at`` on, never ``copied_at``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeDecorator, TypeEngine

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.items import LIVE

SCHEMA_VERSION = 3
"""Version 2 added ``source``, ``capture_url`` and ``captured_at``, version 3
``articles.copied_at`` and ``confirmed_at`` (NULL in the rows stored before), the index on
``duplicate_of`` and MEDIUMTEXT ``sapo`` and ``body`` on MariaDB. Bump with a migration in
``versioning.MIGRATIONS`` whenever a table changes."""

VIETNAM = VIETNAM_TZ

CAPTURE_URL_CHARS = 3072
"""An article URL (``url`` takes 2,048 characters) behind any archive's replay prefix, or a
WARC file's name and offset."""

MYSQL_DIALECTS = frozenset({"mysql", "mariadb"})

MYSQL_TABLE_ARGS: dict[str, Any] = {
    f"{prefix}_{option}": value
    for prefix in ("mysql", "mariadb")
    for option, value in (("engine", "InnoDB"), ("charset", "utf8mb4"), ("collate", "utf8mb4_bin"))
}
"""Binary collation: text compares exactly as on SQLite and PostgreSQL (no accent folding)."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime column: UTC in the database, ``Asia/Ho_Chi_Minh`` when read back.

    PostgreSQL keeps ``timestamptz``; SQLite and MariaDB get naive UTC with microseconds.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in MYSQL_DIALECTS:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} given to the article store")
        utc = value.astimezone(UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(VIETNAM)


LONG_TEXT = Text().with_variant(mysql.MEDIUMTEXT(), *MYSQL_DIALECTS)
"""``sapo`` and ``body``: MEDIUMTEXT on MariaDB (16 MiB; its TEXT stops at 65,535 bytes, which
a long-form article passes), TEXT elsewhere."""

metadata = MetaData()


def _item_columns() -> list[Column[Any]]:
    """The ArticleItem fields except the key, in ``ARTICLE_FIELDS`` order."""
    return [
        Column("url", String(2048)),
        Column("layout", String(32)),
        Column("section", String(128)),
        Column("subsection", String(128)),
        Column("title", String(1024)),
        Column("sapo", LONG_TEXT),
        Column("body", LONG_TEXT),
        Column("authors", JSON),
        Column("tags", JSON),
        Column("images", JSON),
        Column("published_text", String(256)),
        Column("published_at", UTCDateTime),
        Column("updated_at", UTCDateTime),
        Column("fetched_at", UTCDateTime),
        Column("source", String(16), nullable=False, server_default=LIVE.source),
        Column("capture_url", String(CAPTURE_URL_CHARS)),
        Column("captured_at", UTCDateTime),
    ]


articles = Table(
    "articles",
    metadata,
    Column("site", String(64), nullable=False),
    Column("article_id", BigInteger, nullable=False, autoincrement=False),
    *_item_columns(),
    Column("content_hash", String(64), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("duplicate_of", String(96)),
    Column("copied_at", UTCDateTime),
    Column("confirmed_at", UTCDateTime),
    PrimaryKeyConstraint("site", "article_id", name="pk_articles"),
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_site_section_published", "site", "section", "published_at"),
    Index("ix_articles_duplicate_of", "duplicate_of"),  # link-duplicates re-points by it
    **MYSQL_TABLE_ARGS,
)

article_revisions = Table(
    "article_revisions",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("site", String(64), nullable=False),
    Column("article_id", BigInteger, nullable=False),
    Column("revision", Integer, nullable=False),
    *_item_columns(),
    Column("content_hash", String(64), nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
    UniqueConstraint("site", "article_id", "revision", name="uq_article_revisions_key"),
    **MYSQL_TABLE_ARGS,
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
    **MYSQL_TABLE_ARGS,
)

REVISION_COLUMNS: tuple[str, ...] = tuple(
    column.name for column in articles.columns if column.name in article_revisions.columns
)
"""Columns copied into ``article_revisions`` when a row is replaced."""
