"""Spider ``urls``: fetch given article URLs of any era, for ad-hoc runs.

    scrapy crawl urls -a urls=URL,URL -O out.jsonl
    scrapy crawl urls -a file=urls.txt            (one URL a line; blank lines and # comments)

A URL that is not an article of a known site is reported once and skipped.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response

from hnmcrawler.exceptions import UsageError
from hnmcrawler.spiders.base import HnmSpider
from hnmcrawler.urls import canonical_url, is_article_url

logger = logging.getLogger(__name__)


def read_url_list(urls: str | None, file: str | None) -> list[str]:
    """URLs from a comma-separated argument and/or a file, in order, without repeats."""
    found = [u.strip() for u in (urls or "").split(",")]
    if file:
        lines = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
        found += [line.strip() for line in lines if not line.strip().startswith("#")]
    return list(dict.fromkeys(u for u in found if u))


class UrlListSpider(HnmSpider):
    name = "urls"

    def __init__(self, urls: str | None = None, file: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not urls and not file:
            raise UsageError("give -a urls=URL,URL or -a file=urls.txt")
        try:
            self.urls = read_url_list(urls, file)
        except OSError as exc:
            raise UsageError(f"cannot read {file}: {exc.strerror}") from None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        seen: set[str] = set()
        skipped = 0
        for url in self.urls:
            if not is_article_url(url):
                skipped += 1
                continue
            key = canonical_url(url)
            if key not in seen:
                seen.add(key)
                yield scrapy.Request(url, callback=self.parse_article, errback=self.fetch_failed)
        if skipped:  # counted, never copied into the log: the file may be anything
            self.inc("hnm/urls/not_article", skipped)
            logger.warning(
                "%(n)d entries of the URL list are not article URLs of a known site: skipped",
                {"n": skipped},
            )

    def parse_article(self, response: Response) -> Iterator[Any]:
        item = self.read_article(response)
        if item is not None:
            yield item
