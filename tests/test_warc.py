"""WARC records, files and reading (``hnmcrawler/warc/``): headers true to the payload, secrets
masked, a torn last record, another tool's WARC, pages the crawl refused, a WARC write failure
as an output failure, the writer's bound, reextract's exit code."""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hnmcrawler import settings as project
from hnmcrawler.commands import build_parser, run
from hnmcrawler.commands.reextract import Progress, summary
from hnmcrawler.exceptions import UsageError
from hnmcrawler.mirror.challenges import CHALLENGES
from hnmcrawler.storage import SQLArticleStore
from hnmcrawler.warc.capture import WarcCaptureMiddleware, exchange_of
from hnmcrawler.warc.reader import Place, RecordReader, scan
from hnmcrawler.warc.records import exchange_bytes, fixed_response_headers, mask_secrets
from hnmcrawler.warc.reextract import Extraction
from hnmcrawler.warc.writer import CaptureWriter, WarcFiles
from tests.helpers import FIXTURES

PAGE = next((FIXTURES / "era_2017").glob("*.html"))
ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/859634/mot-bai"


@pytest.mark.parametrize(
    ("headers", "length", "expected"),
    [
        (
            [("Content-Type", "text/html")],
            5,
            [("Content-Type", "text/html"), ("Content-Length", "5")],
        ),
        ([("Transfer-Encoding", "chunked")], 9, [("Content-Length", "9")]),
        (
            [("Content-Length", "3"), ("Content-Encoding", "gzip")],
            7,
            [("Content-Encoding", "gzip"), ("Content-Length", "7")],
        ),
    ],
    ids=["length added", "chunked coding undone by Twisted", "gzip kept, its length stored"],
)
def test_response_headers_match_the_stored_payload(headers, length, expected) -> None:  # type: ignore[no-untyped-def]
    assert fixed_response_headers(headers, length) == expected


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("http://user:pa55@proxy.vn:3128", "http://user:***@proxy.vn:3128"),
        ("--db postgresql://crawler:s3cret@db/hnm", "--db postgresql://crawler:***@db/hnm"),
        ("https://tok3n@alerts.example/x", "https://***@alerts.example/x"),
        ("https://alerts.example/x?token=abc&a=1", "https://alerts.example/x?token=***&a=1"),
        ("crawl --site hanoimoi.vn", "crawl --site hanoimoi.vn"),
    ],
)
def test_secrets_are_masked(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked


def gzip_exchange(url: str = ARTICLE, status: int = 200) -> tuple[bytes, bytes]:
    """A gzip-encoded response as the capture middleware sees it; its WARC bytes."""
    page = PAGE.read_bytes()
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Encoding": "gzip",
        "Transfer-Encoding": "chunked",
    }
    request = Request(url, headers={"Proxy-Authorization": "Basic c2VjcmV0", "User-Agent": "UA"})
    response = HtmlResponse(
        url, status=status, headers=headers, body=gzip.compress(page), request=request
    )
    return page, exchange_bytes(exchange_of(request, response))


def test_a_gzip_response_is_stored_encoded_with_its_headers_and_reads_back_decoded(
    tmp_path: Path,
) -> None:
    page, data = gzip_exchange()
    path = tmp_path / "a.warc.gz"
    path.write_bytes(data)
    found = scan(path)
    assert [e.url for e in found.entries] == [ARTICLE]
    assert found.torn is None
    with RecordReader() as reader:
        record = reader.read(found.entries[0].place)
    assert record.body == page
    headers = dict(record.headers)
    assert headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(gzip.compress(page))
    assert "Transfer-Encoding" not in headers
    assert b"Proxy-Authorization" not in gzip.decompress(data)
    assert b"Host: hanoimoi.com.vn" in gzip.decompress(data)


@pytest.mark.parametrize(
    ("address", "recorded"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8::1", "2001:db8::1"),
        ("127.0.0.1", None),
        ("::1", None),
        ("not an address", None),
        (None, None),
    ],
)
def test_the_server_s_address_is_recorded_unless_it_is_this_machine(
    address: str | None, recorded: str | None
) -> None:
    response = HtmlResponse(ARTICLE, body=b"<html></html>", ip_address=address)  # type: ignore[arg-type]
    data = gzip.decompress(exchange_bytes(exchange_of(Request(ARTICLE), response)))
    found = re.search(rb"WARC-IP-Address: (\S+)", data)
    assert (found[1].decode() if found else None) == recorded
    assert data.count(b"WARC-IP-Address") == (recorded is not None)


