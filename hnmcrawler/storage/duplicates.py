"""Near-duplicate links over a whole store: ``hnmcrawler store link-duplicates`` calls
``link_duplicates``.

Reads the dated articles in batches (key, title, date, body, stored ``duplicate_of``) in
``neardup.original_rank`` order, gives each to a ``neardup.NearDuplicateFinder`` (which keeps
signatures of a few days, never bodies), then writes the links in batches, each batch one
transaction. A link is written only where ``duplicate_of`` is still empty, so an exact-duplicate
link (``plan.py``) is never replaced; rows whose ``duplicate_of`` names an article that has just
been linked are pointed at its root, so no chain forms. Runs before or after a crawl, never on the
reactor; SQLite, PostgreSQL and MariaDB alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, Update, and_, bindparam, case, func, select, update
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.neardup import NearDuplicateFinder, Story
from hnmcrawler.sites import LEGACY_HOST
from hnmcrawler.storage.engine import WRITE_OPTIONS, build_engine
from hnmcrawler.storage.schema import articles
from hnmcrawler.storage.sql import existing_schema, read_only_url, store_unavailable
from hnmcrawler.storage.uri import masked, store_url

BATCH_SIZE = 500


@dataclass(frozen=True)
class LinkReport:
    """What one run did: articles read, undated ones left out, links written, links re-pointed."""

    read: int
    undated: int
    linked: int
    repointed: int


def link_duplicates(
    uri: str, *, threshold: float, max_days: int, batch_size: int = BATCH_SIZE
) -> LinkReport:
    """Link the near-duplicates of the store at ``uri``; ``UsageError`` when there is none."""
    finder = NearDuplicateFinder(threshold, max_days)  # ValueError before any connection
    url = store_url(uri)
    engine = _open_existing(url)
    try:
        read = 0
        for story in _stories(engine, batch_size):
            finder.add(story)
            read += 1
        undated = _count_undated(engine)
        linked, repointed = _write_links(engine, finder.links(), batch_size)
    except SQLAlchemyError as exc:
        raise _unavailable(url, exc) from exc
    finally:
        engine.dispose()
    return LinkReport(read, undated, linked, repointed)


def _open_existing(url: URL) -> Engine:
    """An engine on an existing store (a missing SQLite file or schema is a ``UsageError``)."""
    read_only_url(url, masked(url))  # only its check: writing needs the read-write URL
    engine = build_engine(url)
    try:
        existing_schema(engine, url)
    except Exception:
        engine.dispose()
        raise
    return engine


def _stories(engine: Engine, batch_size: int) -> Iterator[Story]:
    c = articles.c
    query = (
        select(c.site, c.article_id, c.title, c.published_at, c.body, c.duplicate_of)
        .where(c.published_at.is_not(None))
        .order_by(c.published_at, case((c.site == LEGACY_HOST, 0), else_=1), c.site, c.article_id)
    )
    with engine.connect() as conn:
        result = conn.execution_options(yield_per=batch_size).execute(query)
        for row in result:
            key = (row.site, int(row.article_id))
            yield Story(key, row.title or "", row.published_at, row.body or "", row.duplicate_of)


def _write_links(engine: Engine, links: dict[str, str], batch_size: int) -> tuple[int, int]:
    """Write ``copy -> root`` where no link is stored; re-point the copies' followers."""
    c = articles.c
    link = (
        update(articles)
        .where(
            and_(c.site == bindparam("b_site"), c.article_id == bindparam("b_id")),
            c.duplicate_of.is_(None),
        )
        .values(duplicate_of=bindparam("b_root"))
    )
    repoint = (
        update(articles)
        .where(c.duplicate_of == bindparam("b_copy"))
        .values(duplicate_of=bindparam("b_root"))
    )
    pairs = sorted(links.items())
    linked = repointed = 0
    for start in range(0, len(pairs), batch_size):
        batch = pairs[start : start + batch_size]
        with engine.connect() as conn:
            conn.execution_options(**WRITE_OPTIONS)
            with conn.begin():
                linked += _each(conn, link, [_link_params(copy, root) for copy, root in batch])
                repointed += _each(conn, repoint, [{"b_copy": cp, "b_root": r} for cp, r in batch])
    return linked, repointed


def _link_params(copy: str, root: str) -> dict[str, Any]:
    site, _, article_id = copy.rpartition(":")
    return {"b_site": site, "b_id": int(article_id), "b_root": root}


def _each(conn: Connection, statement: Update, params: list[dict[str, Any]]) -> int:
    """Run ``statement`` once per parameter set and add up the rows it changed (drivers differ
    in what an executemany's rowcount says)."""
    return sum(conn.execute(statement, one).rowcount for one in params)


def _count_undated(engine: Engine) -> int:
    query: Select[Any] = (
        select(func.count()).select_from(articles).where(articles.c.published_at.is_(None))
    )
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def _unavailable(url: URL, exc: SQLAlchemyError) -> StoreUnavailable:
    return store_unavailable(url, "cannot link duplicates in", exc)
