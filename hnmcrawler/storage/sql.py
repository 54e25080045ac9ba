"""``SQLArticleStore``: the article store on SQLite, PostgreSQL or MariaDB via SQLAlchemy Core.

Built by ``storage.store_from_uri`` (the store pipeline, ``store replay``), by ``hnmcrawler
export`` (which opens it with ``create=False``: it reads an existing store and makes none) or
directly in tests: ``SQLArticleStore(url="sqlite:///" + str(tmp_path / "a.db"))``. Every method
but ``open`` and ``close`` may be called from several threads at once: each call takes its own
pooled connection.

Every call blocks (the network, the database's lock waits), so none may run on a running
reactor's thread: inside a crawl the store is called only from ``storage.writer.StoreWriter``'s
thread and ``storage.lookup.StoreLookup``'s worker threads, and ``open`` and every query refuse
the reactor thread with a ``RuntimeError`` (``_off_the_reactor``). Commands call it before or
after the crawl, with no reactor running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from twisted.python.threadable import isInIOThread

from hnmcrawler.exceptions import StoreUnavailable, UsageError
from hnmcrawler.storage.base import WriteOutcome
from hnmcrawler.storage.engine import WRITE_OPTIONS, build_engine
from hnmcrawler.storage.limits import ARTICLE_ID_MAX, ARTICLE_ID_MIN, RowRejected, violations
from hnmcrawler.storage.rows import check_aware, output_row, prepare_row
from hnmcrawler.storage.schema import article_revisions, articles
from hnmcrawler.storage.uri import DEFAULT_URI, masked, store_url
from hnmcrawler.storage.versioning import check_schema, ensure_schema
from hnmcrawler.storage.writes import is_retryable, row_refusal, write_prepared

logger = logging.getLogger(__name__)


def _off_the_reactor() -> None:
    """``RuntimeError`` on the thread of a running Twisted reactor: a blocking database call
    there would stop every download, backoff and timer of the crawl until it returned."""
    if isInIOThread():
        raise RuntimeError(
            "a blocking article-store call on the reactor thread: "
            "go through storage.writer.StoreWriter or storage.lookup.StoreLookup"
        )


def store_unavailable(url: URL, doing: str, exc: SQLAlchemyError) -> StoreUnavailable:
    """A one-line ``StoreUnavailable``: what failed, where, and the driver's first line, the
    password masked in both."""
    cause = getattr(exc, "orig", None) or exc
    detail = (str(cause).strip().splitlines() or [""])[0]
    if url.password:
        detail = detail.replace(str(url.password), "***")
    return StoreUnavailable(
        f"{doing} article store {masked(url)}: {type(cause).__name__}: {detail}"
    )


def existing_schema(engine: Engine, url: URL) -> int:
    """The schema version of the store ``engine`` opens; ``UsageError`` when it holds no
    article store, ``StoreUnavailable`` when the database does not answer."""
    try:
        with engine.connect() as conn:
            version = check_schema(conn, masked(url))
    except SQLAlchemyError as exc:
        raise store_unavailable(url, "cannot open", exc) from exc
    if version is None:
        raise UsageError(f"no article store at {masked(url)}")
    return version


def _utc_now() -> datetime:
    return datetime.now(UTC)


def read_only_url(url: URL, display_url: str) -> URL:
    """``url`` unchanged for a server; for a SQLite file, a ``file:...?mode=ro`` URI that SQLite
    opens without creating it or its folder (``UsageError`` when there is no such file)."""
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file:")
    if url.get_backend_name() != "sqlite" or in_memory:
        return url
    if not Path(database).is_file():
        raise UsageError(f"no article store at {display_url}")
    return url.set(database=f"file:{quote(database)}").update_query_dict(
        {"mode": "ro", "uri": "true"}
    )


class SQLArticleStore:
    """An ``ArticleStore`` in one SQL database; see ``storage.base`` for the contract."""

    def __init__(
        self,
        url: str = DEFAULT_URI,
        *,
        max_attempts: int = 5,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        """Check the URI and its driver (``NotConfigured``); connect only in ``open``."""
        self.url = store_url(url)
        self.display_url = masked(self.url)
        self.max_attempts = max_attempts
        self.clock = clock
        self._engine: Engine | None = None

    def __repr__(self) -> str:
        return f"SQLArticleStore({self.display_url!r})"

    def open(self, *, create: bool = True) -> None:
        """Connect, create or upgrade the schema; ``StoreUnavailable`` with a one-line reason.

        With ``create=False`` (readers: the export) nothing is created, migrated or written:
        SQLite is opened read-only, and a database without the store's tables is a
        ``UsageError`` (``no article store at ...``), as is a missing SQLite file.
        """
        if self._engine is not None:
            return
        _off_the_reactor()
        url = self.url if create else read_only_url(self.url, self.display_url)
        try:
            engine = build_engine(url)
        except OSError as exc:  # SQLite's folder cannot be created
            raise StoreUnavailable(f"cannot open article store {self.display_url}: {exc}") from exc
        try:
            version = self._ensure_schema(engine) if create else self._check_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        self._engine = engine
        logger.info(
            "opened article store %(url)s (schema version %(version)d)",
            {"url": self.display_url, "version": version},
        )

    def _ensure_schema(self, engine: Engine) -> int:
        try:
            with engine.connect() as conn:
                return ensure_schema(conn, self.display_url, self.clock())
        except SQLAlchemyError as exc:
            raise self._unavailable("cannot open", exc) from exc

    def _check_schema(self, engine: Engine) -> int:
        return existing_schema(engine, self.url)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def write_batch(
        self, rows: Sequence[Mapping[str, Any]], *, seen_at: datetime
    ) -> list[WriteOutcome]:
        """Write ``rows`` in one transaction, retried whole, at once, when a concurrent writer
        interferes. No wait of ours between the tries: the database has already waited for the
        other writer (a unique-key race is reported once the other transaction committed, a
        deadlock victim's locks are gone, SQLite waited its busy timeout, MariaDB its lock
        wait), and keys are written in sorted order, so the new try queues on its locks inside
        the database instead of in a sleep here.

        ``RowRejected`` (nothing written) for the rows that break ``limits.LIMITS``, every one
        named and found before any SQL, or when the database refuses a row's data
        (``writes.row_refusal``); ``quarantine.write_rows`` then stores the others.
        ``StoreUnavailable`` when the database fails or conflicts persist after ``max_attempts``.
        """
        _off_the_reactor()
        check_aware("seen_at", seen_at)
        broken = {i: found[0] for i, row in enumerate(rows) if (found := violations(row))}
        if broken:
            raise RowRejected(broken)
        prepared = [prepare_row(row) for row in rows]
        if not prepared:
            return []
        attempt = 1
        while True:
            try:
                return self._write_once(prepared, seen_at)
            except DBAPIError as exc:
                if attempt >= self.max_attempts or not is_retryable(exc):
                    raise self._unavailable(
                        f"cannot write {len(prepared)} articles to", exc
                    ) from exc
                self._log_retry(attempt, exc)
            except SQLAlchemyError as exc:
                raise self._unavailable(f"cannot write {len(prepared)} articles to", exc) from exc
            attempt += 1

    def _write_once(self, prepared: list[dict[str, Any]], seen_at: datetime) -> list[WriteOutcome]:
        """One transaction; ``RowRejected`` when the database or its driver refuses a row's data
        (the row is named when the batch has one)."""
        try:
            with self._require_engine().connect() as conn:
                conn.execution_options(**WRITE_OPTIONS)
                with conn.begin():
                    return write_prepared(conn, prepared, seen_at)
        except (SQLAlchemyError, ValueError, OverflowError) as exc:
            refusal = row_refusal(exc)
            if refusal is None:
                raise
            raise RowRejected({0: refusal} if len(prepared) == 1 else {}, refusal) from exc

    def newest_published_at(self, site: str, section: str | None = None) -> datetime | None:
        query = select(func.max(articles.c.published_at)).where(articles.c.site == site)
        if section is not None:
            query = query.where(articles.c.section == section)
        newest: datetime | None = self._scalar(query)
        return newest

    def count(self) -> int:
        return int(self._scalar(select(func.count()).select_from(articles)))

    def stored_ids(self, site: str, article_ids: Iterable[int]) -> set[int]:
        """Which of these ids of one site the store already holds (one query)."""
        wanted = sorted({i for i in article_ids if ARTICLE_ID_MIN <= i <= ARTICLE_ID_MAX})
        if not wanted:
            return set()
        query = select(articles.c.article_id).where(
            articles.c.site == site, articles.c.article_id.in_(wanted)
        )
        try:
            with self._require_engine().connect() as conn:
                return {int(row[0]) for row in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise self._unavailable("cannot read", exc) from exc

    def iter_articles(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        section: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Latest revisions with ``since <= published_at < until``, streamed in chunks."""
        check_aware("since", since)
        check_aware("until", until)
        query = select(articles).order_by(
            articles.c.published_at.is_(None),
            articles.c.published_at,
            articles.c.site,
            articles.c.article_id,
        )
        if since is not None:
            query = query.where(articles.c.published_at >= since)
        if until is not None:
            query = query.where(articles.c.published_at < until)
        if section is not None:
            query = query.where(articles.c.section == section)
        return self._stream(query)

    def revisions(self, site: str, article_id: int) -> list[dict[str, Any]]:
        """Previous revisions of one article, oldest first (not part of ``ArticleStore``)."""
        query = (
            select(article_revisions)
            .where(article_revisions.c.site == site, article_revisions.c.article_id == article_id)
            .order_by(article_revisions.c.revision)
        )
        try:
            with self._require_engine().connect() as conn:
                return [dict(row._mapping) for row in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise self._unavailable("cannot read", exc) from exc

    def _stream(self, query: Any) -> Iterator[dict[str, Any]]:
        engine = self._require_engine()
        try:
            with engine.connect() as conn:
                result = conn.execution_options(yield_per=500).execute(query)
                for row in result.mappings():
                    yield output_row(row)
        except SQLAlchemyError as exc:
            raise self._unavailable("cannot read", exc) from exc

    def _scalar(self, query: Any) -> Any:
        try:
            with self._require_engine().connect() as conn:
                return conn.scalar(query)
        except SQLAlchemyError as exc:
            raise self._unavailable("cannot read", exc) from exc

    def _require_engine(self) -> Engine:
        """The engine every query and write goes through, off the reactor thread only."""
        if self._engine is None:
            raise RuntimeError(f"{self!r} is not open")
        _off_the_reactor()
        return self._engine

    def _unavailable(self, doing: str, exc: SQLAlchemyError) -> StoreUnavailable:
        return store_unavailable(self.url, doing, exc)

    def _log_retry(self, attempt: int, exc: DBAPIError) -> None:
        logger.info(
            "concurrent write on %(url)s (%(error)s), retrying the batch (attempt %(attempt)d)",
            {"url": self.display_url, "error": type(exc.orig).__name__, "attempt": attempt + 1},
        )
