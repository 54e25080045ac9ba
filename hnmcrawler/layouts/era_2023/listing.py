"""Section listings of ``era_2023``: the section page and its "more" JSON answers.

The markup ``hnm-site.md`` describes (trimmed; ``data-action`` carries the channel id)::

    <div data-view="..." data-action="api/getarticletopread/463"></div>
    <ul class="onecms__loading">
      <li pid="1266648"><div class="b-grid">
        <div class="b-grid__img"><a href="https://hanoimoi.vn/...-1266648.html">
          <img src=".../grey.gif" data-src="https://hnm.1cdn.vn/thumbs/540x360/..."></a></div>
        <span class="b-grid__time">20/02/2026 16:39</span>
        <h3 class="b-grid__title"><a href="https://hanoimoi.vn/...-1266648.html">...</a></h3>
        <div class="b-grid__desc"><a href="...">(sapo)</a></div></div></li> ...

"More" asks ``/api/getMoreArticle/channel_empty_{lastPid}_{channelId}_0`` and gets
``[{"PublisherId": 1217300, "LinktoMe2": "https://...", "Title": "...",
"TimeX2": "2025-09-14 22:59:00", ...}]``; an empty list ends the section.

Public crawlers of the site read the items as ``ul.onecms__loading li`` or ``li.article__loading``
and click ``div.onecms__loadmore a``; none reads ``pid`` (hnm-site.md, "More evidence"). So an
item is read from its links, its id is ``pid`` or else its link's, and a load-more link with a
real address (not ``javascript:void(0)``) is the next page, before the "more" JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from hnmcrawler.layouts.base import ListingEntry, ListingLayout, is_html
from hnmcrawler.layouts.html import text_of
from hnmcrawler.text import clean_text
from hnmcrawler.urls import article_key

# "More" JSON: lastPid = the id of the last item so far; the channel id comes from the page.
MORE_PATH = "/api/getMoreArticle/channel_empty_{pid}_{channel}_{tail}"
_MORE_URL = re.compile(r"/api/getMoreArticle/channel_empty_(\d+)_(\d+)_(\w+)", re.IGNORECASE)
_CHANNEL = re.compile(r"(\d+)/?\s*$")  # data-action="api/getarticletopread/463"
# Not articles, however they are linked (hnm-site.md: skip these).
_NOT_LISTED = re.compile(
    r"^/(?:multimedia|video|emagazine|infographic|photo|an-pham)(?:/|$)|-event\d+\.html$",
    re.IGNORECASE,
)


def is_listed_article(url: str) -> bool:
    """An article URL of the site that is not a multimedia, e-magazine or event page."""
    return article_key(url) is not None and not _NOT_LISTED.search(urlsplit(url).path)


class Era2023Listing(ListingLayout):
    name = "era_2023"
    detect = "ul.onecms__loading, li.article__loading"
    markers = (b"onecms__loading", b"article__loading")

    ITEMS = "ul.onecms__loading > li, li.article__loading"  # with or without pid
    LINKS = (  # the first article link of these is the item's
        "h3.b-grid__title a::attr(href)",
        "div.b-grid__desc a::attr(href)",
        "div.b-grid__img a::attr(href)",
    )
    TITLE = "h3.b-grid__title"
    TIME = "span.b-grid__time"
    CHANNEL = "div[data-view][data-action]::attr(data-action)"  # api/getarticletopread/463
    LOAD_MORE = "div.onecms__loadmore a::attr(href)"  # "Xem thêm"
    NOT_A_PAGE = ("javascript:", "#")  # a load-more link that only runs a script

    def _items(self) -> list[HtmlElement]:
        return self.select(self.ITEMS)

    def entries(self) -> list[ListingEntry]:
        entries: dict[str, ListingEntry] = {}
        for item in self._items():
            hrefs = [href for css in self.LINKS for href in self.select(css, item)]
            for url in filter(is_listed_article, self.article_links(hrefs)[:1]):
                title = text_of(self.first(self.TITLE, item))
                when = text_of(self.first(self.TIME, item)) or None
                entries.setdefault(url, ListingEntry(url=url, title=title, published_text=when))
        return list(entries.values())

    def _channel(self) -> str | None:
        for action in self.select(self.CHANNEL):
            if match := _CHANNEL.search(action):
                return match.group(1)
        return None

    def next_url(self) -> str | None:
        """The load-more link when it has an address, else the "more" JSON after the last
        item; None when the page gives neither the last id nor the channel."""
        if link := self._load_more():
            return link
        last, channel = self._last_id(), self._channel()
        if last is None or channel is None:
            return None
        return self.absolute(MORE_PATH.format(pid=last, channel=channel, tail="0"))

    def _load_more(self) -> str | None:
        for href in self.select(self.LOAD_MORE):
            if href.strip() and not href.strip().lower().startswith(self.NOT_A_PAGE):
                return self.absolute(href)
        return None

    def _last_id(self) -> int | None:
        """The id of the last item that has one: its ``pid``, else its first link's."""
        for item in reversed(self._items()):
            pid = (item.get("pid") or "").strip()
            if pid.isdigit():
                return int(pid)
            hrefs = (href for css in self.LINKS for href in self.select(css, item))
            keys = (article_key(self.absolute(href)) for href in hrefs)
            if key := next(filter(None, keys), None):
                return key.article_id
        return None


class Era2023MoreListing(ListingLayout):
    """The "more" answer: ``[{"PublisherId", "LinktoMe2", "Title", "TimeX2", ...}]``."""

    name = "era_2023"

    @classmethod
    def matches(cls, response: Any) -> bool:
        if is_html(response):
            return False
        try:
            data = json.loads(response.text)
        except ValueError:
            return False
        return isinstance(data, list) and all(
            isinstance(obj, dict) and "PublisherId" in obj for obj in data
        )

    def _objects(self) -> list[dict[str, Any]]:
        data = self.response.json()
        return data if isinstance(data, list) else []

    def entries(self) -> list[ListingEntry]:
        entries: dict[str, ListingEntry] = {}
        for obj in self._objects():
            link = obj.get("LinktoMe2")
            urls = self.article_links([link]) if isinstance(link, str) else []
            for url in filter(is_listed_article, urls):
                title = clean_text(str(obj.get("Title") or ""))
                when = obj.get("TimeX2")
                entries.setdefault(
                    url, ListingEntry(url, title, str(when) if when not in (None, "") else None)
                )
        return list(entries.values())

    def next_url(self) -> str | None:
        objects = self._objects()
        asked = _MORE_URL.search(self.response.url)
        last = str(objects[-1].get("PublisherId", "")).strip() if objects else ""
        if asked is None or not last.isdigit() or last == asked.group(1):
            return None  # an empty answer (or one that does not move on) ends the chain
        channel, tail = asked.group(2), asked.group(3)
        return self.absolute(MORE_PATH.format(pid=last, channel=channel, tail=tail))
