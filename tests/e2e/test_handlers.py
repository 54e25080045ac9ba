"""The mirror download handler (``handlers.py``) in crawls: a redirect of the mirror leads to
the real URL, and AutoThrottle sees the latency of pages fetched from a mirror."""

from __future__ import annotations

from pathlib import Path

import pytest

from hnmcrawler.mirror.generate.files import write_file
from hnmcrawler.mirror.server import MirrorServer
from tests.helpers import FIXTURES, MIRROR, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e


def test_redirects_of_the_mirror_lead_to_real_urls(tmp_path: Path) -> None:
    """A mirror page that redirects like the real site would (Location relative to the site,
    or naming the mirror's own host folder) leads the crawl to the real target."""
    seed = (FIXTURES / "era_2017" / "seed-chinh-tri-859634.html").read_text(encoding="utf-8")
    root = tmp_path / "site"
    target = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong"
    write_file(root, target, seed)
    with MirrorServer(root) as server:
        server.scripted["/hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/cu"] = [301]
        server.scripted["/hanoimoi.com.vn/Tin-tuc/Chinh-tri/2/cu"] = [302]
        new = "/Tin-tuc/Chinh-tri/859634/chu-dong"
        server.locations = {
            "/hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/cu": new,  # as the real site sends it
            "/hanoimoi.com.vn/Tin-tuc/Chinh-tri/2/cu": "/hanoimoi.com.vn" + new,  # a mirror's own
        }
        server.start_in_thread()
        out = tmp_path / "out.jsonl"
        result = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/1/cu",
                "-O",
                str(out),
                "-s",
                "AUTOTHROTTLE_START_DELAY=0.05",
            ],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
        result2 = run_scrapy(
            [
                "crawl",
                "urls",
                "-a",
                "urls=http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/2/cu",
                "-O",
                str(tmp_path / "out2.jsonl"),
                "-s",
                "AUTOTHROTTLE_START_DELAY=0.05",
            ],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
        server.shutdown()
    assert result.returncode == result2.returncode == 0, result.stderr[-2000:]
    for feed in (out, tmp_path / "out2.jsonl"):
        assert [i["article_id"] for i in read_jsonl(feed)] == [859634]
    assert server.requests["/hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong"] == 2


def test_autothrottle_sees_the_latency_of_pages_fetched_from_a_mirror(tmp_path: Path) -> None:
    """The handler fetches a copy of the request: its latency is copied back, or AutoThrottle
    (which reads it from the request) never adapts to the mirror."""
    seed = "http://hanoimoi.com.vn/Tin-tuc/Chinh-tri/859634/chu-dong-sang-tao-trong-cong-tac-xay-dung-dang"
    with MirrorServer(MIRROR) as server:
        server.start_in_thread()
        result = run_scrapy(
            ["crawl", "urls", "-a", f"urls={seed}", "-s", "AUTOTHROTTLE_DEBUG=True"],
            cwd=tmp_path,
            env={"HNM_MIRROR": server.url, "HNM_STORAGE_URI": ""},
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| latency:" in result.stderr
