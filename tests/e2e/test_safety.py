"""Safety: what a crawl gets from outside the mirror, what reaches the database, where
credentials show, what listens, and where the crawl goes.

- A crawl asking for pages outside the mirror's folder gets 404s and no item (the server's
  refusals, path by path, are in test_mirror.py).
- Hostile titles, bodies and authors go through a real crawl into SQLite and PostgreSQL
  verbatim (the writes are parameterised), and the tables stay.
- A storage password (``HNM_STORAGE_URI`` from the environment or ``--db``) never shows in the
  log, stdout, stderr, stats, the crawl report, ``hnmcrawler report`` or an error message; a
  store failing mid-run (error messages, the dead-letter file) is checked in
  e2e/test_db_outage.py.
- No telnet console or remote-control server runs: not enabled, and nothing listens.
- A crawl of the mirror fetches no image and asks no host but the sites' (links to other hosts:
  e2e/test_middlewares.py, ``test_the_crawl_never_leaves_the_site``).
"""

from __future__ import annotations

import html
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, inspect

from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.server import MirrorServer
from hnmcrawler.sites import SITE_HOSTS
from hnmcrawler.storage import SQLArticleStore
from hnmcrawler.storage.deadletter import encode_row
from hnmcrawler.storage.uri import store_url
from tests.helpers import (
    FAST,
    MIRROR,
    REPO,
    SCRAPY_PROJECT,
    PrivatePostgres,
    assert_no_warning_raised,
    crawl_report,
    expected_mirror_items,
    private_postgres,
    read_jsonl,
    run_hnmcrawler,
    run_python,
    run_scrapy,
    start_python,
)

PASSWORD = "s3cr3tPW"
ARTICLE = "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/899795/so-tai-chinh-de-xuat-giai-phap-ve-thu-ngan-sach-tai"


