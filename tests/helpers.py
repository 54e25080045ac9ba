"""Shared test helpers; test files import them from here, ``conftest.py`` holds the fixtures.

- Paths of the repository, its fixtures and the bundled mirror; the mirror's expected items.
- Child processes: ``run_scrapy``, ``run_hnmcrawler``, ``run_python`` and ``start_python``
  start Python with ``tests/subprocess_site`` first on ``PYTHONPATH``, whose
  ``sitecustomize.py`` turns a warning raised from hnmcrawler's code into an error, as
  pytest's ``filterwarnings = ["error"]`` does in this process. A crawl catches an error in a
  callback or a pipeline and logs it, so the ``run_*`` helpers also fail the test when the
  child's stderr shows a warning raised as an error.
- ``crawl_report``: the JSON report every crawl writes (``HNM_REPORT_PATH``); tests read
  counters there, not in the log.
- Store rows: ``article``, a complete row as the store pipeline passes it, and ``SEEN``.
- Pages: ``redesigned_page``, an article in a layout no era knows (the generic layout's).
- Servers: ``free_port``, ``fast_server`` (``python -m hnmcrawler.mirror.fast``), a throwaway
  database on the shared PostgreSQL or MariaDB server (``conftest.py``'s ``store_uri`` runs a
  test on each backend), and a private PostgreSQL server.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from scrapy.http import HtmlResponse
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from hnmcrawler.dates import VIETNAM_TZ
from hnmcrawler.storage.uri import store_url

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
MIRROR = FIXTURES / "site"
SUBPROCESS_SITE = Path(__file__).resolve().parent / "subprocess_site"

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0.05"]
"""``-s`` arguments for a crawl of the mirror that need not wait between requests."""
LARGE_MIRROR_ARTICLES = 300
"""Articles of the generated mirror of the ``large_mirror`` fixture."""


# --- Files -----------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def expected_mirror_items() -> list[dict[str, Any]]:
    """The items the bundled mirror's article pages were generated from."""
    return read_jsonl(FIXTURES / "mirror_expected.jsonl")


def stored_count(db: Path) -> int:
    """Articles committed to a SQLite store so far; 0 before it has its schema. A reader of
    its own, so a test may watch a crawl's store while it runs (WAL lets it read under a
    writer's lock)."""
    if not db.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db, timeout=1)) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is not there yet
            return 0


def crawl_report(path: Path) -> dict[str, Any]:
    """The report a crawl wrote: ``articles``, ``drops``, ``http``, ``retries``, ``dates``,
    ``health``... and ``counters``, every ``hnm/...`` stat without its ``hnm/`` prefix."""
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return report


# --- Child processes -------------------------------------------------------------------------

SCRAPY_PROJECT = {"SCRAPY_SETTINGS_MODULE": "hnmcrawler.settings"}

# The last line of a traceback whose exception is a warning: ``UserWarning: ...``,
# ``scrapy.exceptions.ScrapyDeprecationWarning: ...``. A warning only shown starts with its
# file name (``/path/x.py:12: UserWarning: ...``), or with a log line's time stamp.
_WARNING_RAISED = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*Warning: .*$", re.MULTILINE)


def child_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment, then ``env``, with ``tests/subprocess_site`` first on
    ``PYTHONPATH``: the child's warnings from hnmcrawler code are errors."""
    merged = {**os.environ, **(env or {})}
    paths = [str(SUBPROCESS_SITE), *filter(None, merged.get("PYTHONPATH", "").split(os.pathsep))]
    merged["PYTHONPATH"] = os.pathsep.join(paths)
    return merged


def warnings_raised(output: str) -> list[str]:
    """The warnings a child process raised as errors, as its tracebacks name them."""
    return _WARNING_RAISED.findall(output)


def assert_no_warning_raised(output: str) -> None:
    raised = warnings_raised(output)
    if raised:
        pytest.fail(
            f"the child process raised warnings as errors: {raised}\n{output[-3000:]}",
            pytrace=False,
        )


def start_python(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, **popen: Any
) -> subprocess.Popen[Any]:
    """``python <args>`` in the background (``env`` on top of ``child_env``)."""
    return subprocess.Popen([sys.executable, *args], cwd=cwd, env=child_env(env), **popen)


def run_python(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    **run: Any,
) -> subprocess.CompletedProcess[str]:
    """``python <args>`` to its end; fails the test if it raised a warning as an error.
    ``run``: more options of ``subprocess.run`` (``preexec_fn`` to set a limit, ...)."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **run,
    )
    assert_no_warning_raised(result.stderr)
    return result


def run_scrapy(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``scrapy <args>`` with the project's settings, in a child process (one reactor each)."""
    return run_python(["-m", "scrapy", *args], cwd, {**SCRAPY_PROJECT, **(env or {})}, timeout)


