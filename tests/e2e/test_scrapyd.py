"""Scheduled runs on Scrapyd: deploy with scrapyd-deploy from scrapy.cfg, schedule through
schedule.json, wait for the job, and find its articles in the store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import REPO, assert_no_warning_raised, child_env, crawl_report, free_port

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def call(url: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=10) as response:
        result: dict[str, Any] = json.loads(response.read())
    return result


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = eggs\nlogs_dir = logs\nitems_dir =\ndbs_dir = dbs\n"
        "poll_interval = 0.5\nmax_proc = 2\n"
    )
    process = subprocess.Popen(  # its crawls inherit the environment: warnings as errors
        [str(BIN / "scrapyd")],
        cwd=home,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(url + "daemonstatus.json")
                break
            except OSError:
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_deploy_schedule_and_store_on_scrapyd(
    scrapyd: str, mirror: MirrorServer, tmp_path: Path
) -> None:
    deploy = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "env"],
        cwd=REPO,
        env=child_env({"HNM_SCRAPYD_URL": scrapyd}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
    assert '"spiders": 5' in deploy.stdout  # archive, feeds, urls, wayback, commoncrawl

    db = tmp_path / "scrapyd.sqlite"
    job = call(
        scrapyd + "schedule.json",
        [
            ("project", "hnmcrawler"),
            ("spider", "archive"),
            ("sections", "Xa-hoi"),
            ("max_pages", "1"),
            ("setting", f"HNM_MIRROR={mirror.url}"),
            ("setting", f"HNM_STORAGE_URI=sqlite:///{db}"),
            ("setting", f"HNM_REPORT_PATH={tmp_path / 'report.json'}"),
            ("setting", "AUTOTHROTTLE_START_DELAY=0.05"),
        ],
    )
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 120
    while not any(
        j["id"] == job["jobid"]
        for j in call(scrapyd + "listjobs.json?project=hnmcrawler")["finished"]
    ):
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.5)

    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone() == (11,)
    report = crawl_report(tmp_path / "report.json")
    assert report["health"]["ok"] is True
    job_log = tmp_path / "scrapyd" / "logs" / "hnmcrawler" / "archive" / f"{job['jobid']}.log"
    assert_no_warning_raised(job_log.read_text(encoding="utf-8"))
