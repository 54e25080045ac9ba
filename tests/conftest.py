"""Fixtures shared by the test files: the bundled mirror served on 127.0.0.1, a large generated
mirror, a key prefix of a test's own on Redis. Helpers (paths, crawls in a child process,
reports, databases) are in ``helpers.py``."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from hnmcrawler.mirror.generate import generate_large
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import LARGE_MIRROR_ARTICLES, MIRROR, REDIS_URL, unreachable

# test_store_writer.py still imports it from here; every other test file from tests.helpers.
from tests.helpers import read_jsonl as read_jsonl


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
