"""Spider ``urls``: fetch given article URLs of any era, for ad-hoc runs.

    scrapy crawl urls -a urls=URL,URL -O out.jsonl
    scrapy crawl urls -a file=urls.txt            (one URL a line; blank lines and # comments)

A URL that is not an article of a known site is counted (``hnm/urls/not_article``) and
skipped, never copied into the log: the file may be anything. At most the crawl's
``DOWNLOAD_MAXSIZE`` bytes of the file are read (``/dev/zero`` is no list); a longer file is
read up to its last whole line within that size, counted (``hnm/urls/list_truncated``) and
logged once.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy.http import Response

from hnmcrawler.exceptions import UsageError
from hnmcrawler.settings import DOWNLOAD_MAXSIZE
from hnmcrawler.spiders.base import HnmSpider
from hnmcrawler.urls import canonical_url, is_article_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def read_url_list(urls: str | None, file: str | None, max_bytes: int) -> tuple[list[str], bool]:
    """URLs from a comma-separated argument and/or a file, in order, without repeats; and
    whether the file was longer than ``max_bytes`` (then its whole lines within them; 0, as
    Scrapy's ``DOWNLOAD_MAXSIZE``, is no limit)."""
    found = [u.strip() for u in (urls or "").split(",")]
    truncated = False
    if file:
        with Path(file).open("rb") as handle:
            data = handle.read(max_bytes + 1 if max_bytes > 0 else -1)
        if 0 < max_bytes < len(data):
            truncated = True
            data = data[: data.rfind(b"\n", 0, max_bytes) + 1]  # no line cut short
        lines = data.decode("utf-8", errors="replace").splitlines()
        found += [line.strip() for line in lines if not line.strip().startswith("#")]
    return list(dict.fromkeys(u for u in found if u)), truncated


class UrlListSpider(HnmSpider):
    name = "urls"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("max_bytes", crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        return super().from_crawler(crawler, *args, **kwargs)

    def __init__(
        self,
        urls: str | None = None,
        file: str | None = None,
        max_bytes: int | str = DOWNLOAD_MAXSIZE,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not urls and not file:
            raise UsageError("give -a urls=URL,URL or -a file=urls.txt")
        self.max_bytes = int(max_bytes)
        try:
            self.urls, self.truncated = read_url_list(urls, file, self.max_bytes)
        except OSError as exc:
            raise UsageError(f"cannot read {file}: {exc.strerror}") from None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.truncated:
            self.inc("hnm/urls/list_truncated")
            logger.warning(
                "URL list larger than %(max)d bytes (DOWNLOAD_MAXSIZE): the rest is not read",
                {"max": self.max_bytes},
            )
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
