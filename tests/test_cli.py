"""The ``hnmcrawler`` command as people and cron use it: exit codes, one-line errors, report."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hnmcrawler.commands.report import format_report
from hnmcrawler.extensions.progress import progress_line
from hnmcrawler.mirror.server import MirrorServer
from tests.conftest import MIRROR, read_jsonl


def hnmcrawler(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hnmcrawler", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["crawl", "--sections", "Nope"], "unknown section 'Nope'", id="unknown section"
        ),
        pytest.param(["crawl", "--since", "2017-02-30"], "not a date", id="impossible date"),
        pytest.param(["crawl", "--site", "vnexpress.net"], "unknown site", id="unknown site"),
        pytest.param(["crawl", "--out", "a.json"], "--out must end in", id="unknown feed format"),
        pytest.param(
            ["crawl", "--db", "postgresql://u:pw@127.0.0.1:1/x"],
            "cannot open article store",
            id="unreachable database",
        ),
        pytest.param(["report", "missing.json"], "cannot read", id="missing report"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = hnmcrawler(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert "pw@" not in result.stderr


def test_help_everywhere(tmp_path: Path) -> None:
    for args in (
        ["--help"],
        ["crawl", "--help"],
        ["report", "--help"],
        ["export", "--help"],
        ["store", "replay", "--help"],
        ["serve", "--help"],
        ["extract", "--help"],
    ):
        result = hnmcrawler(*args, cwd=tmp_path)
        assert result.returncode == 0, args
        assert "usage: hnmcrawler" in result.stdout


def test_progress_line() -> None:
    stats = {"response_received_count": 120, "item_scraped_count": 95, "item_dropped_count": 2}
    assert progress_line(stats, 15.0) == (
        "pages 120 · articles 95 (380/min) · dropped 2 · errors 0 · 15s"
    )


@pytest.fixture
def redesigned(tmp_path: Path) -> Iterator[MirrorServer]:
    """The mirror after a redesign: article pages in a markup no layout knows."""
    root = tmp_path / "site"
    shutil.copytree(MIRROR, root)
    for page in (root / "hanoimoi.com.vn" / "Tin-tuc").rglob("*"):
        if page.is_file():
            html = page.read_text(encoding="utf-8")
            page.write_text(html.replace('class="refer"', 'class="meta-line"'), encoding="utf-8")
    with MirrorServer(root) as server:
        server.start_in_thread()
        yield server
        server.shutdown()


@pytest.mark.e2e
def test_crawl_exits_0_when_healthy_and_the_report_reads(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    result = hnmcrawler(
        "crawl",
        "--mirror",
        mirror.url,
        "--sections",
        "Xa-hoi",
        "--max-pages",
        "1",
        "--db",
        f"sqlite:///{tmp_path / 'a.sqlite'}",
        "--out",
        "out.jsonl",
        "--report",
        "report.json",
        "-s",
        "AUTOTHROTTLE_START_DELAY=0.05",
        "-s",
        "HNM_PROGRESS_LOG_INTERVAL=0.2",
        "--log-level",
        "INFO",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Progress: pages" in result.stderr  # not a terminal: plain log lines
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 11
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["health"] == {"ok": True, "failures": []}
    assert report["articles"]["new"] == 11
    shown = hnmcrawler("report", "report.json", cwd=tmp_path)
    assert shown.returncode == 0
    assert "health" in shown.stdout
    assert "ok" in format_report(report).splitlines()[-1]


@pytest.mark.e2e
def test_a_site_in_an_unknown_layout_fails_the_crawl_with_the_reason(
    redesigned: MirrorServer, tmp_path: Path
) -> None:
    result = hnmcrawler(
        "crawl",
        "--mirror",
        redesigned.url,
        "--sections",
        "Kinh-te",
        "--max-pages",
        "1",
        "--db",
        "",
        "--report",
        "report.json",
        "-s",
        "AUTOTHROTTLE_START_DELAY=0.05",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "Crawl health check failed" in line]
    assert len(errors) == 1
    assert "no articles although" in errors[0]
    assert "unknown-layout share 100.0% above 5.0%" in errors[0]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["unknown_layouts"] == 10
    assert (
        len(report["completeness"]["http://hanoimoi.com.vn/Danh-muc-tin/190/Kinh-te"]["missing"])
        == 10
    )
