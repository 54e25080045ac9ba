"""SQLAlchemy engines tuned per dialect for the article store; ``SQLArticleStore.open`` calls
``build_engine``, ``SQLArticleStore.write_batch`` opens its connections with ``WRITE_OPTIONS``.

SQLite: WAL journal, a 30 s busy timeout and ``BEGIN IMMEDIATE`` for writes, so two writers
queue instead of failing. PostgreSQL and MariaDB: ``READ COMMITTED`` (no gap locks on MariaDB),
pre-ping so a restarted server does not fail the next batch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection

WRITE_OPTIONS: dict[str, Any] = {"hnm_write": True}
"""Execution options of a connection that writes (SQLite takes the write lock at BEGIN)."""

CONNECT_TIMEOUT = 5
SQLITE_BUSY_TIMEOUT = 30.0


def json_dumps(value: Any) -> str:
    """JSON columns keep Vietnamese readable: UTF-8, not ``\\u`` escapes."""
    return json.dumps(value, ensure_ascii=False)


def build_engine(url: URL) -> Engine:
    """A new engine for ``url`` (as returned by ``urls.store_url``); creates SQLite's folder."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT}
    if url.get_driver_name() == "psycopg":
        connect_args["prepare_threshold"] = None  # generic plans scan 200-key IN lists linearly
    return create_engine(
        url,
        json_serializer=json_dumps,
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        connect_args=connect_args,
    )


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file:")
    if not in_memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, json_serializer=json_dumps, connect_args={"timeout": SQLITE_BUSY_TIMEOUT}
    )
    event.listen(engine, "connect", _sqlite_wal if not in_memory else _sqlite_manual_begin)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_manual_begin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (_sqlite_begin)


def _sqlite_wal(dbapi_connection: Any, record: Any) -> None:
    _sqlite_manual_begin(dbapi_connection, record)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    writes = connection.get_execution_options().get("hnm_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
