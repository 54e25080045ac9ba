"""What an era_2023 (hanoimoi.vn, OneCMS) article is decided into, and what its lists show.

``CurrentArticle`` is one article as the generator decided it: its body is a list of blocks
(paragraphs, subheadings, figures, ads, related boxes) so that the page and the expected
item (``expected_item``, ground truth written before any parsing) come from one source.
``ListedItem`` is one entry of a section list, feed or "more" answer. ``articles`` builds
them; ``article_page``, ``article_head``, ``listing_pages`` and ``feeds`` render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hnmcrawler.mirror.generate.render import esc
from hnmcrawler.sites import CURRENT

BASE = CURRENT.base_url
CDN = "https://hnm.1cdn.vn"
PLACEHOLDER = f"{BASE}/themes/hanoimoi/images/grey.gif"  # what lazy images show first
DEFAULT_THUMB = f"{BASE}/themes/hanoimoi/images/default-thumb.jpg"


@dataclass(frozen=True)
class Image:
    url: str  # absolute, as the item carries it
    caption: str  # as printed; "" when the figure has none
    protocol_relative: bool = False  # written //hnm.1cdn.vn/...
    lazy: bool = False  # the real URL in data-src, a placeholder in src

    @property
    def thumb(self) -> str:
        """The listing/related thumbnail: ``/thumbs/{W}x{H}/`` before the date path."""
        return self.url.replace(f"{CDN}/", f"{CDN}/thumbs/540x360/", 1)

    def img_html(self, alt: str) -> str:
        written = self.url.removeprefix("https:") if self.protocol_relative else self.url
        if self.lazy:
            return (
                f'<img class="lazyload" src="{PLACEHOLDER}" data-src="{esc(written)}" '
                f'alt="{esc(alt)}">'
            )
        return f'<img src="{esc(written)}" alt="{esc(alt)}">'


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str  # "/do-thi/giao-thong"


@dataclass(frozen=True)
class Block:
    """One piece of an article body: ``p``, ``h`` (subheading), ``figure``, ``ad``,
    ``related`` (a ``.c-news-related`` box) or ``thumb`` (a bare related thumbnail link)."""

    kind: str
    text: str = ""
    image: Image | None = None


@dataclass(frozen=True)
class CurrentArticle:
    listing: str  # the mirror section slug listing it, e.g. "do-thi/giao-thong"
    channel: int
    crumbs: tuple[Crumb, ...]  # after "Trang chủ": section [, subsection]
    article_id: int
    slug: str
    title: str
    sapo: str
    blocks: tuple[Block, ...]
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    published: datetime
    updated: datetime | None = None
    variant: str = "longform"  # or "detail-head" (the older markup)
    joined_authors: bool = False  # two names in one span: "A - B"
    meta_dates: str = "meta"  # "meta" (+07:00), "zulu" (UTC), "ld-only" (JSON-LD only)
    meta_shift: timedelta = timedelta(0)  # metadata date minus the visible one
    nfd: bool = False  # text written decomposed (NFD)
    nbsp: bool = False  # some spaces written as &nbsp;
    related: tuple[tuple[str, str, Image | None], ...] = field(default=())  # url, title, image

    @property
    def url(self) -> str:
        return f"{BASE}/{self.slug}-{self.article_id}.html"

    @property
    def images(self) -> list[Image]:
        return [b.image for b in self.blocks if b.kind == "figure" and b.image]

    @property
    def thumb(self) -> str:
        return self.images[0].thumb if self.images else DEFAULT_THUMB

    @property
    def date_text(self) -> str:
        """As the page prints it: ``20/02/2026 16:39`` or, older markup, ``17:22 17/08/2025``."""
        if self.variant == "detail-head":
            return f"{self.published:%H:%M %d/%m/%Y}"
        return f"{self.published:%d/%m/%Y %H:%M}"

    def expected_item(self) -> dict[str, object]:
        return {
            "url": self.url,
            "site": CURRENT.host,
            "article_id": self.article_id,
            "layout": "era_2023",
            "section": self.crumbs[0].name,
            "subsection": self.crumbs[1].name if len(self.crumbs) > 1 else None,
            "title": self.title,
            "sapo": self.sapo,
            "body": "\n\n".join(b.text for b in self.blocks if b.kind in ("p", "h")),
            "authors": list(self.authors),
            "tags": list(self.tags),
            "images": [{"url": i.url, "caption": i.caption} for i in self.images],
            "published_text": self.date_text,
            "published_at": self.published.isoformat(),
            "updated_at": self.updated.isoformat() if self.updated else None,
        }


@dataclass(frozen=True)
class ListedItem:
    """An item of a section list: an article, or a video/e-magazine/event the crawler skips."""

    pid: int
    url: str
    title: str
    sapo: str
    thumb: str
    published: datetime
    channel_name: str


def listed(article: CurrentArticle, channel_name: str) -> ListedItem:
    """The article as a list shows it."""
    return ListedItem(
        article.article_id,
        article.url,
        article.title,
        article.sapo,
        article.thumb,
        article.published,
        channel_name,
    )
