"""Near-duplicate articles: MinHash signatures of bodies in an LSH index, checked by title and date.

``storage.duplicates.link_duplicates`` (``hnmcrawler store link-duplicates``) feeds the store's
articles to a ``NearDuplicateFinder`` in ``original_rank`` order and writes the links it returns;
``benchmarks/neardup.py`` measures it. Pure: no Scrapy, no database.

A legacy article re-hosted on hanoimoi.vn under a new id (hnm-site.md, "Re-hosted legacy
articles"), or re-published with small edits, is linked to its original when

- the MinHash estimate of the Jaccard similarity of their bodies' word 3-grams (NFC, case-folded,
  punctuation out) reaches ``threshold`` (``HNM_NEARDUP_THRESHOLD``, 0.8),
- their titles share at least ``TITLE_MIN_SIMILARITY`` of their words (a copy may edit its title),
- and they were published at most ``max_days`` apart (``HNM_NEARDUP_MAX_DAYS``, 3): a re-hosted copy
  keeps its date or is dated a little later, never years apart; an undated article is never linked.

The original is the earliest published, then the legacy host's, then the smaller key. A copy links
to the root of its original (the original's own ``duplicate_of`` when it has one), never to another
copy, as the exact-hash rule does; a link already stored is never replaced.

>>> sorted(shingles("Hà Nội: khởi công cầu mới!"))
['công cầu mới', 'hà nội khởi', 'khởi công cầu', 'nội khởi công']
"""

from __future__ import annotations

import unicodedata
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from datasketch import LeanMinHash, MinHash, MinHashLSH

from hnmcrawler.sites import LEGACY_HOST
from hnmcrawler.storage.rows import key_text

Key = tuple[str, int]
Rank = tuple[datetime, int, str, int]

SHINGLE_WORDS = 3
"""Words per shingle: 3-grams keep an edited copy above 0.8 where 5-grams drop below it
(benchmarks/neardup.py)."""
NUM_PERM = 128
SEED = 18
TITLE_MIN_SIMILARITY = 0.5
DEFAULT_THRESHOLD = 0.8
DEFAULT_MAX_DAYS = 3
LSH_MARGIN = 0.1
"""The LSH index answers from ``threshold - LSH_MARGIN``: fewer copies missed near the threshold."""

SCHEME = "affine32"
"""datasketch 2's default, named: stored or compared signatures must share it."""

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
"""Drawn once: every signature uses the same hash functions (and building them is slow)."""


def words(text: str) -> list[str]:
    """NFC, case-folded words; punctuation and symbols are spaces."""
    folded = unicodedata.normalize("NFC", text).casefold()
    kept = (c if unicodedata.category(c)[0] in "LNM" else " " for c in folded)
    return "".join(kept).split()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The word ``size``-grams of ``text``; a shorter text is one shingle, an empty one none."""
    found = words(text)
    if len(found) <= size:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i : i + size]) for i in range(len(found) - size + 1)}


def signature(text: str, size: int = SHINGLE_WORDS) -> LeanMinHash | None:
    """The MinHash of ``text``'s shingles (fixed ``NUM_PERM`` and ``SEED``); None when empty."""
    found = shingles(text, size)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch([shingle.encode("utf-8") for shingle in found])
    return LeanMinHash(minhash)


def title_similarity(first: str, second: str) -> float:
    """Jaccard similarity of the titles' normalised word sets (1.0 for two empty titles)."""
    return _jaccard(set(words(first)), set(words(second)))


def original_rank(key: Key, published_at: datetime) -> Rank:
    """What makes an article the original: earliest published, then legacy host, then key."""
    return (published_at, 0 if key[0] == LEGACY_HOST else 1, key[0], key[1])


@dataclass(frozen=True)
class Story:
    """One stored article as the finder sees it; ``duplicate_of`` is its stored link, if any."""

    key: Key
    title: str
    published_at: datetime
    body: str
    duplicate_of: str | None = None


@dataclass(frozen=True)
class _Seen:
    rank: Rank
    title_words: frozenset[str]
    minhash: LeanMinHash
    root: str


class NearDuplicateFinder:
    """Links each story fed to it to an earlier near-duplicate; keeps only ``max_days`` of
    signatures (not bodies), so memory follows the busiest days, not the archive."""

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        max_days: int = DEFAULT_MAX_DAYS,
        shingle_words: int = SHINGLE_WORDS,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold {threshold} is not in (0, 1]")
        if max_days < 0:
            raise ValueError(f"near-duplicate max_days {max_days} is negative")
        self.threshold = threshold
        self.shingle_words = shingle_words
        self.window = timedelta(days=max_days)
        # candidates from a lower LSH threshold, kept by the signatures' own estimate
        self._lsh = MinHashLSH(threshold=max(0.1, threshold - LSH_MARGIN), num_perm=NUM_PERM)
        self._seen: dict[str, _Seen] = {}
        self._order: deque[tuple[datetime, str]] = deque()
        self._links: dict[str, str] = {}
        self._last: Rank | None = None
        self.empty = 0  # stories without a body: never linked, never an original

    def add(self, story: Story) -> str | None:
        """The root ``story`` is a near-duplicate of (also kept for ``links``), or None.

        Stories must come in ``original_rank`` order (``ValueError`` otherwise); a story that
        already has a ``duplicate_of`` keeps it and passes it on to its own copies.
        """
        rank = original_rank(story.key, story.published_at)
        if self._last is not None and rank < self._last:
            raise ValueError(f"story {key_text(story.key)} is out of original_rank order")
        self._last = rank
        minhash = signature(story.body, self.shingle_words)
        if minhash is None:
            self.empty += 1
            return None
        self._forget_before(story.published_at - self.window)
        own = key_text(story.key)
        found = None if story.duplicate_of else self._original_of(own, story, minhash)
        if found is not None:
            self._links[own] = found
        root = story.duplicate_of or found or own
        self._seen[own] = _Seen(rank, frozenset(words(story.title)), minhash, root)
        self._lsh.insert(own, minhash, check_duplication=False)
        self._order.append((story.published_at, own))
        return found

    def links(self) -> dict[str, str]:
        """Every link found, ``"site:id"`` -> its root's; a root linked later is followed."""
        resolved: dict[str, str] = {}
        for copy, root in self._links.items():
            seen = {copy}
            while root in self._links and root not in seen:
                seen.add(root)
                root = self._links[root]
            resolved[copy] = root
        return resolved

    def _original_of(self, own: str, story: Story, minhash: LeanMinHash) -> str | None:
        title_words = set(words(story.title))
        matches = [
            seen
            for seen in (self._seen[candidate] for candidate in self._lsh.query(minhash))
            if seen.root != own
            and _jaccard(title_words, seen.title_words) >= TITLE_MIN_SIMILARITY
            and minhash.jaccard(seen.minhash) >= self.threshold
        ]
        return min(matches, key=lambda seen: seen.rank).root if matches else None

    def _forget_before(self, oldest: datetime) -> None:
        while self._order and self._order[0][0] < oldest:
            _published, old = self._order.popleft()
            self._lsh.remove(old)
            del self._seen[old]


def _jaccard(first: set[str] | frozenset[str], second: set[str] | frozenset[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 1.0
