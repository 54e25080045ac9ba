"""Parts that ``benchmarks/crawl.py`` loads into its crawl processes (figures only).

``NullSpider`` fetches a given list of URLs with the project's settings and does nothing with
the answers: no parsing, no items, so no pipelines; the ceiling Scrapy itself sets on the same
pages. With ``-a floor=parse`` it builds each page's tree (``response.selector``, the lxml parse
every extracting spider pays) and stops there; with ``-a floor=item`` it also yields one item
a page (the URL and the first ``h1``'s text) through Scrapy's item path and the feed: what any
crawler that parses pages into records pays before its own code runs.

``RSSProbe`` notes the process's peak RSS when the crawl has emitted 5,000, 10,000 and 20,000
items (and at the end) into ``BENCH_RSS_PATH`` as JSON.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

MILESTONES = (1000, 5000, 10000, 20000)


class NullSpider(scrapy.Spider):
    name = "null"

    def __init__(self, urls: str = "", floor: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url_file = Path(urls)
        if floor not in ("", "parse", "item"):
            raise ValueError(f"floor is parse or item, not {floor!r}")
        self.floor = floor

    async def start(self) -> AsyncIterator[scrapy.Request]:
        with self.url_file.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield scrapy.Request(line.strip(), callback=self.parse, dont_filter=True)

    def parse(self, response: Response, **kwargs: Any) -> list[dict[str, str]]:
        """Not a generator: Scrapy reads a generator callback's source (inspect, ast) to warn
        about ``return value``, remembered only while the bound method lives; a spider with
        nothing in flight pays it on every page (15% of the null spider's time, measured)."""
        if not self.floor or not isinstance(response, TextResponse):
            return []
        title = response.selector.root.find(".//h1")  # the parse happens here
        if self.floor == "item":
            return [{"url": response.url, "title": "" if title is None else title.text_content()}]
        return []


def peak_rss_mb() -> tuple[float, float]:
    """(peak RSS, current RSS) of this process in MB, from /proc/self/status."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmHWM"], fields["VmRSS"]


class RSSProbe:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items = 0
        self.marks: dict[str, list[float]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RSSProbe:
        probe = cls(Path(crawler.settings.get("BENCH_RSS_PATH", "rss.json")))
        crawler.signals.connect(probe.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        return probe

    def item_scraped(self, item: Any) -> None:
        self.items += 1
        if self.items in MILESTONES:
            self.marks[str(self.items)] = list(peak_rss_mb())

    def spider_closed(self) -> None:
        self.marks["end"] = [*peak_rss_mb(), self.items]
        self.path.write_text(json.dumps(self.marks), encoding="utf-8")