def page_and_item(url: str = ARTICLE) -> tuple[str, dict[str, Any]]:
    """A bundled mirror article page (HTML as served) and the item it was generated from."""
    item = next(i for i in expected_mirror_items() if i["url"] == url)
    page = (MIRROR / url.removeprefix("http://")).read_text(encoding="utf-8")
    return page, item


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL server whose roles log in with a password."""
    with private_postgres() as server:
        yield server


# --- A crawl gets nothing from outside the mirror's folder -----------------------------------


@pytest.mark.e2e
def test_a_crawl_asking_for_pages_outside_the_mirror_gets_404s_and_no_item(
    tmp_path: Path,
) -> None:
    """Article URLs whose mirror file leads out (a symlinked file, a symlinked section folder,
    an encoded ``../`` slug) hold a real article outside the folder: the crawl gets none of it.
    """
    page, item = page_and_item()
    outside = tmp_path / "outside"
    write_file(outside, "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/996/bai", page)
    root = tmp_path / "site"
    write_file(root, item["url"], page)
    section = root / "hanoimoi.com.vn" / "Tin-tuc"
    (section / "Kinh-te" / "998").mkdir()
    kept = outside / "hanoimoi.com.vn" / "Tin-tuc" / "Xa-hoi"
    (section / "Kinh-te" / "998" / "bai").symlink_to(kept / "996" / "bai")
    (section / "Xa-hoi").symlink_to(kept, target_is_directory=True)
    hostile = [
        "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/998/bai",
        "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/996/bai",
        "http://hanoimoi.com.vn/Tin-tuc/Kinh-te/997/..%2f..%2f..%2f..%2f..%2foutside"
        "%2fhanoimoi.com.vn%2fTin-tuc%2fXa-hoi%2f996%2fbai",
    ]
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    with MirrorServer(root) as server:
        server.start_in_thread()
        result = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=" + ",".join([*hostile, item["url"]]),
                "-O",
                str(out),
                *FAST,
            ],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": "", "HNM_REPORT_PATH": str(report)},
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert [i["url"] for i in read_jsonl(out)] == [item["url"]]
    for url in hostile:
        assert server.requests["/" + url.removeprefix("http://")] == 1
    assert crawl_report(report)["counters"]["articles/not_fetched/http_404"] == 3


# --- Database writes are parameterised --------------------------------------------------------

HOSTILE_TITLE = "'); DROP TABLE articles;--"
HOSTILE_PARAGRAPH = (
    "Robert'); -- then Robert'); DROP TABLE article_revisions;-- \"Bobby\" %s %(x)s ?"
)
HOSTILE_AUTHOR = "Robert' OR '1'='1"


def hostile_page() -> tuple[str, dict[str, Any]]:
    """The mirror article with a hostile title, first paragraph and author; its expected item."""
    page, item = page_and_item()
    first = item["body"].split("\n\n")[0]
    page = page.replace(item["title"], html.escape(HOSTILE_TITLE))
    page = page.replace(first, html.escape(HOSTILE_PARAGRAPH), 1)
    page = page.replace(f">{item['authors'][0]}<", f">{html.escape(HOSTILE_AUTHOR)}<")
    expected = {
        **item,
        "title": HOSTILE_TITLE,
        "body": item["body"].replace(first, HOSTILE_PARAGRAPH, 1),
        "authors": [HOSTILE_AUTHOR],
    }
    return page, expected


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'a.sqlite'}"
    server: PrivatePostgres = request.getfixturevalue("postgres")
    return server.create_database(f"inject_{secrets.token_hex(4)}")


@pytest.mark.e2e
def test_hostile_text_is_stored_verbatim_and_the_tables_stay(
    store_uri: str, tmp_path: Path
) -> None:
    page, expected = hostile_page()
    other = next(i["url"] for i in expected_mirror_items() if i["url"] != ARTICLE)
    plain, plain_item = page_and_item(other)
    root = tmp_path / "site"
    write_file(root, ARTICLE, page)
    write_file(root, plain_item["url"], plain)
    report = tmp_path / "report.json"
    with MirrorServer(root) as server:
        server.start_in_thread()
        result = run_scrapy(
            ["crawl", "urls", "-a", f"urls={ARTICLE},{plain_item['url']}", *FAST],
            cwd=tmp_path,
            env={
                "HNM_MIRROR": server.url,
                "HNM_STORAGE_URI": store_uri,
                "HNM_REPORT_PATH": str(report),
            },
        )
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    assert crawl_report(report)["counters"]["store/new"] == 2
    store = SQLArticleStore(url=store_uri)
    store.open()
    try:
        stored = {row["url"]: row for row in store.iter_articles()}
        assert store.count() == 2
    finally:
        store.close()
    engine = create_engine(store_url(store_uri))
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"articles", "article_revisions", "schema_version"} <= tables
    row = stored[ARTICLE]
    for name in ("title", "body", "authors"):
        assert row[name] == expected[name]
    assert stored[plain_item["url"]]["title"] == plain_item["title"]


# --- Credentials -------------------------------------------------------------------------------


def test_no_source_file_holds_a_credential() -> None:
    """Credentials come from settings or the environment: no URI with a password in the code."""
    with_password = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/@:'\"]+:([^\s/@'\"]+)@")
    placeholders = {"***", "PASSWORD", "password", "password]", "pass"}  # examples in docs
    found = [
        f"{path.relative_to(REPO)}: {match.group()}"
        for path in sorted((REPO / "hnmcrawler").rglob("*.py"))
        for match in with_password.finditer(path.read_text(encoding="utf-8"))
        if match.group(1) not in placeholders
    ]
    assert found == []
    settings = (REPO / "hnmcrawler" / "settings.py").read_text(encoding="utf-8")
    assert 'HNM_STORAGE_URI = os.environ.get("HNM_STORAGE_URI"' in settings


@pytest.fixture(scope="module")
def creds_uri(postgres: PrivatePostgres) -> str:
    """A database owned by a role that logs in with ``PASSWORD``."""
    return postgres.create_database("creds", owner="hnm_writer", password=PASSWORD)


@pytest.mark.postgres
@pytest.mark.e2e
def test_a_crawl_with_a_password_never_shows_it(
    postgres: PrivatePostgres, creds_uri: str, mirror: MirrorServer, tmp_path: Path
) -> None:
    uri = creds_uri
    report, log = tmp_path / "report.json", tmp_path / "crawl.log"
    result = run_hnmcrawler(
        ["crawl", "--sections", "Kinh-te", "--max-pages", "1", "--mirror", mirror.url,
         "--report", str(report), "--log-level", "DEBUG", "-s", f"LOG_FILE={log}", *FAST],
        cwd=tmp_path,
        env={"HNM_STORAGE_URI": uri, "HNM_DEAD_LETTER_PATH": str(tmp_path / "dead.jsonl")},
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert postgres.sql("SELECT count(*) FROM articles", "creds") == [(10,)]
    assert crawl_report(report)["counters"]["store/new"] == 10
    shown = run_hnmcrawler(["report", str(report)], cwd=tmp_path, timeout=120)
    assert shown.returncode == 0
    text = log.read_text(encoding="utf-8")
    assert_no_warning_raised(text)  # LOG_FILE: the crawl's log went there, not to stderr
    assert "opened article store postgresql+psycopg://hnm_writer:***@127.0.0.1" in text
    assert "Dumping Scrapy stats:" in text  # the stats are in the log searched below
    assert "'hnm/store/new'" in text
    for output in (result.stdout, result.stderr, text, report.read_text(), shown.stdout):
        assert PASSWORD not in output
    assert not (tmp_path / "dead.jsonl").exists()


def refused(creds_uri: str, case: str) -> str:
    """A store URI that fails: a wrong password on a live server, or no server at all."""
    if case == "wrong password":
        return creds_uri.replace(f":{PASSWORD}@", f":{PASSWORD}x@")
    if case == "password in the query":
        return f"postgresql://hnm_writer@127.0.0.1:1/hnm?password={PASSWORD}"
    return f"postgresql://hnm_writer:{PASSWORD}@127.0.0.1:1/hnm"


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("command", "case"),
    [
        pytest.param(["hnmcrawler", "crawl"], "wrong password", id="crawl, wrong password"),
        pytest.param(["hnmcrawler", "crawl"], "no server", id="crawl, no server"),
        pytest.param(["hnmcrawler", "crawl"], "password in the query", id="crawl, query password"),
        pytest.param(["scrapy", "crawl", "archive"], "no server", id="scrapy crawl, no server"),
        pytest.param(["hnmcrawler", "store", "replay"], "wrong password", id="replay"),
        pytest.param(["hnmcrawler", "export"], "no server", id="export"),
    ],
)
def test_a_store_refusing_the_login_says_so_without_the_password(
    creds_uri: str, tmp_path: Path, command: list[str], case: str
) -> None:
    uri = refused(creds_uri, case)
    (tmp_path / "dead.jsonl").write_text(encode_row(page_and_item()[1]) + "\n")
    log = tmp_path / "crawl.log"
    args = {
        "crawl": ["--sections", "Kinh-te", "--mirror", "http://127.0.0.1:1", "--db", uri],
        "archive": ["-a", "sections=Kinh-te", "-s", f"LOG_FILE={log}"],
        "replay": ["--db", uri, "--file", str(tmp_path / "dead.jsonl")],
        "export": ["--db", uri],
    }[command[-1]]
    result = run_python(
        ["-m", command[0], *command[1:], *args],
        cwd=tmp_path,
        env={**SCRAPY_PROJECT, "HNM_STORAGE_URI": uri},
    )
    outputs = result.stdout + result.stderr + (log.read_text() if log.exists() else "")
    assert_no_warning_raised(outputs)
    assert result.returncode != 0
    reason = "password authentication failed" if case == "wrong password" else "Connection refused"
    assert reason in outputs
    assert "hnm_writer:***@127.0.0.1" in outputs or "?password=***" in outputs
    assert PASSWORD not in outputs
    if command[0] == "hnmcrawler":
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback


# --- Nothing listens, nothing leaves the site --------------------------------------------------


def listening_ports(pid: int) -> set[int]:
    """The TCP ports a process listens on (Linux: its socket inodes in /proc/<pid>/net/tcp*)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def test_listening_ports_sees_a_listening_server(mirror: MirrorServer) -> None:
    """The control for the check below: this process's mirror server is seen listening."""
    assert mirror.server_address[1] in listening_ports(os.getpid())


