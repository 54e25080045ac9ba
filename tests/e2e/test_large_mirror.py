"""A large generated mirror (``hnmcrawler mirror generate``), served by the fast benchmark
server: the unchanged spiders crawl it into exactly its expected items, each page once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hnmcrawler.mirror.generate import mirror_listings
from tests.helpers import fast_server, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e
CRAWL = ["crawl", "archive", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


def test_the_spiders_crawl_a_generated_mirror_into_its_expected_items(
    large_mirror: Path, tmp_path: Path
) -> None:
    out, log = tmp_path / "out.jsonl", tmp_path / "served.json"
    with fast_server(large_mirror, log) as url:
        result = run_scrapy(
            [*CRAWL, "-a", "sections=" + ",".join(mirror_listings()), "-O", str(out)],
            cwd=tmp_path,
            env={"HNM_MIRROR": url, "HNM_STORAGE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}"},
            timeout=240,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {i["url"]: i for i in read_jsonl(large_mirror / "expected.jsonl")}
    items = read_jsonl(out)
    assert sorted(i["url"] for i in items) == sorted(expected)
    for item in items:
        item.pop("fetched_at")
        assert item == expected[item["url"]]
    served = json.loads(log.read_text())
    assert set(served.values()) == {1}  # every page fetched once
