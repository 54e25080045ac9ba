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
    detect = "ul.onecms__loading"
    markers = (b"onecms__loading",)

    ITEMS = "ul.onecms__loading > li[pid]"
    LINKS = (  # the first article link of these is the item's
        "h3.b-grid__title a::attr(href)",
        "div.b-grid__desc a::attr(href)",
        "div.b-grid__img a::attr(href)",
    )
    TITLE = "h3.b-grid__title"
    TIME = "span.b-grid__time"
    CHANNEL = "div[data-view][data-action]::attr(data-action)"  # api/getarticletopread/463

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
        pids = [item.get("pid") for item in self._items()]
        channel = self._channel()
        if not pids or not pids[-1].strip().isdigit() or channel is None:
            return None
        return self.absolute(MORE_PATH.format(pid=pids[-1].strip(), channel=channel, tail="0"))


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
