"""Sets of articles that stay small however long the crawl: one bit per article id.

A crawl of the archive meets hundreds of thousands of articles and must remember which it
has requested, emitted and stored. A Python set of URLs costs about 200 bytes an article,
of ``(site, id)`` tuples about 120; the site's ids are numbers below a few million, so a
bitmap per site costs one bit per possible id (160 KB for ids up to 1.3 million), however
many are in it. Ids beyond ``BITMAP_LIMIT`` and URLs without an article key (not article
pages) go to a plain set.
"""

from __future__ import annotations

from hnmcrawler.urls import article_key

BITMAP_LIMIT = 1 << 27  # 16 MB of bitmap at most per site; larger ids go to a set


class IdSet:
    """Non-negative integers, as a growing bitmap (and a set beyond ``BITMAP_LIMIT``)."""

    __slots__ = ("_bits", "_count", "_large")

    def __init__(self) -> None:
        self._bits = bytearray()
        self._large: set[int] = set()
        self._count = 0

    def add(self, number: int) -> None:
        if number < 0 or number >= BITMAP_LIMIT:
            if number not in self._large:
                self._large.add(number)
                self._count += 1
            return
        byte, bit = divmod(number, 8)
        if byte >= len(self._bits):
            self._bits.extend(bytes(max(byte + 1, 2 * len(self._bits)) - len(self._bits)))
        if not self._bits[byte] & (1 << bit):
            self._bits[byte] |= 1 << bit
            self._count += 1

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, int):
            return False
        if number < 0 or number >= BITMAP_LIMIT:
            return number in self._large
        byte, bit = divmod(number, 8)
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << bit))

    def __len__(self) -> int:
        return self._count


class ArticleSet:
    """Articles by site and id, added and looked up by key or by URL (any spelling of the
    article's URL is the same article); other URLs are kept as they are."""

    __slots__ = ("_ids", "_others")

    def __init__(self) -> None:
        self._ids: dict[str, IdSet] = {}
        self._others: set[str] = set()

    def add_key(self, site: str, article_id: int) -> None:
        ids = self._ids.get(site)
        if ids is None:
            ids = self._ids[site] = IdSet()
        ids.add(article_id)

    def has_key(self, site: str, article_id: int) -> bool:
        ids = self._ids.get(site)
        return ids is not None and article_id in ids

    def add(self, url: str) -> None:
        key = article_key(url)
        if key is None:
            self._others.add(url)
        else:
            self.add_key(key.site, key.article_id)

    def __contains__(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        key = article_key(url)
        return url in self._others if key is None else self.has_key(key.site, key.article_id)

    def __len__(self) -> int:
        return len(self._others) + sum(len(ids) for ids in self._ids.values())
