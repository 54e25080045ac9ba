"""``monitoring/alert.py``: the alert of a failed run, POSTed to a real HTTP server on
127.0.0.1; every way it can fail is one WARNING and ``False``, never an exception."""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.exits import ExitCode, Outcome
from hnmcrawler.monitoring.alert import send_alert
from tests.helpers import free_port

REPORT = {"pages": 12, "articles": {"emitted": 0}, "health": {"ok": False, "failures": ["x"]}}
FAILED = Outcome(ExitCode.UNREACHABLE, "site unreachable or refused: 12 requests")
PASSWORD = "s3cr@t-pw"


class AlertServer(ThreadingHTTPServer):
    """Answers every POST with ``status`` after ``delay`` seconds; remembers what it got."""

    daemon_threads = True

    def __init__(self, status: int, delay: float) -> None:
        super().__init__(("127.0.0.1", 0), AlertHandler)
        self.status, self.delay = status, delay
        self.received: list[dict[str, Any]] = []
        self.released = threading.Event()
        self.url = f"http://127.0.0.1:{self.server_address[1]}/hook"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up waiting: what the timeout test wants


class AlertHandler(BaseHTTPRequestHandler):
    server: AlertServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(
            {"method": self.command, "path": self.path, "headers": self.headers, "body": body}
        )
        self.server.released.wait(self.server.delay)
        self.send_response(self.server.status)
        if 300 <= self.server.status < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def alert_server() -> Iterator[Callable[..., AlertServer]]:
    """Start servers on free ports (``alert_server(status=500, delay=5)``), stopped after."""
    started: list[AlertServer] = []

    def start(status: int = 200, delay: float = 0) -> AlertServer:
        server = AlertServer(status, delay)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.released.set()
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _direct(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """127.0.0.1 without a proxy a CI runner may set; the module's log lines captured."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    caplog.set_level(logging.INFO, logger="hnmcrawler.monitoring.alert")


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_the_alert_is_the_report_posted_as_json(
    alert_server: Callable[..., AlertServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = alert_server()
    assert send_alert(server.url, REPORT, FAILED) is True
    [got] = server.received
    assert (got["method"], got["path"]) == ("POST", "/hook")
    assert got["headers"]["Content-Type"] == "application/json"
    assert "Authorization" not in got["headers"]
    assert json.loads(got["body"].decode("utf-8")) == {
        **REPORT,
        "exit_code": 3,
        "why": FAILED.why,
        "host": socket.gethostname(),
    }
    assert warnings(caplog) == []


@pytest.mark.parametrize("status", [500, 404, 302], ids=["server error", "not found", "redirect"])
def test_an_answer_other_than_2xx_is_one_warning(
    alert_server: Callable[..., AlertServer], caplog: pytest.LogCaptureFixture, status: int
) -> None:
    server = alert_server(status=status)
    assert send_alert(server.url, REPORT, FAILED) is False
    assert len(server.received) == 1  # a redirect is not followed
    assert warnings(caplog) == [f"Alert to {server.url} refused: HTTP {status}"]


def test_a_refused_connection_is_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    assert send_alert(url, REPORT, FAILED) is False
    [warning] = warnings(caplog)
    assert warning.startswith(f"Alert to {url} not sent: ")
    assert "refused" in warning.lower()


def test_a_server_slower_than_the_timeout_is_one_warning(
    alert_server: Callable[..., AlertServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = alert_server(delay=10)
    started = time.monotonic()
    assert send_alert(server.url, REPORT, FAILED, timeout=0.3) is False
    assert time.monotonic() - started < 5
    assert warnings(caplog) == [f"Alert to {server.url} not sent: timed out"]


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_logged(
    alert_server: Callable[..., AlertServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = alert_server()
    port = server.server_address[1]
    url = f"http://ops:{PASSWORD.replace('@', '%40')}@127.0.0.1:{port}/hook?token=tok-123"
    assert send_alert(url, REPORT, FAILED) is True
    [got] = server.received
    assert got["path"] == "/hook?token=tok-123"
    expected = base64.b64encode(f"ops:{PASSWORD}".encode()).decode()
    assert got["headers"]["Authorization"] == f"Basic {expected}"
    dead_port = free_port()
    dead = f"http://ops:{PASSWORD}@127.0.0.1:{dead_port}/hook"
    assert send_alert(dead, REPORT, FAILED) is False
    [warning] = warnings(caplog)
    assert warning.startswith(f"Alert to http://***@127.0.0.1:{dead_port}/hook not sent: ")
    assert "refused" in warning.lower()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "***@127.0.0.1" in logged
    for secret in (PASSWORD, "s3cr", "tok-123", "ops:"):
        assert secret not in logged


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        f"ftp://ops:{PASSWORD}@127.0.0.1/hook",
        "file:///etc/passwd",
        f"http://ops:{PASSWORD}@[::1/hook",
        "http://ops:s3cr3t@127.0.0.1:s3cr3t/hook",  # http.client quotes the port
        "",
    ],
    ids=["no scheme", "ftp", "file", "broken IPv6 host", "password typed as the port", "empty"],
)
def test_a_bad_url_is_one_warning_without_its_password(
    caplog: pytest.LogCaptureFixture, url: str
) -> None:
    assert send_alert(url, REPORT, FAILED, timeout=2) is False
    [warning] = warnings(caplog)
    assert "s3cr" not in warning


@pytest.mark.parametrize(
    ("argv", "code", "why"),
    [
        pytest.param(
            ["--out", "a.txt"],
            ExitCode.USAGE,
            "--out must end in .jsonl, .jl, .csv: a.txt",
            id="a bad argument",
        ),
        pytest.param(
            ["--out", "file/a.jsonl"],
            ExitCode.OUTPUT,
            "cannot write file/a.jsonl: File exists",
            id="a feed that cannot be written",
        ),
    ],
)
def test_a_crawl_that_stops_before_crawling_alerts_and_writes_its_metrics(
    alert_server: Callable[..., AlertServer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: ExitCode,
    why: str,
) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    from hnmcrawler.commands import build_parser, run

    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    server = alert_server()
    watchers = ["--metrics", "m.prom", "-s", f"HNM_ALERT_URL={server.url}"]
    args = build_parser().parse_args(["crawl", "--db", "", *watchers, *argv])
    assert run(args) == code
    assert capsys.readouterr().err == f"hnmcrawler: {why}\n"
    [got] = server.received
    assert json.loads(got["body"].decode("utf-8")) == {
        "exit_code": int(code),
        "why": why,
        "host": socket.gethostname(),
        "command": "hnmcrawler crawl",
    }
    text = (tmp_path / "m.prom").read_text(encoding="utf-8")
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert families["hnmcrawler_run_exit_code"].samples[0].value == int(code)
    assert families["hnmcrawler_run_success"].samples[0].value == 0
    assert families["hnmcrawler_run_success"].samples[0].labels == {
        "site": "hanoimoi.com.vn",
        "job": "archive",
    }


def test_a_crawl_stopped_before_crawling_without_watchers_tells_no_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hnmcrawler.commands import build_parser, run

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("hnmcrawler.monitoring.watchers.send_alert", pytest.fail)
    assert run(build_parser().parse_args(["crawl", "--db", "", "--out", "a.txt"])) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
