"""The article store: one contract run on SQLite, PostgreSQL and MariaDB, plus the dead letter
and export helpers.

The backends are ``conftest.py``'s ``store_uri``: PostgreSQL (127.0.0.1:5432, user postgres) and
MariaDB (127.0.0.1:3306, root) each get a fresh database ``hnm_test_<random>`` for the session,
dropped at the end; tables are dropped after every test. An unreachable server skips its tests,
or fails them when ``CI`` is set.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.exceptions import NotConfigured
from sqlalchemy import create_engine, delete, func, insert, inspect, select, text

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.exceptions import IncompatibleStoreSchema, StoreUnavailable
from hnmcrawler.items import ARTICLE_FIELDS, PROVENANCE_FIELDS
from hnmcrawler.storage import (
    STORE_COLUMNS,
    ArticleStore,
    DeadLetterFile,
    SQLArticleStore,
    WriteOutcome,
    export_articles,
    store_from_uri,
)
from hnmcrawler.storage.deadletter import decode_row, encode_row, replay_file
from hnmcrawler.storage.export import EXPORT_COLUMNS, SectionFilter
from hnmcrawler.storage.schema import SCHEMA_VERSION, metadata, schema_version
from hnmcrawler.storage.uri import store_url
from tests.helpers import SEEN, article

VIETNAM = VIETNAM_TZ
SITE = "hanoimoi.vn"
CAPTURED = datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)
CAPTURE_URL = "https://web.archive.org/web/20190304050607id_/https://hanoimoi.vn/a-1.html"
NEW, UPDATED, UNCHANGED = WriteOutcome.NEW, WriteOutcome.UPDATED, WriteOutcome.UNCHANGED
OLDER = WriteOutcome.OLDER
LIVE_COPY = ("live", None, None)


def provenance(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in PROVENANCE_FIELDS)


def downgrade_to_version_1(url: Any, tables: tuple[str, ...]) -> None:
    """Make an open-and-closed store look as the previous version left it: no provenance
    columns in ``tables``, schema version 1."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in tables:
            for name in PROVENANCE_FIELDS:
                conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {name}"))
        conn.execute(delete(schema_version))
        conn.execute(insert(schema_version).values(version=1, applied_at=SEEN))
    engine.dispose()


def on_articles(conn: Any) -> str:
    """MariaDB names the table an index is dropped from."""
    return " ON articles" if conn.dialect.name in ("mysql", "mariadb") else ""


def fields(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in ARTICLE_FIELDS}


def by_id(store: ArticleStore) -> dict[int, dict[str, Any]]:
    return {row["article_id"]: row for row in store.iter_articles()}


