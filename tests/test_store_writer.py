"""The store writer keeps the reactor free: a locked database delays batches, not downloads."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from twisted.python import threadable

from hnmcrawler.exceptions import StoreUnavailable
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.storage import SQLArticleStore
from hnmcrawler.storage.base import WriteOutcome
from tests.helpers import SEEN, article, read_jsonl, start_python, stored_count

LOCK_SECONDS = 8.0


def served(mirror: MirrorServer) -> int:
    return sum(mirror.requests.values())


@pytest.mark.e2e
def test_a_locked_store_does_not_stop_downloads_and_loses_nothing(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    db = tmp_path / "a.sqlite"
    settings = {
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0.05",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        "HNM_STORAGE_BATCH_SIZE": "5",
        "LOG_LEVEL": "WARNING",
    }
    command = ["-W", "error", "-m", "scrapy", "crawl", "archive"]
    command += ["-a", "sections=Chinh-tri,Kinh-te,Xa-hoi", "-O", str(tmp_path / "out.jsonl")]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {
        "SCRAPY_SETTINGS_MODULE": "hnmcrawler.settings",
        "HNM_MIRROR": mirror.url,
        "HNM_STORAGE_URI": f"sqlite:///{db}",
    }
    crawl = start_python(command, tmp_path, env, stderr=subprocess.PIPE, text=True)
    with crawl:
        deadline = time.monotonic() + 60
        while stored_count(db) < 10 and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert crawl.poll() is None, "the crawl ended before the lock could be taken"
        lock = sqlite3.connect(db, isolation_level=None, timeout=5)
        lock.execute("BEGIN EXCLUSIVE")
        before, fetched_before = stored_count(db), served(mirror)
        time.sleep(LOCK_SECONDS)
        during, fetched_during = stored_count(db) - before, served(mirror) - fetched_before
        lock.execute("ROLLBACK")
        lock.close()
        _, errors = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, errors[-3000:]
    assert during == 0, "the lock held no write back"
    # 8 s at one request per 50 ms: a reactor blocked by the write would fetch ~nothing.
    assert fetched_during >= 40, f"only {fetched_during} pages fetched during the lock"
    with sqlite3.connect(db) as conn:
        keys = conn.execute("SELECT site, article_id FROM articles").fetchall()
    emitted = [(item["site"], item["article_id"]) for item in read_jsonl(tmp_path / "out.jsonl")]
    assert sorted(keys) == sorted(emitted)  # every article the crawl emitted, stored once
    assert len(set(keys)) == len(keys) > before + 10
    assert not (tmp_path / "out" / "dead-letter.jsonl").exists()


def test_the_store_refuses_to_block_the_reactor_thread(tmp_path: Path) -> None:
    """A running reactor's thread never waits on the database; a worker thread may."""
    store = SQLArticleStore(url=f"sqlite:///{tmp_path / 'a.sqlite'}")
    store.open()
    try:
        assert store.count() == 0  # no reactor here: the calling thread may block
        with reactor_thread_is_this_one(), pytest.raises(RuntimeError, match="reactor thread"):
            store.count()
        with reactor_thread_is_this_one():
            answer: list[int] = []
            worker = threading.Thread(target=lambda: answer.append(store.count()))
            worker.start()
            worker.join()
        assert answer == [0]
    finally:
        store.close()


def test_a_retried_write_runs_in_its_worker_thread_never_on_the_reactor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transaction spoiled by another writer is tried again at once (the database did the
    waiting); the store refuses the whole write on the reactor thread, before any try."""
    store = SQLArticleStore(url=f"sqlite:///{tmp_path / 'a.sqlite'}", max_attempts=2)
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    tries: list[str] = []

    def spoiled(*args: object) -> list[WriteOutcome]:  # the SQL itself is not what is tested
        tries.append(threading.current_thread().name)
        raise locked

    monkeypatch.setattr(store, "_write_once", spoiled)
    with reactor_thread_is_this_one(), pytest.raises(RuntimeError, match="reactor thread"):
        store.write_batch([article(1)], seen_at=SEEN)
    assert tries == []  # refused before any try: nothing of the write runs on the reactor
    raised: list[BaseException] = []

    def write() -> None:
        try:
            store.write_batch([article(1)], seen_at=SEEN)
        except StoreUnavailable as exc:
            raised.append(exc)

    worker = threading.Thread(target=write, name="w")
    with reactor_thread_is_this_one():
        worker.start()
        worker.join()
    assert tries == ["w", "w"]  # tried in the worker thread, and once again at once
    assert len(raised) == 1  # then gave up: the conflict outlived max_attempts


@contextlib.contextmanager
def reactor_thread_is_this_one() -> Iterator[None]:
    """What a started reactor does: this thread becomes Twisted's I/O thread."""
    before = threadable.ioThread
    threadable.registerAsIOThread()
    try:
        yield
    finally:
        threadable.ioThread = before