def run_hnmcrawler(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 180,
    **run: Any,
) -> subprocess.CompletedProcess[str]:
    """The ``hnmcrawler`` command as people and cron run it, in a child process."""
    return run_python(["-m", "hnmcrawler", *args], cwd, env, timeout, **run)


# --- Store rows ------------------------------------------------------------------------------

SEEN = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
"""When the store tests' rows were seen (``seen_at``), and their ``fetched_at``."""


def article(article_id: int, **changes: Any) -> dict[str, Any]:
    """A complete input row, as the store pipeline passes it; published ``article_id`` hours
    after 07:12 on 1 January 2024, Vietnam time."""
    published = datetime(2024, 1, 1, 7, 12, tzinfo=VIETNAM_TZ) + timedelta(hours=article_id)
    row = {
        "url": f"https://hanoimoi.vn/ha-noi-mo-rong-duong-{article_id}.html",
        "site": "hanoimoi.vn",
        "article_id": article_id,
        "layout": "era_2023",
        "section": "Đô thị",
        "subsection": "Giao thông",
        "title": f"Hà Nội mở rộng đường Vành đai {article_id}",
        "sapo": "Sáng 1/1, UBND thành phố Hà Nội khởi công dự án.",
        "body": "Đoạn một.\n\nĐoạn hai.",
        "authors": ["Minh Anh", "Ngọc Hà"],
        "tags": ["giao thông", "Vành đai 4"],
        "images": [{"url": "https://hanoimoi.vn/anh/1.jpg", "caption": "Công trường"}],
        "published_text": "07:12 01/01/2024",
        "published_at": published,
        "updated_at": None,
        "fetched_at": SEEN,
        "source": "live",
        "capture_url": None,
        "captured_at": None,
    }
    row.update(changes)
    return row


# --- Pages -----------------------------------------------------------------------------------

CURRENT_SITE = "https://hanoimoi.vn"


def redesigned_page(article_id: int, day: str, *, body: bool = True) -> str:
    """A page of a layout no era knows, with the metadata every news page carries."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"Hà Nội thông xe cầu số {article_id}",
        "description": "Sáng nay, cây cầu mới chính thức thông xe.",
        "datePublished": f"{day}T08:30:00+07:00",
        "author": [{"@type": "Person", "name": "Minh Phương"}],
        "image": {
            "@type": "ImageObject",
            "url": f"https://hnm.1cdn.vn/{day.replace('-', '/')}/c.jpg",
        },
        "keywords": "giao thông, cầu",
        "articleSection": "Đô thị",
    }
    if body:
        ld["articleBody"] = "Đoạn một của bài.\n\nĐoạn hai của bài."
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        f"<link rel='canonical' href='{CURRENT_SITE}/ha-noi-thong-xe-cau-{article_id}.html'>"
        f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script>"
        "</head><body><div class='new-2027-layout'><h1>?</h1></div></body></html>"
    )


# --- Servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def fast_server(root: Path, log: Path) -> Iterator[str]:
    """``python -m hnmcrawler.mirror.fast ROOT`` on a free port, stopped with SIGTERM."""
    port = free_port()
    args = ["-m", "hnmcrawler.mirror.fast", str(root), "--port", str(port), "--log", str(log)]
    server = start_python(args, REPO, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    assert server.stdout.readline().startswith("serving")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        server.stdout.close()


def article_response(
    body: bytes, status: int = 200, content_type: bytes = b"text/html"
) -> HtmlResponse:
    """An answer for a legacy article URL with ``body``, as the downloader hands it over."""
    return HtmlResponse(
        "http://hanoimoi.com.vn/Tin-tuc/A/1/x",
        status=status,
        body=body,
        headers={"Content-Type": content_type},
    )


PYWB = REPO / ".venv-pywb" / "bin"


@contextlib.contextmanager
def pywb_collection(root: Path, warcs: Sequence[Path], name: str = "hnm") -> Iterator[str]:
    """pywb (its own venv, ``.ci/services`` makes it) on a free port, serving ``warcs`` as
    collection ``name`` under ``root``; the collection's URL (``.../cdx`` is its CDX API)."""
    with pywb_server(root, {name: warcs}) as url:
        yield f"{url}/{name}"