class TestStoreContract:
    """What every backend must do; the store pipeline relies on exactly this."""

    def test_new_then_unchanged_then_updated_keeps_revision_history(
        self, store: SQLArticleStore
    ) -> None:
        assert store.write_batch([article(1), article(2)], seen_at=SEEN) == [NEW, NEW]
        later = SEEN + timedelta(hours=1)
        changed = article(2, body="Đoạn một, đã sửa.")
        assert store.write_batch([article(1), changed], seen_at=later) == [UNCHANGED, UPDATED]
        rows = by_id(store)
        assert (rows[1]["revision"], rows[2]["revision"]) == (1, 2)
        assert rows[2]["body"] == "Đoạn một, đã sửa."
        assert store.revisions(SITE, 1) == []
        [previous] = store.revisions(SITE, 2)
        assert (previous["revision"], previous["body"]) == (1, article(2)["body"])
        assert previous["content_hash"] != rows[2]["content_hash"]
        assert previous["stored_at"] == later
        assert store.count() == 2

    def test_unchanged_bumps_last_seen_and_fetched_at_only(self, store: SQLArticleStore) -> None:
        store.write_batch([article(1)], seen_at=SEEN)
        later, fetched = SEEN + timedelta(days=2), SEEN + timedelta(days=2, minutes=-1)
        again = article(1, fetched_at=fetched, section="Xã hội")  # section is not hashed
        assert store.write_batch([again], seen_at=later) == [UNCHANGED]
        [row] = store.iter_articles()
        assert (row["first_seen_at"], row["last_seen_at"]) == (SEEN, later)
        assert (row["fetched_at"], row["section"], row["revision"]) == (fetched, "Đô thị", 1)

    def test_a_copy_from_another_source_is_the_same_row_and_a_revision_only_if_changed(
        self, store: SQLArticleStore
    ) -> None:
        store.write_batch([article(1)], seen_at=SEEN)
        wayback = {"source": "wayback", "capture_url": CAPTURE_URL, "captured_at": CAPTURED}
        later = SEEN + timedelta(hours=1)
        assert store.write_batch([article(1, **wayback)], seen_at=later) == [UNCHANGED]
        [row] = store.iter_articles()
        assert (*provenance(row), row["revision"]) == ("live", None, None, 1)
        archived = article(1, body="Đoạn một, bản lưu trữ.", **wayback)
        assert store.write_batch([archived], seen_at=later + timedelta(hours=1)) == [OLDER]
        recent = {**wayback, "captured_at": SEEN + timedelta(days=1)}
        archived = article(1, body="Đoạn một, bản lưu trữ.", **recent)
        assert store.write_batch([archived], seen_at=later + timedelta(hours=1)) == [UPDATED]
        [row] = store.iter_articles()
        assert (*provenance(row), row["revision"]) == (
            "wayback",
            CAPTURE_URL,
            recent["captured_at"],
            2,
        )
        assert row["captured_at"].tzinfo == VIETNAM
        [previous] = store.revisions(SITE, 1)
        assert (*provenance(previous), previous["body"]) == ("live", None, None, article(1)["body"])
        assert store.count() == 1

    def test_in_one_batch_the_row_keeps_the_provenance_of_its_content(
        self, store: SQLArticleStore
    ) -> None:
        at = SEEN + timedelta(days=1)
        warc = {"source": "warc", "capture_url": "file:a.warc.gz#0", "captured_at": at}
        batch = [article(1), article(1, **warc), article(1, title="Tin mới", **warc), article(2)]
        assert store.write_batch(batch, seen_at=SEEN) == [NEW, UNCHANGED, UPDATED, NEW]
        rows = by_id(store)
        assert provenance(rows[1]) == ("warc", "file:a.warc.gz#0", at)
        assert provenance(rows[2]) == ("live", None, None)
        assert [provenance(r) for r in store.revisions(SITE, 1)] == [("live", None, None)]

    def test_an_older_copy_never_replaces_the_stored_content(self, store: SQLArticleStore) -> None:
        march, january = datetime(2026, 3, 1, tzinfo=VIETNAM), datetime(2026, 1, 5, tzinfo=VIETNAM)
        store.write_batch([article(1, fetched_at=march)], seen_at=march)
        before = by_id(store)[1]
        warc = {"source": "warc", "capture_url": "file:a.warc.gz#0", "captured_at": january}
        old_copy = article(1, body="Bản tháng Một.", fetched_at=SEEN + timedelta(days=900), **warc)
        assert store.write_batch([old_copy], seen_at=march + timedelta(days=1)) == [OLDER]
        assert by_id(store)[1] == before  # content, provenance, fetched_at, last_seen_at
        assert store.revisions(SITE, 1) == []
        live_january = article(1, body="Bản tháng Một.", fetched_at=january)
        assert store.write_batch([live_january], seen_at=march + timedelta(days=2)) == [OLDER]
        assert by_id(store)[1] == before

    def test_an_archived_row_is_dated_by_its_capture_not_by_when_it_was_read(
        self, store: SQLArticleStore
    ) -> None:
        wayback = {"source": "wayback", "capture_url": CAPTURE_URL, "captured_at": CAPTURED}
        store.write_batch([article(1, **wayback)], seen_at=SEEN)  # read in 2024, captured 2019
        live_2020 = article(1, body="Bản 2020.", fetched_at=CAPTURED + timedelta(days=365))
        assert store.write_batch([live_2020], seen_at=SEEN) == [UPDATED]
        [row] = store.iter_articles()
        assert (row["body"], row["revision"], provenance(row)) == ("Bản 2020.", 2, LIVE_COPY)

    def test_a_copy_of_the_same_fetch_replaces_the_row(self, store: SQLArticleStore) -> None:
        """A crawl dates its WARC record as the response arrives, fetched_at as it parses:
        the WARC re-read after a layout fix is that fetch, a few seconds "older"."""
        store.write_batch([article(1)], seen_at=SEEN)
        warc = {"source": "warc", "capture_url": "file:a.warc.gz#0"}
        fixed = article(1, title="Sửa", captured_at=SEEN - timedelta(seconds=3), **warc)
        assert store.write_batch([fixed], seen_at=SEEN + timedelta(days=1)) == [UPDATED]
        assert by_id(store)[1]["title"] == "Sửa"

    def test_an_unchanged_copy_never_moves_fetched_at_back(self, store: SQLArticleStore) -> None:
        store.write_batch([article(1)], seen_at=SEEN)
        later = SEEN + timedelta(days=1)
        earlier = article(1, fetched_at=SEEN - timedelta(days=30))
        assert store.write_batch([earlier], seen_at=later) == [UNCHANGED]
        [row] = store.iter_articles()
        assert (row["fetched_at"], row["last_seen_at"]) == (SEEN, later)
        batch = [article(2, fetched_at=later), article(2, fetched_at=SEEN)]
        assert store.write_batch(batch, seen_at=later) == [NEW, UNCHANGED]
        assert by_id(store)[2]["fetched_at"] == later

    def test_in_one_batch_the_newest_copy_wins_in_either_order(
        self, store: SQLArticleStore
    ) -> None:
        old, new = SEEN - timedelta(days=60), SEEN
        newest_first = [article(1, title="Mới", fetched_at=new), article(1, fetched_at=old)]
        assert store.write_batch(newest_first, seen_at=SEEN) == [NEW, OLDER]
        oldest_first = [article(2, fetched_at=old), article(2, title="Mới", fetched_at=new)]
        assert store.write_batch(oldest_first, seen_at=SEEN) == [NEW, UPDATED]
        rows = by_id(store)
        assert [(rows[n]["title"], rows[n]["fetched_at"]) for n in (1, 2)] == [("Mới", new)] * 2
        assert store.revisions(SITE, 1) == []

    def test_the_copy_the_content_came_from_read_again_is_never_older(
        self, store: SQLArticleStore
    ) -> None:
        """A crawl in January stores the page (and its WARC); a crawl in March finds the same
        content. A layout fix read from January's WARC record is the page the row holds, read
        again: it replaces the row, never older. A copy from February, another fetch, is older
        than March's confirmation, before and after that re-read: the order of the copies
        does not matter."""
        january, march = datetime(2026, 1, 5, tzinfo=VIETNAM), datetime(2026, 3, 1, tzinfo=VIETNAM)
        record = january + timedelta(seconds=-2)  # the WARC dates the response, the row parses
        warc = {"source": "warc", "capture_url": "file:a.warc.gz#0", "captured_at": record}
        february = {**warc, "captured_at": datetime(2026, 2, 1, tzinfo=VIETNAM)}
        later = march + timedelta(days=1)
        finals = []
        for n, first_fixed in ((1, True), (2, False)):
            store.write_batch([article(n, fetched_at=january)], seen_at=january)
            assert store.write_batch([article(n, fetched_at=march)], seen_at=march) == [UNCHANGED]
            row = by_id(store)[n]
            assert (row["fetched_at"], row["copied_at"], row["confirmed_at"]) == (
                march,
                january,
                march,
            )
            fixed = article(n, title="Tiêu đề đã sửa", fetched_at=record, **warc)
            other = article(n, title="Bản tháng Hai", fetched_at=later, **february)
            copies = [fixed, other] if first_fixed else [other, fixed]
            outcomes = [store.write_batch([copy], seen_at=later)[0] for copy in copies]
            assert outcomes == ([UPDATED, OLDER] if first_fixed else [OLDER, UPDATED])
            row = by_id(store)[n]
            finals.append((row["title"], row["revision"], row["copied_at"], row["confirmed_at"]))
            assert row["fetched_at"] == march  # what the March crawl confirmed stands
        assert finals == [("Tiêu đề đã sửa", 2, record, march)] * 2

    def test_a_version_2_store_gains_copied_at_and_its_rows_keep_the_rule_they_had(
        self, store_uri: str, open_store: Callable[[str], SQLArticleStore]
    ) -> None:
        """Rows stored before version 3 have no ``copied_at``: a copy is older than their
        latest fetch, as it was. The index on ``duplicate_of`` is made, and MariaDB's
        ``sapo`` and ``body`` take a long-form article (MEDIUMTEXT)."""
        january, march = datetime(2026, 1, 5, tzinfo=VIETNAM), datetime(2026, 3, 1, tzinfo=VIETNAM)
        old = open_store(store_uri)
        old.write_batch([article(1, fetched_at=january)], seen_at=january)
        old.write_batch([article(1, fetched_at=march)], seen_at=march)
        old.close()
        engine = create_engine(old.url)
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_articles_duplicate_of" + on_articles(conn)))
            conn.execute(text("ALTER TABLE articles DROP COLUMN copied_at"))
            conn.execute(text("ALTER TABLE articles DROP COLUMN confirmed_at"))
            if conn.dialect.name in ("mysql", "mariadb"):  # version 2's TEXT: 65,535 bytes
                for table in ("articles", "article_revisions"):
                    conn.execute(text(f"ALTER TABLE {table} MODIFY body TEXT, MODIFY sapo TEXT"))
            conn.execute(delete(schema_version))
            conn.execute(insert(schema_version).values(version=2, applied_at=SEEN))
        engine.dispose()
        with pytest.raises(IncompatibleStoreSchema, match=r"version 2, .* a crawl upgrades it"):
            SQLArticleStore(url=store_uri).open(create=False)
        store = open_store(store_uri)
        assert by_id(store)[1]["copied_at"] is None
        engine = create_engine(store.url)
        with engine.connect() as conn:
            indexes = {index["name"] for index in inspect(conn).get_indexes("articles")}
        engine.dispose()
        assert "ix_articles_duplicate_of" in indexes
        long_form = article(2, body="ệ" * 30_000)  # 90,000 bytes: past MariaDB's TEXT
        assert store.write_batch([long_form], seen_at=march) == [NEW]
        assert by_id(store)[2]["body"] == long_form["body"]
        fixed = article(1, title="Tiêu đề đã sửa", fetched_at=january)
        assert store.write_batch([fixed], seen_at=march) == [OLDER]
        newer = article(1, title="Bản mới", fetched_at=march + timedelta(days=1))
        assert store.write_batch([newer], seen_at=march) == [UPDATED]
        assert by_id(store)[1]["copied_at"] == march + timedelta(days=1)

    def test_a_row_without_a_source_is_a_live_copy(self, store: SQLArticleStore) -> None:
        old = {k: v for k, v in article(1).items() if k not in PROVENANCE_FIELDS}
        store.write_batch([old], seen_at=SEEN)
        assert provenance(by_id(store)[1]) == ("live", None, None)

    @pytest.mark.parametrize(
        "tables",
        [
            pytest.param(("articles", "article_revisions"), id="a version 1 store"),
            pytest.param(("article_revisions",), id="a migration cut short after one table"),
        ],
    )
    def test_a_version_1_store_opens_and_gains_provenance(
        self,
        store_uri: str,
        open_store: Callable[[str], SQLArticleStore],
        tables: tuple[str, ...],
    ) -> None:
        old = open_store(store_uri)
        old.write_batch([article(1), article(2)], seen_at=SEEN)
        old.write_batch([article(2, title="Sửa")], seen_at=SEEN)
        old.close()
        downgrade_to_version_1(old.url, tables)
        with pytest.raises(IncompatibleStoreSchema, match=r"version 1, .* a crawl upgrades it"):
            SQLArticleStore(url=store_uri).open(create=False)
        store = open_store(store_uri)
        rows = by_id(store)
        assert [provenance(rows[n]) for n in (1, 2)] == [("live", None, None)] * 2
        assert [provenance(r) for r in store.revisions(SITE, 2)] == [("live", None, None)]
        archived = article(1, title="Bản lưu", source="wayback", capture_url=CAPTURE_URL)
        captured = SEEN + timedelta(days=1)
        assert store.write_batch([{**archived, "captured_at": captured}], seen_at=SEEN) == [UPDATED]
        assert provenance(by_id(store)[1]) == ("wayback", CAPTURE_URL, captured)
        engine = create_engine(store.url)
        with engine.connect() as conn:
            assert conn.scalar(select(func.max(schema_version.c.version))) == SCHEMA_VERSION == 3
        engine.dispose()

    def test_a_key_twice_in_one_batch_counts_as_written_in_order(
        self, store: SQLArticleStore
    ) -> None:
        batch = [article(1), article(1), article(1, title="Tin mới"), article(2)]
        assert store.write_batch(batch, seen_at=SEEN) == [NEW, UNCHANGED, UPDATED, NEW]
        assert by_id(store)[1]["title"] == "Tin mới"
        assert by_id(store)[1]["revision"] == 2
        assert [r["title"] for r in store.revisions(SITE, 1)] == [article(1)["title"]]
        assert store.count() == 2

    def test_datetimes_round_trip_aware_and_exact(self, store: SQLArticleStore) -> None:
        published = datetime(2003, 10, 5, 23, 59, 59, 999999, tzinfo=VIETNAM)
        updated = datetime(2024, 2, 29, 0, 0, 0, 1, tzinfo=UTC)
        fetched = datetime(2024, 3, 1, 1, 2, 3, 456789, tzinfo=timezone(timedelta(hours=-5)))
        row = article(1, published_at=published, updated_at=updated, fetched_at=fetched)
        store.write_batch([row], seen_at=SEEN)
        [stored] = store.iter_articles()
        for name in ("published_at", "updated_at", "fetched_at", "first_seen_at"):
            assert stored[name].tzinfo == VIETNAM, name
        assert (stored["published_at"], stored["updated_at"]) == (published, updated)
        assert (stored["fetched_at"], stored["first_seen_at"]) == (fetched, SEEN)
        assert stored["updated_at"].isoformat() == "2024-02-29T07:00:00.000001+07:00"

    def test_rows_read_back_like_input_rows(self, store: SQLArticleStore) -> None:
        rows = [
            article(1),
            article(2, authors=[], tags=[], images=[], published_at=None, subsection=None),
            article(3, images=[{"url": "https://x/a.jpg", "caption": ""}] * 3),
        ]
        store.write_batch(rows, seen_at=SEEN)
        stored = store.iter_articles()
        read = {row["article_id"]: row for row in stored}
        assert [fields(read[n]) for n in (1, 2, 3)] == rows
        assert list(read[1]) == [*ARTICLE_FIELDS, *STORE_COLUMNS]

    def test_hostile_and_vietnamese_text_stored_verbatim(self, store: SQLArticleStore) -> None:
        title = '\'); DROP TABLE articles;-- "Hà Nội" %s %(x)s \\ 😀🇻🇳'
        body = "Tiếng Việt có dấu: Đường Trường Chinh, quận Đống Đa.\n\n漢字 ‘quote’ \t tab"
        row = article(1, title=title, body=body, authors=["Nguyễn Thị Ánh 🌸"])
        store.write_batch([row, article(2)], seen_at=SEEN)
        assert fields(by_id(store)[1]) == row
        assert store.count() == 2

    def test_duplicate_of_links_the_earliest_key_with_the_same_content(
        self, store: SQLArticleStore
    ) -> None:
        store.write_batch([article(1)], seen_at=SEEN)
        copy = {"title": article(1)["title"]}
        store.write_batch([article(2, **copy)], seen_at=SEEN + timedelta(hours=1))
        other_site = article(1, site="hanoimoi.com.vn", url="http://hanoimoi.com.vn/1")
        fresh = [article(3, title="Mới"), article(4, title="Mới"), other_site]
        store.write_batch(fresh, seen_at=SEEN + timedelta(hours=2))
        rows = {(r["site"], r["article_id"]): r["duplicate_of"] for r in store.iter_articles()}
        assert rows == {
            (SITE, 1): None,
            (SITE, 2): f"{SITE}:1",
            (SITE, 3): None,
            (SITE, 4): f"{SITE}:3",
            ("hanoimoi.com.vn", 1): f"{SITE}:1",
        }
        store.write_batch([article(2, title="Đã sửa")], seen_at=SEEN + timedelta(hours=3))
        assert by_id(store)[2]["duplicate_of"] is None

    def test_newest_published_at_per_site_and_section(self, store: SQLArticleStore) -> None:
        assert store.newest_published_at(SITE) is None
        rows = [
            article(1),
            article(5, section="Thể thao"),
            article(9, site="hanoimoi.com.vn"),
            article(3, published_at=None),
        ]
        store.write_batch(rows, seen_at=SEEN)
        assert store.newest_published_at(SITE) == rows[1]["published_at"]
        assert store.newest_published_at(SITE, "Đô thị") == rows[0]["published_at"]
        assert store.newest_published_at("hanoimoi.com.vn") == rows[2]["published_at"]
        assert store.newest_published_at(SITE, "Kinh tế") is None
        assert store.newest_published_at(SITE).tzinfo == VIETNAM  # type: ignore[union-attr]

    def test_iter_articles_filters_and_orders_by_published_at_then_key(
        self, store: SQLArticleStore
    ) -> None:
        same_time = article(4)["published_at"]
        rows = [
            article(4),
            article(2, section="Thể thao"),
            article(7, published_at=None),
            article(3, site="hanoimoi.com.vn", published_at=same_time),
            article(1),
        ]
        store.write_batch(rows, seen_at=SEEN)
        keys = [(r["site"], r["article_id"]) for r in store.iter_articles()]
        assert keys == [(SITE, 1), (SITE, 2), ("hanoimoi.com.vn", 3), (SITE, 4), (SITE, 7)]
        since = article(2)["published_at"]
        window = store.iter_articles(since=since, until=same_time + timedelta(seconds=1))
        assert [r["article_id"] for r in window] == [2, 3, 4]
        assert [r["article_id"] for r in store.iter_articles(since=since, until=same_time)] == [2]
        assert [r["article_id"] for r in store.iter_articles(section="Thể thao")] == [2]
        assert list(store.iter_articles(since=since, section="Kinh tế")) == []

    def test_concurrent_writers_end_with_one_row_per_key(
        self, store_uri: str, open_store: Callable[[str], SQLArticleStore]
    ) -> None:
        keys = list(range(1, 61))
        first = run_writers(open_store(store_uri), open_store(store_uri), keys)
        assert all(outcomes == [NEW, UNCHANGED] for outcomes in _per_key(first, keys))
        variants = ({"body": "Bản A"}, {"body": "Bản B"})
        shared = open_store(store_uri)  # one store used by two threads
        second = run_writers(shared, shared, keys, variants)
        assert all(outcomes == [UPDATED, UPDATED] for outcomes in _per_key(second, keys))
        store = open_store(store_uri)
        assert store.count() == len(keys)
        assert {row["revision"] for row in store.iter_articles()} == {3}
        assert [r["revision"] for r in store.revisions(SITE, 30)] == [1, 2]

    def test_a_newer_schema_version_is_refused(
        self, store_uri: str, open_store: Callable[[str], SQLArticleStore]
    ) -> None:
        store = open_store(store_uri)
        store.write_batch([article(1)], seen_at=SEEN)
        engine = create_engine(store.url)
        with engine.begin() as conn:
            conn.execute(insert(schema_version).values(version=99, applied_at=SEEN))
        engine.dispose()
        later = SQLArticleStore(url=store_uri)
        with pytest.raises(IncompatibleStoreSchema, match="schema version 99"):
            later.open()
        later.close()

    def test_a_failing_database_mid_run_raises_store_unavailable(
        self, store: SQLArticleStore
    ) -> None:
        store.write_batch([article(1)], seen_at=SEEN)
        engine = create_engine(store.url)
        metadata.drop_all(engine)
        engine.dispose()
        with pytest.raises(StoreUnavailable, match="cannot write 1 articles"):
            store.write_batch([article(2)], seen_at=SEEN)