def article_warc(folder: Path, count: int) -> Path:
    """A WARC file of ``count`` article exchanges (gzip responses), as the crawl writes it."""
    files = WarcFiles(folder, 10**9, {"software": "test"})
    for n in range(count):
        files.write(gzip_exchange(f"http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/85963{n}/bai")[1])
    files.close()
    assert files.path is not None
    return files.path


def test_a_torn_last_record_ends_the_file_and_the_records_before_it_are_read(
    tmp_path: Path,
) -> None:
    path = article_warc(tmp_path, 3)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 700])  # a crash in the last record's write
    found = scan(path)
    assert len(found.entries) == 2
    assert found.torn is not None
    extraction = Extraction([path], workers=1)
    assert [e.outcome for e in extraction] == ["article", "article"]
    assert extraction.torn
    assert str(path) in extraction.torn[0]


def test_a_file_that_is_no_warc_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x.warc").write_text("hello\n")
    with pytest.raises(UsageError, match="not a WARC file"):
        scan(tmp_path / "x.warc")


def test_a_warc_of_another_tool_is_read(tmp_path: Path) -> None:
    """Uncompressed WARC 1.0, written by warcio directly: an article, a listing, a 404."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    for url, status, body in [
        (ARTICLE, "200 OK", PAGE.read_bytes()),
        ("http://hanoimoi.com.vn/Danh-muc-tin/181/Bat-dong-san", "200 OK", b"<html></html>"),
        (ARTICLE.replace("859634", "859635"), "404 Not Found", b"gone"),
    ]:
        http = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    digest = "sha1:" + base64.b32encode(hashlib.sha1(PAGE.read_bytes()).digest()).decode()
    again = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
    revisit = writer.create_revisit_record(ARTICLE, digest, ARTICLE, "2026-01-01T00:00:00Z", again)
    writer.write_record(revisit)  # the same page later, its payload not stored again
    (tmp_path / "other.warc").write_bytes(out.getvalue())
    extraction = Extraction([tmp_path / "other.warc"], workers=1)
    done = list(extraction)
    assert [e.outcome for e in done] == ["article"]
    assert done[0].row is not None
    assert done[0].row["title"]
    assert extraction.skipped == {"not_article": 1, "not_ok": 1, "revisit": 1}
    assert "revisit records 1 (" in summary(Counter(), extraction, 1, None)


def test_a_warc_write_failure_is_an_output_failure(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    crawler = get_crawler(settings_dict={"HNM_WARC_DIR": str(tmp_path / "a-file" / "w")})
    crawler.stats.open_spider()  # type: ignore[union-attr,call-arg]
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    request = Request(ARTICLE)
    response = HtmlResponse(ARTICLE, body=b"<html></html>", request=request)

    async def crawl() -> None:
        await middleware.process_response(request, response)
        await middleware.spider_closed()

    asyncio.run(crawl())
    assert crawler.stats is not None
    failed = crawler.stats.get_value("hnm/output/failed")
    assert failed.startswith("WARC file")
    assert "Not a directory" in failed
    assert not crawler.stats.get_value("hnm/warc/responses")


def other_tool_warc(
    path: Path,
    pages: list[tuple[str, str, bytes]],
    headers: list[tuple[str, str]] | None = None,
) -> Path:
    """An uncompressed WARC 1.0 of ``(url, status line, body)`` responses, as warcio writes."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    for url, status, body in pages:
        http = StatusAndHeaders(
            status, headers or [("Content-Type", "text/html")], protocol="HTTP/1.0"
        )
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    path.write_bytes(out.getvalue())
    return path