@contextlib.contextmanager
def pywb_server(
    root: Path, collections: Mapping[str, Sequence[Path]], config: str = ""
) -> Iterator[str]:
    """pywb on a free port serving each collection's WARCs, ``config`` as its
    ``config.yaml``; the server's root URL once the first collection's index answers."""
    if not (PYWB / "wayback").exists():
        install = "python3 -m venv .venv-pywb && pip install pywb setuptools"
        unreachable(f"no pywb at {PYWB} ({install})")
    root.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    for name, warcs in collections.items():
        for step in (["init", name], ["add", name, *map(str, warcs)]):
            manage = [str(PYWB / "wb-manager"), *step]
            subprocess.run(manage, cwd=root, env=env, check=True, capture_output=True)
    if config:
        (root / "config.yaml").write_text(config)
    port = free_port()
    command = [str(PYWB / "wayback"), "-p", str(port), "-b", "127.0.0.1"]
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    first = next(iter(collections))
    index = f"{first}-index" if "-index" in config else f"{first}/cdx"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/{index}?url=example.com/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
MARIADB_ADMIN = "mariadb://root@127.0.0.1:3306/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


def unreachable(reason: str) -> None:
    """Skip a test whose server does not answer; fail it when ``CI`` is set."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: server tests never skip)")
    pytest.skip(reason)


@contextlib.contextmanager
def throwaway_database(admin_uri: str) -> Iterator[str]:
    """A new database ``hnm_test_<random>`` on the server of ``admin_uri``; its URI. Dropped
    on the way out (on PostgreSQL with its connections)."""
    name = f"hnm_test_{secrets.token_hex(4)}"
    force = " WITH (FORCE)" if admin_uri.startswith("postgres") else ""
    admin = create_engine(store_url(admin_uri), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except DBAPIError as exc:
        admin.dispose()
        unreachable(f"no database server at {admin_uri}: {type(exc.orig).__name__}")
    try:
        yield admin_uri.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}{force}")
        admin.dispose()


# --- A private PostgreSQL server -------------------------------------------------------------
#
# For tests that stop, restart or lock the server: never the shared one. ``private_postgres()``
# runs ``initdb`` in a fresh temporary folder, starts the server on a free port of 127.0.0.1
# (its socket in the same folder), and stops it and removes the folder at the end, whatever
# the test did. The superuser ``postgres`` is trusted; every other role logs in with its
# password (SCRAM), so a wrong password is refused as on a real server. Run as root, the
# server runs as the ``postgres`` OS user (``initdb`` refuses root). A machine without the
# PostgreSQL binaries fails the test: these tests never skip.

HBA = """\
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


def postgres_bindir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    if not candidates:
        pytest.fail("initdb not found (PATH, /usr/lib/postgresql/*/bin): install PostgreSQL")
    return Path(candidates[-1]).parent


def _major(path: str) -> int:
    version = Path(path).parents[1].name
    return int(version) if version.isdigit() else 0


class PrivatePostgres:
    """One initdb'ed server in ``root``: ``start``, ``stop``, ``sql`` as the superuser, URIs."""

    def __init__(self, root: Path, port: int, bindir: Path) -> None:
        self.root = root
        self.port = port
        self.bindir = bindir
        self.data = root / "data"
        self.log = root / "server.log"
        self.running = False
        as_root = os.geteuid() == 0
        self._as_owner = ["runuser", "-u", "postgres", "--"] if as_root else []

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as_owner, str(self.bindir / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} {args[0]} failed: {result.stderr[-2000:]}\n{log}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        (self.data / "pg_hba.conf").write_text(HBA)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options)
        self.running = True

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: ``immediate`` is a crash for its clients, ``fast`` a clean shutdown."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")
        self.running = False

    def uri(self, database: str = "postgres", user: str = "postgres", password: str = "") -> str:
        login = f"{user}:{password}" if password else user
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (autocommit); the rows it returns, if any."""
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement.encode())
            return list(cursor.fetchall()) if cursor.description else []

    def create_database(self, name: str, owner: str = "", password: str = "") -> str:
        """A new database (and its owner role, logging in with ``password``); its URI."""
        if owner:
            self.sql(f"CREATE ROLE {owner} LOGIN PASSWORD '{password}'")
            self.sql(f"CREATE DATABASE {name} OWNER {owner}")
            return self.uri(name, owner, password)
        self.sql(f"CREATE DATABASE {name}")
        return self.uri(name)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started private server; stopped and deleted on the way out, even after a failure."""
    bindir = postgres_bindir()
    root = Path(tempfile.mkdtemp(prefix="hnm-pg-"))  # short: the socket path has a length limit
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    server = PrivatePostgres(root, free_port(), bindir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        try:
            if server.running:
                server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)
