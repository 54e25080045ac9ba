"""Fixtures shared by the test files: the bundled mirror served on 127.0.0.1, a large generated
mirror, a key prefix of a test's own on Redis, an empty article store on each backend. Helpers
(paths, crawls in a child process, reports, databases) are in ``helpers.py``."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine

from hnmcrawler.mirror.generate import generate_large
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.storage import SQLArticleStore
from hnmcrawler.storage.schema import metadata
from hnmcrawler.storage.uri import store_url
from tests.helpers import (
    LARGE_MIRROR_ARTICLES,
    MARIADB_ADMIN,
    MIRROR,
    POSTGRES_ADMIN,
    REDIS_URL,
    throwaway_database,
    unreachable,
)

STORE_BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", id="mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture
def mirror() -> Iterator[MirrorServer]:
    """The bundled mirror on a free port, with a fresh request log for each test."""
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


@pytest.fixture(scope="session")
def large_mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mirror generated with ``LARGE_MIRROR_ARTICLES`` articles (seed 3) and its
    ``expected.jsonl``: every era, section and page shape of the bundled one."""
    root = tmp_path_factory.mktemp("large")
    assert generate_large(root, LARGE_MIRROR_ARTICLES, seed=3) == LARGE_MIRROR_ARTICLES
    return root


@pytest.fixture
def frontier_prefix() -> Iterator[tuple[redis.Redis, str]]:
    """A client of the Redis at ``REDIS_URL`` and a key prefix of this test's own; its keys are
    deleted after. No Redis skips the test (fails it when ``CI`` is set)."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unreachable(f"no Redis at {REDIS_URL}: {exc}")
    prefix = f"hnm-test-{secrets.token_hex(4)}"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database on the shared PostgreSQL server, for the whole session."""
    with throwaway_database(POSTGRES_ADMIN) as uri:
        yield uri


@pytest.fixture(scope="session")
def mariadb_database() -> Iterator[str]:
    """A throwaway database on the shared MariaDB server, for the whole session."""
    with throwaway_database(MARIADB_ADMIN) as uri:
        yield uri


@pytest.fixture(params=STORE_BACKENDS)
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URI to an empty store on each backend: a new SQLite file, or the session's database
    on PostgreSQL or MariaDB, whose tables are dropped after the test."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "store" / "articles.sqlite")
        return
    uri = request.getfixturevalue(f"{request.param}_database")
    yield uri
    engine = create_engine(store_url(uri))
    metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture
def open_store() -> Iterator[Callable[[str], SQLArticleStore]]:
    """Opens stores and closes them all after the test."""
    stores: list[SQLArticleStore] = []

    def opener(uri: str) -> SQLArticleStore:
        store = SQLArticleStore(url=uri)
        store.open()
        stores.append(store)
        return store

    yield opener
    for store in stores:
        store.close()


@pytest.fixture
def store(store_uri: str, open_store: Callable[[str], SQLArticleStore]) -> SQLArticleStore:
    """An open store on each backend (``store_uri``)."""
    return open_store(store_uri)