def test_pages_the_crawl_refused_are_counted_not_read(tmp_path: Path) -> None:
    """The WARC keeps every attempt; a page cut off before ``</html>`` and a 200 challenge page
    were retried by the crawl and never stored, so reextract does not store them either."""
    page = PAGE.read_bytes()
    cut = page[: page.lower().rindex(b"</html>") // 2]
    challenge = CHALLENGES[0].body.encode()
    urls = [ARTICLE.replace("859634", str(n)) for n in (859634, 859635, 859636)]
    path = other_tool_warc(
        tmp_path / "attempts.warc",
        [(urls[0], "200 OK", cut), (urls[1], "200 OK", challenge), (urls[2], "200 OK", page)],
    )
    done = list(Extraction([path], workers=1))
    assert [e.outcome for e in done] == ["incomplete", "blocked", "article"]
    assert [e.row is None for e in done] == [True, True, False]


@pytest.mark.parametrize("cut", [1, 10, 30, 50], ids=lambda n: f"{n} bytes into the last record")
def test_a_last_record_cut_a_few_bytes_in_is_reported_torn(tmp_path: Path, cut: int) -> None:
    files = WarcFiles(tmp_path, 10**9, {"software": "test"})
    sizes = []
    for n in range(3):
        files.write(gzip_exchange(f"http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/85963{n}/bai")[1])
        sizes.append(files.size)
    files.close()
    assert files.path is not None
    files.path.write_bytes(files.path.read_bytes()[: sizes[1] + cut])
    found = scan(files.path)
    assert len(found.entries) == 2
    assert found.torn is not None  # warcio reads the bytes as no record, or as one cut short
    assert found.torn.endswith(f"at byte {sizes[1]} ({cut} bytes) is cut short") or (
        found.torn == f"record at byte {sizes[1]} is cut short"
    )


def reextract(*args: str) -> int:
    return run(build_parser().parse_args(["reextract", *args]))


def test_reextract_exits_1_in_one_line_when_a_file_is_torn_or_a_record_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = article_warc(tmp_path / "w", 2)
    assert reextract(str(path), "--db", "", "--workers", "1") == 0
    assert capsys.readouterr().err == ""
    whole = path.read_bytes()
    path.write_bytes(whole + gzip_exchange()[1][:40])
    assert reextract(str(path), "--db", "", "--workers", "1") == 1
    out, err = capsys.readouterr()
    assert "reextract: 2 articles" in out
    assert err == "hnmcrawler: reextract: 1 WARC file torn; the rest stored\n"
    read = RecordReader.read

    def decoder_fails(reader: RecordReader, place: Place) -> Any:
        if place.path.name == "bad.warc":  # warcio's brotli reader raises AttributeError
            raise AttributeError("'brotli.Decompressor' object has no attribute 'unused_data'")
        return read(reader, place)

    monkeypatch.setattr(RecordReader, "read", decoder_fails)
    bad = other_tool_warc(tmp_path / "bad.warc", [(ARTICLE, "200 OK", PAGE.read_bytes())])
    assert reextract(str(bad), str(tmp_path / "w"), "--db", "", "--workers", "1") == 1
    assert capsys.readouterr().err == (
        "hnmcrawler: reextract: 1 record unreadable, 1 WARC file torn; the rest stored\n"
    )


def test_a_long_reextract_says_how_far_it_is_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_warc(tmp_path / "w", 3)
    monkeypatch.setattr(project, "HNM_PROGRESS_LOG_INTERVAL", 0.0)  # a line a page
    assert reextract(str(tmp_path / "w"), "--db", "", "--workers", "1") == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" in ")[0] for line in lines] == [
        f"reextract: {n} pages read" for n in (1, 2, 3)
    ]
    assert all(line.endswith("0 new, 0 changed, 0 unchanged, 0 older") for line in lines)


