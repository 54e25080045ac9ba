"""What the spiders ask the article store, answered off the reactor thread.

Incremental and resumed runs ask two questions: which of these article URLs are stored (so
they are not fetched again), and what is the newest date stored for a section
(``since=auto``). Each call runs the store's query in a worker thread
(``asyncio.to_thread``): a slow or locked database delays only the listing page that asked,
never downloads, backoffs or AutoThrottle. Called by ``spiders/archive.py`` and
``spiders/feeds.py``.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from hnmcrawler.exceptions import UsageError
from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.base import ArticleStore
from hnmcrawler.urls import article_key


class StoreLookup:
    def __init__(self, store: ArticleStore) -> None:
        self.store = store

    @classmethod
    def from_uri(cls, uri: str) -> StoreLookup:
        if not uri:
            raise UsageError("this run needs the article store: set HNM_STORAGE_URI")
        return cls(store_from_uri(uri))

    async def open(self) -> None:
        await asyncio.to_thread(self.store.open)

    async def stored_urls(self, urls: Iterable[str]) -> set[str]:
        """The article URLs among ``urls`` whose key (site + id) is stored."""
        by_site: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for url in urls:
            key = article_key(url)
            if key is not None:
                by_site[key.site][key.article_id].append(url)
        if not by_site:
            return set()
        stored = await asyncio.to_thread(self._stored_ids, by_site)
        return {url for site, ids in by_site.items() for i in stored[site] for url in ids[i]}

    def _stored_ids(self, by_site: dict[str, dict[int, list[str]]]) -> dict[str, set[int]]:
        return {site: self.store.stored_ids(site, ids) for site, ids in by_site.items()}

    async def newest(self, site: str, section: str | None) -> datetime | None:
        return await asyncio.to_thread(self.store.newest_published_at, site, section)

    async def close(self) -> None:
        await asyncio.to_thread(self.store.close)