def run_writers(
    left: SQLArticleStore,
    right: SQLArticleStore,
    keys: list[int],
    variants: tuple[dict[str, str], dict[str, str]] | None = None,
) -> dict[str, list[tuple[int, WriteOutcome]]]:
    """Two stores write the same keys at once, in the same batches (then in opposite orders)."""
    barrier = threading.Barrier(2)
    results: dict[str, list[tuple[int, WriteOutcome]]] = {}
    errors: list[BaseException] = []

    def worker(
        name: str, store: SQLArticleStore, order: list[int], changes: dict[str, str]
    ) -> None:
        try:
            barrier.wait()
            done: list[tuple[int, WriteOutcome]] = []
            for start in range(0, len(order), 20):
                chunk = order[start : start + 20]
                outcomes = store.write_batch([article(n, **changes) for n in chunk], seen_at=SEEN)
                done.extend(zip(chunk, outcomes, strict=True))
            results[name] = done
        except BaseException as exc:
            errors.append(exc)

    changes = variants or ({}, {})
    right_order = keys[::-1] if variants else keys
    threads = [
        threading.Thread(target=worker, args=("left", left, keys, changes[0])),
        threading.Thread(target=worker, args=("right", right, right_order, changes[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def _per_key(
    results: dict[str, list[tuple[int, WriteOutcome]]], keys: list[int]
) -> list[list[WriteOutcome]]:
    outcomes: dict[int, list[WriteOutcome]] = {key: [] for key in keys}
    for done in results.values():
        for key, outcome in done:
            outcomes[key].append(outcome)
    return [sorted(outcomes[key]) for key in keys]


@pytest.mark.parametrize(
    "uri",
    [
        "postgresql://postgres:s3cr3t-pw@127.0.0.1:1/test",
        "mysql://root:s3cr3t-pw@127.0.0.1:1/test",
        "mariadb://root:s3cr3t-pw@127.0.0.1:1/test",
    ],
)
def test_a_database_down_at_open_raises_store_unavailable_without_the_password(uri: str) -> None:
    store = SQLArticleStore(url=uri)
    with pytest.raises(StoreUnavailable) as caught:
        store.open()
    message = str(caught.value)
    assert "\n" not in message
    assert "127.0.0.1:1" in message
    assert ":***@" in message
    assert "s3cr3t-pw" not in "".join(traceback.format_exception(caught.value))
    assert "s3cr3t-pw" not in repr(store)


def test_a_password_in_the_query_is_hidden_too() -> None:
    store = SQLArticleStore(url="postgresql://hnm@127.0.0.1:1/hnm?password=s3cr3t-pw&sslmode=allow")
    assert store.display_url == (
        "postgresql+psycopg://hnm@127.0.0.1:1/hnm?password=***&sslmode=allow"
    )
    with pytest.raises(StoreUnavailable) as caught:
        store.open()
    assert "password=***" in str(caught.value)
    assert "s3cr3t-pw" not in "".join(traceback.format_exception(caught.value))


def test_a_sqlite_folder_that_cannot_be_made_raises_store_unavailable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    store = SQLArticleStore(url="sqlite:///" + str(tmp_path / "file" / "a.sqlite"))
    with pytest.raises(StoreUnavailable, match="cannot open article store"):
        store.open()


def test_the_default_uri_is_sqlite_under_out_with_its_folder_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = store_from_uri()
    store.open()
    store.close()
    assert isinstance(store, SQLArticleStore)
    assert (tmp_path / "out" / "articles.sqlite").is_file()


@pytest.mark.parametrize(
    ("uri", "drivername"),
    [
        ("postgresql://u@db/hnm", "postgresql+psycopg"),
        ("postgres://u@db/hnm", "postgresql+psycopg"),
        ("mysql://u@db/hnm", "mysql+pymysql"),
        ("mariadb://u@db/hnm", "mariadb+pymysql"),
        ("sqlite:///out/articles.sqlite", "sqlite"),
    ],
)
def test_uri_schemes_map_to_their_drivers(uri: str, drivername: str) -> None:
    assert store_url(uri).drivername == drivername


@pytest.mark.parametrize(
    ("uri", "module", "extra"),
    [("postgresql://u@db/hnm", "psycopg", "postgres"), ("mysql://u@db/hnm", "pymysql", "mysql")],
)
def test_a_missing_driver_is_not_configured(
    uri: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(NotConfigured, match=rf"install hnmcrawler\[{extra}\]"):
        store_from_uri(uri)


def test_an_unknown_scheme_is_not_configured_and_hides_the_password() -> None:
    with pytest.raises(NotConfigured, match="unsupported storage URI scheme 'redis'") as caught:
        store_from_uri("redis://:s3cr3t-pw@127.0.0.1/0")
    assert "s3cr3t-pw" not in str(caught.value)


def test_a_naive_datetime_is_a_bug_not_an_outage(tmp_path: Path) -> None:
    store = SQLArticleStore(url="sqlite:///" + str(tmp_path / "a.sqlite"))
    store.open()
    with pytest.raises(ValueError, match="published_at is a naive datetime"):
        store.write_batch([article(1, published_at=datetime(2024, 1, 1))], seen_at=SEEN)
    assert store.count() == 0
    with pytest.raises(ValueError, match="since is a naive datetime"):
        list(store.iter_articles(since=datetime(2024, 1, 1)))
    store.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLArticleStore]:
    store = SQLArticleStore(url="sqlite:///" + str(tmp_path / "a.sqlite"))
    store.open()
    yield store
    store.close()


def test_dead_letters_replay_once_and_skip_a_torn_last_line(
    tmp_path: Path, sqlite_store: SQLArticleStore, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "dead" / "letters.jsonl"
    letters = DeadLetterFile(path)
    assert letters.append([article(1), article(2)]) == 2
    with path.open("a", encoding="utf-8") as torn:
        torn.write(encode_row(article(3))[:40])  # the writer was killed mid-line
    assert letters.append([article(4)]) == 1
    with path.open("a", encoding="utf-8") as torn:
        torn.write('{"site": "hanoimoi.vn", "tit')
    with caplog.at_level(logging.WARNING, logger="hnmcrawler.storage.deadletter"):
        assert replay_file(path, sqlite_store, seen_at=SEEN).written == 3
    assert [m for m in caplog.messages if "torn line" in m] != []
    assert sorted(by_id(sqlite_store)) == [1, 2, 4]
    assert fields(by_id(sqlite_store)[4]) == article(4)
    assert not path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["letters.replayed-20240601T080000Z.jsonl"]
    assert replay_file(path, sqlite_store, seen_at=SEEN).written == 0


class BrokenStore(SQLArticleStore):
    def write_batch(self, rows: Any, *, seen_at: datetime) -> list[WriteOutcome]:
        raise StoreUnavailable("database down")


def test_a_failed_replay_leaves_the_dead_letters_in_place(tmp_path: Path) -> None:
    path = tmp_path / "letters.jsonl"
    DeadLetterFile(path).append([article(1)])
    with pytest.raises(StoreUnavailable):
        replay_file(path, BrokenStore(url="sqlite://"), seen_at=SEEN)
    assert [decode_row(line) for line in path.read_text("utf-8").splitlines()] == [article(1)]


aware_datetimes = st.datetimes(timezones=st.timezones()).filter(lambda d: d.utcoffset() is not None)


@given(title=st.text(), published_at=aware_datetimes | st.none())
def test_dead_letter_lines_round_trip(title: str, published_at: datetime | None) -> None:
    row = article(1, title=title, published_at=published_at)
    line = encode_row(row)
    assert "\n" not in line
    decoded = decode_row(line)
    if published_at is not None:  # same wall time and offset (== is False inside DST gaps)
        assert decoded.pop("published_at").isoformat() == row.pop("published_at").isoformat()
    assert decoded == row


def test_export_jsonl_in_field_order_with_iso_dates(sqlite_store: SQLArticleStore) -> None:
    sqlite_store.write_batch([article(2), article(1, section="Thể thao")], seen_at=SEEN)
    out = io.StringIO()
    assert export_articles(sqlite_store, out, "jsonl") == 2
    lines = out.getvalue().splitlines()
    first = json.loads(lines[0])
    assert list(first) == list(EXPORT_COLUMNS)
    assert list(EXPORT_COLUMNS[: len(ARTICLE_FIELDS)]) == list(ARTICLE_FIELDS)
    assert (first["revision"], first["duplicate_of"]) == (1, None)
    assert first["published_at"] == "2024-01-01T08:12:00+07:00"
    assert first["authors"] == ["Minh Anh", "Ngọc Hà"]
    assert "Thể thao" in lines[0]  # UTF-8, not \u escapes
    one = io.StringIO()
    city = [SectionFilter("hanoimoi.vn", "Đô thị")]
    assert export_articles(sqlite_store, one, "jsonl", sections=city) == 1


def test_export_csv_in_field_order_with_lists_as_json(sqlite_store: SQLArticleStore) -> None:
    sqlite_store.write_batch([article(1, updated_at=None)], seen_at=SEEN)
    out = io.StringIO(newline="")
    assert export_articles(sqlite_store, out, "csv") == 1
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header == list(EXPORT_COLUMNS)
    cells = dict(zip(header, row, strict=True))
    assert json.loads(cells["images"]) == article(1)["images"]
    assert cells["tags"] == '["giao thông", "Vành đai 4"]'
    assert (cells["updated_at"], cells["article_id"]) == ("", "1")
    assert cells["fetched_at"] == "2024-06-01T15:00:00+07:00"


def test_stored_ids_names_the_ids_a_site_already_has(tmp_path: Path) -> None:
    store = SQLArticleStore(url=f"sqlite:///{tmp_path / 'ids.db'}")
    store.open()
    try:
        rows = [article(n) for n in (1, 2, 3)]
        store.write_batch(rows, seen_at=SEEN)
        assert store.stored_ids(rows[0]["site"], [2, 3, 4, 4]) == {2, 3}
        assert store.stored_ids("hanoimoi.com.vn", [1, 2]) == set()
        assert store.stored_ids(rows[0]["site"], []) == set()
    finally:
        store.close()