def test_progress_lines_come_every_interval_and_count_the_pages_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = [100.0]
    progress = Progress(60.0, clock=lambda: now[0])
    for second in range(0, 150, 10):  # a page every 10 s for 140 s
        now[0] = 100.0 + second
        progress.tick(Counter(new=second // 10))
    assert capsys.readouterr().err.splitlines() == [
        "reextract: 7 pages read in 60 s (0/s): 6 new, 0 changed, 0 unchanged, 0 older",
        "reextract: 13 pages read in 120 s (0/s): 12 new, 0 changed, 0 unchanged, 0 older",
    ]


class FailingFiles(WarcFiles):
    """Fails one write with an error that is no OSError; writes the others slowly."""

    def __init__(self, folder: Path, fail_on: int = -1, delay: float = 0.0) -> None:
        super().__init__(folder, 10**9, {"software": "test"})
        self.calls = 0
        self.fail_on = fail_on
        self.delay = delay
        self.closed = 0

    def write(self, data: bytes) -> int:
        self.calls += 1
        time.sleep(self.delay)
        if self.calls == self.fail_on:
            raise RuntimeError("record not built")
        return super().write(data)

    def close(self) -> None:
        self.closed += 1
        super().close()


def test_a_writer_error_of_any_kind_is_an_output_failure_and_no_response_is_lost(
    tmp_path: Path,
) -> None:
    crawler = get_crawler(settings_dict={"HNM_WARC_DIR": str(tmp_path)})
    crawler.stats.open_spider()  # type: ignore[union-attr,call-arg]
    files = FailingFiles(tmp_path, fail_on=1)
    middleware = WarcCaptureMiddleware(CaptureWriter(files, max_queued=4, thread=True), crawler)
    requests = [Request(ARTICLE.replace("859634", str(n))) for n in range(5)]

    async def crawl() -> list[Any]:
        got = []
        for request in requests:
            response = HtmlResponse(request.url, body=b"<html></html>", request=request)
            got.append(await middleware.process_response(request, response))
            await asyncio.sleep(0.01)
        await middleware.spider_closed()
        return got

    responses = asyncio.run(crawl())
    assert [r.url for r in responses] == [r.url for r in requests]
    assert crawler.stats is not None
    assert crawler.stats.get_value("hnm/warc/failed") == 1
    assert crawler.stats.get_value("hnm/warc/responses") == 4
    assert crawler.stats.get_value("hnm/output/failed").endswith("RuntimeError: record not built")
    assert files.closed == 1
    assert files.path is not None
    assert len(scan(files.path).entries) == 4


def test_the_writer_takes_exchanges_in_batches_of_at_most_max_queued(tmp_path: Path) -> None:
    """While a batch is written the next waits, at most ``max_queued`` long; then it goes
    whole. Every exchange is written once, in order."""
    files = FailingFiles(tmp_path, delay=0.005)
    writer = CaptureWriter(files, max_queued=3, thread=True)
    urls = [ARTICLE.replace("859634", str(n)) for n in range(12)]
    waiting, sent, results = [], [], []

    async def submit(url: str) -> None:
        exchange = exchange_of(Request(url), HtmlResponse(url, body=b"<html></html>"))
        results.extend(await writer.submit(exchange))
        waiting.append(len(writer.waiting))
        sent.append(writer.sent)

    async def crawl() -> None:
        await asyncio.gather(*(submit(url) for url in urls))
        results.extend(await writer.close())

    asyncio.run(crawl())
    assert files.calls == 12
    assert max(waiting) == 3
    assert max(sent) == 3  # batched: a whole waiting list went at once
    assert files.path is not None
    assert [e.url for e in scan(files.path).entries] == urls
    assert len(results) == 12
    assert all(not isinstance(result, Exception) for result in results)


def test_the_crawl_s_writer_builds_and_writes_records_in_a_process_of_its_own(
    tmp_path: Path,
) -> None:
    """The default writer: the records come out whole, the file is named by the writer's
    pid (not this one's), and the main process learns the path and files opened."""
    writer = CaptureWriter(WarcFiles(tmp_path, 10**9, {"software": "test"}), max_queued=2)
    urls = [ARTICLE.replace("859634", str(n)) for n in range(5)]
    results: list[Any] = []

    async def crawl() -> None:
        for url in urls:
            results.extend(await writer.submit(exchange_of(Request(url), HtmlResponse(url))))
        results.extend(await writer.close())

    asyncio.run(crawl())
    assert all(not isinstance(result, Exception) for result in results)
    assert len(results) == 5
    assert writer.opened == 1
    assert writer.path is not None
    assert writer.path.parent == tmp_path
    assert writer.path.name.split("-")[2] != str(os.getpid())
    assert [e.url for e in scan(writer.path).entries] == urls
    assert scan(writer.path).torn is None


def test_a_writer_process_that_dies_makes_every_later_write_a_failure(tmp_path: Path) -> None:
    writer = CaptureWriter(WarcFiles(tmp_path, 10**9, {"software": "test"}), max_queued=1)
    exchange = exchange_of(Request(ARTICLE), HtmlResponse(ARTICLE))

    async def crawl() -> list[Any]:
        got = [*await writer.submit(exchange)]
        await writer.drain()
        got += await writer.submit(exchange)  # the next batch, as the crawl's next response
        await writer.drain()
        for process in list(writer.executor._processes.values()):  # type: ignore[attr-defined]
            process.kill()
            process.join()
        got += await writer.submit(exchange)  # to the dead writer
        return got + await writer.close()

    results = asyncio.run(crawl())
    # two written; the write after the death failed, and so did the close
    assert [isinstance(result, Exception) for result in results] == [False, False, True, True]


def test_ctrl_c_leaves_the_writer_process_writing(tmp_path: Path) -> None:
    """Ctrl-C reaches the crawl's whole process group; the crawl stops gracefully and hands
    over what it still fetches, so the writer ignores it."""
    writer = CaptureWriter(WarcFiles(tmp_path, 10**9, {"software": "test"}), max_queued=2)
    urls = [ARTICLE.replace("859634", str(n)) for n in range(2)]

    async def crawl() -> list[Any]:
        got = [*await writer.submit(exchange_of(Request(urls[0]), HtmlResponse(urls[0])))]
        await writer.drain()
        for pid in writer.executor._processes:  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGINT)
        await asyncio.sleep(0.2)
        got += await writer.submit(exchange_of(Request(urls[1]), HtmlResponse(urls[1])))
        return got + await writer.close()

    results = asyncio.run(crawl())
    assert [isinstance(result, Exception) for result in results] == [False, False]
    assert writer.path is not None
    assert [e.url for e in scan(writer.path).entries] == urls


KILLED_CRAWL = """
import asyncio, os, signal, sys
from pathlib import Path
from scrapy.http import HtmlResponse, Request
from hnmcrawler.warc.capture import exchange_of
from hnmcrawler.warc.writer import CaptureWriter, WarcFiles

async def crawl():
    writer = CaptureWriter(WarcFiles(Path(sys.argv[1]), 10**9, {}), max_queued=2)
    url = "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/859634/a"
    await writer.submit(exchange_of(Request(url), HtmlResponse(url)))
    await writer.drain()
    print(*writer.executor._processes, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    asyncio.run(crawl())
"""


def test_the_writer_process_exits_when_the_crawl_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED_CRAWL)
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "w")], capture_output=True, text=True
    )
    assert done.returncode == -9, done.stderr
    writer_pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(writer_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(writer_pid), "the writer process outlived the crawl"
    assert len(scan(next((tmp_path / "w").iterdir())).entries) == 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


def test_reextract_of_an_older_copy_leaves_the_stored_row_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store holds the article fetched after the WARC was made: the WARC's copy, read
    again, must not become the current revision, whatever it says."""
    path = other_tool_warc(tmp_path / "january.warc", [(ARTICLE, "200 OK", PAGE.read_bytes())])
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert reextract(str(path), "--db", db, "--workers", "1") == 0
    assert "1 new, 0 changed, 0 unchanged, 0 older" in capsys.readouterr().out
    store = SQLArticleStore(url=db)
    store.open()
    [row] = store.iter_articles()
    later = datetime.now(UTC) + timedelta(days=30)  # the WARC record is dated now
    march = {**row, "title": "Bản tháng Ba", "source": "live", "capture_url": None}
    store.write_batch([{**march, "captured_at": None, "fetched_at": later}], seen_at=later)
    assert reextract(str(path), "--db", db, "--workers", "1") == 0
    assert "0 new, 0 changed, 0 unchanged, 1 older" in capsys.readouterr().out
    [kept] = store.iter_articles()
    store.close()
    assert (kept["title"], kept["revision"], kept["fetched_at"]) == ("Bản tháng Ba", 2, later)
