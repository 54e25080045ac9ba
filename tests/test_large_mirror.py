"""Large generated mirrors (``hnmcrawler mirror generate``) and the fast benchmark server.

A generated mirror has every era, section and page shape of the bundled one with more
articles; it is deterministic for a seed, and the unchanged spiders crawl it, through the
fast server, into exactly its expected items.
"""

from __future__ import annotations

import hashlib
import json
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from hnmcrawler.commands import main as cli_main
from hnmcrawler.mirror.generate import generate_large, mirror_listings
from hnmcrawler.mirror.generate.size import gap, split, stretch
from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import MIRROR, REPO, read_jsonl, run_scrapy

ARTICLES = 300
CRAWL = ["crawl", "archive", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


def digest(root: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large")
    assert generate_large(root, ARTICLES, seed=3) == ARTICLES
    return root


def test_split_stretch_and_gap() -> None:
    assert split(10, 3) == [4, 3, 3]
    assert sum(split(20000, 9)) == 20000
    with pytest.raises(ValueError, match="cannot share"):
        split(2, 3)
    assert stretch(30, 30) == stretch(30, 10) == 1.0
    assert stretch(30, 3000) == 0.01
    assert gap(480, 0.001) == 1  # never two articles on one id
    assert gap(480, 1.0) == 480


def test_a_generated_mirror_holds_what_was_asked_every_era_and_section(large: Path) -> None:
    items = read_jsonl(large / "expected.jsonl")
    assert len(items) == ARTICLES
    assert len({(i["site"], i["article_id"]) for i in items}) == ARTICLES
    assert len({i["url"] for i in items}) == ARTICLES
    layouts = Counter(i["layout"] for i in items)
    assert set(layouts) == {"era_2017", "era_2019", "era_2023"}
    assert min(layouts.values()) >= ARTICLES // 3 - 1
    sections = {(i["site"], i["section"], i["layout"]) for i in items}
    assert len(sections) == 9  # three sections in each era
    assert all(i["published_at"] and i["body"] and i["title"] for i in items)
    # Ids fall with time within each site and never collide between eras.
    assert min(i["article_id"] for i in items) > 0


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_ones(
    large: Path, tmp_path: Path
) -> None:
    generate_large(tmp_path / "again", ARTICLES, seed=3)
    assert digest(tmp_path / "again") == digest(large)
    generate_large(tmp_path / "other", ARTICLES, seed=4)
    assert digest(tmp_path / "other") != digest(large)


def test_the_command_writes_a_mirror_and_refuses_a_tiny_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        cli_main(["mirror", "generate", str(tmp_path / "m"), "--articles", "90", "--seed", "1"])
    assert done.value.code == 0
    assert "wrote 90 articles" in capsys.readouterr().out
    assert len(read_jsonl(tmp_path / "m" / "expected.jsonl")) == 90
    with pytest.raises(SystemExit) as done:
        cli_main(["mirror", "generate", str(tmp_path / "n"), "--articles", "5"])
    assert done.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "hnmcrawler: a generated mirror needs at least 90 articles"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fast_server(root: Path, log: Path) -> Iterator[str]:
    """``python -m hnmcrawler.mirror.fast ROOT`` on a free port, stopped with SIGTERM."""
    port = free_port()
    command = [sys.executable, "-m", "hnmcrawler.mirror.fast", str(root), "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--log", str(log)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    assert server.stdout.readline().startswith("serving")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        server.stdout.close()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), answer.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_the_fast_server_answers_like_the_mirror_server_and_logs_requests(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    paths = [
        "/hanoimoi.com.vn/robots.txt",
        "/hanoimoi.com.vn/",
        "/hanoimoi.vn/kinh-te",
        "/hanoimoi.vn/sitemap.xml",
        "/hanoimoi.vn/api/getMoreArticle/channel_empty_1266648_463_0",
        "/hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te?page=2",
        "/hanoimoi.com.vn/nothing-here",
        "/hanoimoi.com.vn/%2e%2e/%2e%2e/etc/passwd",
    ]
    log = tmp_path / "served.json"
    with fast_server(MIRROR, log) as url:
        for path in paths:
            assert fetch(url + path) == fetch(mirror.url + path), path
        assert fetch(url + "/hanoimoi.vn/kinh-te")[0] == 200
        assert fetch(url + "/hanoimoi.vn/kinh-te")[0] == 200
        assert fetch(url + paths[-1])[0] == 404
    served = json.loads(log.read_text())
    assert served["/hanoimoi.vn/kinh-te"] == 3


@pytest.mark.e2e
def test_the_spiders_crawl_a_generated_mirror_into_its_expected_items(
    large: Path, tmp_path: Path
) -> None:
    out, log = tmp_path / "out.jsonl", tmp_path / "served.json"
    with fast_server(large, log) as url:
        result = run_scrapy(
            [*CRAWL, "-a", "sections=" + ",".join(mirror_listings()), "-O", str(out)],
            cwd=tmp_path,
            env={"HNM_MIRROR": url, "HNM_STORAGE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}"},
            timeout=240,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {i["url"]: i for i in read_jsonl(large / "expected.jsonl")}
    items = read_jsonl(out)
    assert sorted(i["url"] for i in items) == sorted(expected)
    for item in items:
        item.pop("fetched_at")
        assert item == expected[item["url"]]
    served = json.loads(log.read_text())
    assert set(served.values()) == {1}  # every page fetched once
