"""``hnmcrawler crawl --source wayback`` against a real pywb holding captures of the bundled
mirror: several captures per article (an older one with other text, URL case and ``www.``
variants), and newer captures that must be passed over (a soft 404, a redirect, a block
page). Every article of the section comes out once, from its newest good capture."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.archive_helpers import build_warc, section_items, stamp
from tests.helpers import FAST, crawl_report, pywb_collection, read_jsonl, run_hnmcrawler

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    work = tmp_path_factory.mktemp("wayback")
    best = build_warc(work / "captures.warc.gz")
    with pywb_collection(work / "pywb", [work / "captures.warc.gz"]) as url:
        yield url, {"work": work, "best": best}


def crawl(url: str, work: Path, *more: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    env = {
        "HNM_WAYBACK_CDX_URL": f"{url}/cdx",
        "HNM_WAYBACK_REPLAY_URL": f"{url}/",
        "HNM_WAYBACK_FAILED_PATH": str(work / "failed.jsonl"),
        "HNM_MIRROR": "",
    }
    args = ["crawl", "--source", "wayback", "--sections", "Phap-luat", *more]
    args += ["--db", f"sqlite:///{work / 'store.sqlite'}", "--out", str(work / "out.jsonl")]
    args += ["--report", str(work / "report.json"), *FAST, "-s", "HNM_RETRY_BACKOFF_BASE=0.01"]
    result = run_hnmcrawler(args, work, env)
    assert result.returncode == 0, result.stderr[-4000:]
    return read_jsonl(work / "out.jsonl"), crawl_report(work / "report.json")


def test_every_article_comes_once_from_its_newest_good_capture(
    archive: tuple[str, dict[str, Any]],
) -> None:
    url, state = archive
    items, report = crawl(url, state["work"])
    expected = {item["url"]: item for item in section_items()}
    assert sorted(item["url"] for item in items) == sorted(expected)
    for item in items:
        captured, when = state["best"][item["url"]]
        assert item["title"] == expected[item["url"]]["title"]
        assert item["body"] == expected[item["url"]]["body"]
        assert item["source"] == "wayback"
        assert item["capture_url"] == f"{url}/{stamp(when)}id_/{captured}"
        assert datetime.fromisoformat(item["captured_at"]) == when
    counters = report["counters"]
    thirds = len(expected) // 3
    assert counters["wayback/capture_unknown_layout"] >= thirds
    assert counters["wayback/capture_blocked"] >= thirds
    # Tried: the good one, and before it the soft 404 or the block page; the redirect
    # captures are not even listed (statuscode:200 filter), so never replayed.
    tried = sum(1 + (i % 3 != 1) for i in range(len(expected)))
    assert counters["wayback/captures_fetched"] == tried
    assert not any(status.startswith("30") and status != "307" for status in report["http"])
    assert "robotstxt/forbidden" not in json.dumps(report)
    assert not (state["work"] / "failed.jsonl").exists()
