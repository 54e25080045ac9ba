"""``feedstorage.py`` in a crawl: appending to a feed a killed run tore repairs it first."""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import FAST, crawl_report, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e


def test_appending_to_a_feed_torn_by_a_killed_run_repairs_it_first(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    out.write_bytes(b'{"url": "http://hanoimoi.com.vn/Tin-tuc/Xa-hoi/1/x"}\n{"url": "http://han')
    result = run_scrapy(
        [
            "crawl",
            "archive",
            "-a",
            "sections=Xa-hoi",
            "-a",
            "max_pages=1",
            "-o",
            f"{out}:jsonl",
            *FAST,
        ],
        cwd=tmp_path,
        env={"HNM_MIRROR": mirror.url, "HNM_STORAGE_URI": "", "HNM_REPORT_PATH": str(report)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = read_jsonl(out)  # every line parses
    assert len(rows) == 1 + 11
    assert "Repaired" in result.stderr  # the warning a person reads
    assert crawl_report(report)["counters"]["feedstorage/torn_lines_repaired"] == 1
