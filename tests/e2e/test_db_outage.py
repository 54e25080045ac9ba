"""The database goes away mid-crawl: no article is lost, the run says so, a replay completes it.

``hnmcrawler crawl`` stores the whole bundled mirror (280 articles, batches of 10, the mirror
answering each request after 0.05 s so the crawl lasts about 15 s) into a private PostgreSQL
server (``private_postgres`` in ``tests/helpers.py``). Once 60 articles are stored the server
is stopped as by a crash (``pg_ctl stop -m immediate``); once a batch has gone to the
dead-letter file it is started again, and the crawl goes on storing. Then ``hnmcrawler store
replay`` loads the dead letters. The crawl runs once for the module; each test checks one
promise of the README.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from hnmcrawler.mirror.generate import mirror_listings
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import (
    MIRROR,
    PrivatePostgres,
    assert_no_warning_raised,
    crawl_report,
    expected_mirror_items,
    private_postgres,
    read_jsonl,
    run_hnmcrawler,
    start_python,
)

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

PASSWORD = "s3cr3tPW"
STORED_BEFORE_OUTAGE = 60


@dataclass
class Outage:
    """What the crawl through the outage left: its outputs, and the store as it ended."""

    server: PrivatePostgres
    uri: str
    work: Path
    returncode: int
    stdout: str
    stderr: str
    report: dict[str, Any]
    dead_letter: Path
    dead_rows: list[dict[str, Any]]
    stored_at_stop: int
    stored_urls: list[str]


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.1)


def stored_urls(server: PrivatePostgres) -> list[str]:
    return [str(row[0]) for row in server.sql("SELECT url FROM articles", "hnm")]


def stored_count(server: PrivatePostgres) -> int:
    try:
        return int(server.sql("SELECT count(*) FROM articles", "hnm")[0][0])
    except psycopg.Error:  # the crawl has not created the schema yet
        return 0


def crawl_args(mirror: str, uri: str, work: Path) -> list[str]:
    return [
        "-m", "hnmcrawler", "crawl",
        "--sections", ",".join(mirror_listings()),
        "--mirror", mirror,
        "--db", uri,
        "--report", str(work / "report.json"),
        "--log-level", "INFO",
        "-s", "HNM_STORAGE_BATCH_SIZE=10",
        "-s", f"HNM_DEAD_LETTER_PATH={work / 'dead-letter.jsonl'}",
        "-s", "AUTOTHROTTLE_START_DELAY=0.05",
    ]  # fmt: skip


def crawl_through_outage(server: PrivatePostgres, uri: str, work: Path) -> tuple[int, int]:
    """Run the crawl, stop the server mid-way and start it again; (exit code, stored at stop)."""
    dead_letter = work / "dead-letter.jsonl"
    with MirrorServer(MIRROR) as mirror, (work / "stdout").open("w") as out:
        mirror.delay = 0.05
        mirror.start_in_thread()
        with (work / "stderr").open("w") as err:
            crawl = start_python(crawl_args(mirror.url, uri, work), work, stdout=out, stderr=err)
            try:
                wait_for(lambda: stored_count(server) >= STORED_BEFORE_OUTAGE, 60, "60 stored")
                stored_at_stop = stored_count(server)
                server.stop("immediate")
                wait_for(dead_letter.exists, 30, "a batch in the dead-letter file")
                time.sleep(1.0)  # a few more batches meet the outage
                server.start()
                returncode = crawl.wait(timeout=120)
            finally:
                if crawl.poll() is None:
                    crawl.kill()
                    crawl.wait()
        mirror.shutdown()
    return returncode, stored_at_stop


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outage]:
    work = tmp_path_factory.mktemp("outage")
    with private_postgres() as server:
        uri = server.create_database("hnm", owner="hnm_writer", password=PASSWORD)
        returncode, stored_at_stop = crawl_through_outage(server, uri, work)
        dead_letter = work / "dead-letter.jsonl"
        stderr = (work / "stderr").read_text(encoding="utf-8")
        assert_no_warning_raised(stderr)
        yield Outage(
            server=server,
            uri=uri,
            work=work,
            returncode=returncode,
            stdout=(work / "stdout").read_text(encoding="utf-8"),
            stderr=stderr,
            report=crawl_report(work / "report.json"),
            dead_letter=dead_letter,
            dead_rows=read_jsonl(dead_letter),
            stored_at_stop=stored_at_stop,
            stored_urls=stored_urls(server),
        )


def test_every_article_is_in_the_store_or_in_the_dead_letter_file(outage: Outage) -> None:
    expected = {item["url"] for item in expected_mirror_items()}
    dead = [row["url"] for row in outage.dead_rows]
    assert dead, "the outage should have sent batches to the dead-letter file"
    assert len(dead) == len(set(dead))
    assert set(outage.stored_urls) | set(dead) == expected
    assert STORED_BEFORE_OUTAGE <= outage.stored_at_stop < len(outage.stored_urls), (
        "after the restart the crawl should have stored again"
    )


def test_the_report_and_the_stats_count_the_articles_not_stored(outage: Outage) -> None:
    articles = outage.report["articles"]
    assert articles["dead_lettered"] == len(outage.dead_rows)
    assert articles["new"] == len(outage.stored_urls)
    assert articles["new"] + articles["dead_lettered"] == len(expected_mirror_items())
    assert outage.report["counters"]["store/failed_batches"] >= 1
    assert outage.report["counters"]["store/dead_lettered"] == len(outage.dead_rows)


def test_the_log_names_the_outage_once(outage: Outage) -> None:
    lines = outage.stderr.splitlines()
    naming = [line for line in lines if "cannot write" in line]
    assert len(naming) == 1, naming
    assert "ERROR" in naming[0]
    assert len(outage.dead_rows) > 10  # several batches failed, one line said so
    assert len([line for line in lines if "Article store is back" in line]) == 1


def test_the_run_failed_and_says_what_to_do(outage: Outage) -> None:
    assert outage.returncode == 1, outage.stderr[-3000:]
    assert outage.report["health"]["ok"] is False
    failures = outage.report["health"]["failures"]
    assert failures == [
        f"{len(outage.dead_rows)} articles could not be stored: "
        "load the dead-letter file with hnmcrawler store replay"
    ]
    shown = run_hnmcrawler(["report", str(outage.work / "report.json")], cwd=outage.work)
    assert shown.returncode == 1
    assert f"dead_lettered {len(outage.dead_rows)}" in shown.stdout


def test_no_output_holds_the_database_password(outage: Outage) -> None:
    assert "hnm_writer:***@127.0.0.1" in outage.stderr
    for text in (
        outage.stdout,
        outage.stderr,
        json.dumps(outage.report),
        outage.dead_letter.read_text(encoding="utf-8"),
    ):
        assert PASSWORD not in text


def test_a_replay_into_the_restarted_server_completes_the_table_once_each(
    outage: Outage,
) -> None:
    replay = ["store", "replay", "--db", outage.uri, "--file", str(outage.dead_letter)]
    replayed = run_hnmcrawler(replay, cwd=outage.work)
    assert replayed.returncode == 0, replayed.stderr
    assert f"replayed {len(outage.dead_rows)} articles" in replayed.stdout
    assert PASSWORD not in replayed.stdout + replayed.stderr
    assert not outage.dead_letter.exists()
    expected = sorted(item["url"] for item in expected_mirror_items())
    assert sorted(stored_urls(outage.server)) == expected
    keys = outage.server.sql(
        "SELECT count(*), count(DISTINCT (site, article_id)) FROM articles", "hnm"
    )
    assert keys == [(len(expected), len(expected))]
    again = run_hnmcrawler(replay, cwd=outage.work)
    assert again.returncode == 0
    assert "nothing to replay" in again.stdout


def fail_inside_a_private_server(seen: dict[str, Any]) -> None:
    with private_postgres() as server:
        seen.update(root=server.root, port=server.port)
        assert server.sql("SELECT 1") == [(1,)]
        raise RuntimeError("boom")


def test_the_private_server_is_gone_after_a_failure() -> None:
    """The helper stops and deletes its server even when the test body fails."""
    seen: dict[str, Any] = {}
    with pytest.raises(RuntimeError, match="boom"):
        fail_inside_a_private_server(seen)
    assert not seen["root"].exists()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", seen["port"]), timeout=5).close()