@pytest.fixture(scope="module")
def watched_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A crawl of one listing page per era, its listening ports looked at all along."""
    work = tmp_path_factory.mktemp("watched")
    sections = ",".join(
        [
            "http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te",  # era_2017
            "http://hanoimoi.com.vn/Danh-muc-tin/164/Giao-duc",  # era_2019
            "https://hanoimoi.vn/kinh-te",  # era_2023
        ]
    )
    with MirrorServer(MIRROR) as server, (work / "stderr").open("w") as err:
        server.delay = 0.1
        server.start_in_thread()
        crawl = start_python(
            ["-m", "scrapy", "crawl", "archive", "-a", f"sections={sections}",
             "-a", "max_pages=1", "-O", str(work / "out.jsonl"), "-s", "LOG_LEVEL=INFO", *FAST],
            cwd=work,
            env={**SCRAPY_PROJECT, "HNM_MIRROR": server.url, "HNM_STORAGE_URI": "",
                 "HNM_REPORT_PATH": str(work / "report.json")},
            stderr=err,
        )  # fmt: skip
        ports: set[int] = set()
        looks = 0
        try:
            while crawl.poll() is None:
                try:
                    ports |= listening_ports(crawl.pid)
                    looks += 1
                except FileNotFoundError:  # it just ended
                    break
                time.sleep(0.05)
            returncode = crawl.wait(timeout=120)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
        server.shutdown()
    stderr = (work / "stderr").read_text(encoding="utf-8")
    assert_no_warning_raised(stderr)
    return {
        "returncode": returncode,
        "stderr": stderr,
        "report": crawl_report(work / "report.json"),
        "ports": ports,
        "looks": looks,
        "requests": dict(server.requests),
        "items": read_jsonl(work / "out.jsonl"),
    }


@pytest.mark.e2e
def test_no_telnet_console_or_remote_control_runs(watched_crawl: dict[str, Any]) -> None:
    stderr = watched_crawl["stderr"]
    assert watched_crawl["returncode"] == 0, stderr[-2000:]
    assert watched_crawl["looks"] >= 20, "the crawl should have lasted a second or more"
    assert watched_crawl["ports"] == set()
    extensions = stderr.split("Enabled extensions:", 1)[1].split("\n2", 1)[0]
    assert "CrawlHealthExtension" in extensions
    assert "TelnetConsole" not in extensions
    assert "RemoteControl" not in extensions
    assert "'TELNETCONSOLE_ENABLED': False" in stderr
    assert "'REMOTE_CONTROL_ENABLED': False" in stderr


@pytest.mark.e2e
def test_the_crawl_asks_only_the_sites_and_fetches_no_image(
    watched_crawl: dict[str, Any],
) -> None:
    items = watched_crawl["items"]
    assert {i["layout"] for i in items} == {"era_2017", "era_2019", "era_2023"}
    images = {image["url"] for i in expected_mirror_items() for image in i["images"]}
    assert images
    requested = {f"http://{path.lstrip('/')}" for path in watched_crawl["requests"]}
    assert {urlsplit(url).hostname for url in requested} <= SITE_HOSTS
    assert not {urlsplit(url).path for url in requested} & {urlsplit(u).path for u in images}
    assert "offsite/dropped" not in watched_crawl["report"]["counters"]
