"""What the article store already holds, as navigation needs it (incremental and resumed runs).

Spiders ask two questions: which of these article URLs are stored (so they are not fetched
again), and what is the newest date stored for a section (``since=auto``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from hnmcrawler.storage import store_from_uri
from hnmcrawler.storage.base import ArticleStore
from hnmcrawler.urls import article_key


class StoredArticles:
    def __init__(self, store: ArticleStore) -> None:
        self.store = store
        self.store.open()

    @classmethod
    def from_uri(cls, uri: str) -> StoredArticles:
        if not uri:
            raise ValueError("this run needs the article store: set HNM_STORAGE_URI")
        return cls(store_from_uri(uri))

    def stored_urls(self, urls: Iterable[str]) -> set[str]:
        """The article URLs among ``urls`` whose key (site + id) is stored."""
        by_site: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for url in urls:
            key = article_key(url)
            if key is not None:
                by_site[key.site][key.article_id].append(url)
        found: set[str] = set()
        for site, ids in by_site.items():
            for article_id in self.store.stored_ids(site, ids):
                found.update(ids[article_id])
        return found

    def newest(self, site: str, section: str | None) -> datetime | None:
        return self.store.newest_published_at(site, section)

    def close(self) -> None:
        self.store.close()
