"""Layout ``era_2023``: hanoimoi.vn on the OneCMS platform, since about July 2023.

No real page of this era is at hand; this is the markup ``hnm-site.md`` describes (trimmed)::

    <link rel="canonical" href="https://hanoimoi.vn/ha-noi-phan-luong-...-1266648.html">
    <meta property="article:published_time" content="2026-02-20T16:39:00+07:00">
    <ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Trang chủ</a></li>
      <li class="breadcrumb-item"><a href="/do-thi">Đô thị</a></li>
      <li class="breadcrumb-item"><a href="/do-thi/giao-thong">Giao thông</a></li></ol>
    <div class="c-news-detail"><article class="entry">
      <h1 class="sc-longform-header-title">Hà Nội phân luồng giao thông ...</h1>
      <div class="sc-longform-header-text"><p class="sc-longform-header-sapo">...</p></div>
      <span class="sc-longform-header-author">Minh Phương</span>
      <span class="sc-longform-header-date">20/02/2026 16:39</span>
      <figure><img data-src="https://hnm.1cdn.vn/2026/02/20/a.jpg"><figcaption>... Ảnh: PV
        </figcaption></figure>
      <p class="align-justify">...</p>  <div class="c-box">(ad)</div>
      <div class="c-news-related">(links, /thumbs/ images)</div></article>
    <div class="c-widget-tags onecms__tags"><a href="/tag/...">...</a></div></div>

The older revision of the CMS prints ``h1.c-detail-head__title``, ``span.c-detail-head__time``
(``17:22 17/08/2025``) and the sapo in ``h2.desc``. Section pages list
``ul.onecms__loading > li[pid]``; "more" is JSON from
``/api/getMoreArticle/channel_empty_{lastPid}_{channelId}_0``.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector, SelectorList

from hnmcrawler.layouts.base import ArticleLayout, ListingEntry, ListingLayout, is_html
from hnmcrawler.layouts.html import node_text, paragraphs, texts
from hnmcrawler.sites import CURRENT
from hnmcrawler.text import clean_text, split_authors
from hnmcrawler.urls import ArticleKey, article_key, canonical_url

# "More" JSON: lastPid = the id of the last item so far; the channel id comes from the page.
MORE_PATH = "/api/getMoreArticle/channel_empty_{pid}_{channel}_{tail}"
_MORE_URL = re.compile(r"/api/getMoreArticle/channel_empty_(\d+)_(\d+)_(\w+)", re.IGNORECASE)
_CHANNEL = re.compile(r"(\d+)/?\s*$")  # data-action="api/getarticletopread/463"
# Not articles, however they are linked (hnm-site.md: skip these).
_NOT_LISTED = re.compile(
    r"^/(?:multimedia|video|emagazine|infographic|photo|an-pham)(?:/|$)|-event\d+\.html$",
    re.IGNORECASE,
)
_HOME = "trang chủ"


def is_listed_article(url: str) -> bool:
    """An article URL of the site that is not a multimedia, e-magazine or event page."""
    return article_key(url) is not None and not _NOT_LISTED.search(urlsplit(url).path)


def meta_content(page: Selector, name: str) -> str | None:
    value = page.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content').get()
    return value.strip() if value and value.strip() else None


def news_article_ld(page: Selector) -> dict[str, Any]:
    """The first JSON-LD object typed ``NewsArticle`` (or ``Article``); broken blocks skipped."""
    for block in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            continue
        objects = data if isinstance(data, list) else [data]
        objects += [o for d in objects if isinstance(d, dict) for o in d.get("@graph") or []]
        for obj in objects:
            kinds = obj.get("@type") if isinstance(obj, dict) else None
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if isinstance(obj, dict) and {"NewsArticle", "Article"} & set(map(str, kinds)):
                return obj
    return {}


def pruned(node: Selector, drop: tuple[str, ...]) -> Selector:
    """A copy of ``node`` without the descendants matching ``drop`` (the page stays whole)."""
    copied = Selector(root=copy.deepcopy(node.root))
    for css in drop:
        for unwanted in copied.css(css):
            if unwanted.root is not copied.root:
                unwanted.root.drop_tree()
    return copied


class Era2023Article(ArticleLayout):
    name = "era_2023"
    detect = '[class*="sc-longform-header-"]'

    HEADER = ".sc-longform-header"  # the block holding the fields below (when there is one)
    TITLE = "h1.sc-longform-header-title"
    SAPO: tuple[str, ...] = ("p.sc-longform-header-sapo", "div.sc-longform-header-text > p")
    AUTHOR = "span.sc-longform-header-author"
    DATE = "span.sc-longform-header-date"  # 20/02/2026 16:39
    HEAD_MEDIA = ".sc-longform-header-media img"
    BREADCRUMB = "ol li.breadcrumb-item a"  # items after "Trang chủ": section, subsection
    CATEGORY = "a.block-sc-cate-name"  # the most specific section: a fallback
    # the first that holds text (the header may stand alone in article.entry)
    BODY: tuple[str, ...] = (
        "div.c-news-detail article.entry",
        "article.entry",
        "div.c-news-detail",
    )
    IMAGE_SCOPE: tuple[str, ...] = ("div.c-news-detail", "article.entry")
    NOT_CONTENT = (
        ".c-box",  # ads
        ".c-news-related",
        '[class*="related"]',  # other related-link boxes (c-related-inline, box-related...)
        '[class*="share"]',
        '[class*="sticky"]',
        "div.c-widget-tags",
        ".breadcrumb",
        "a.block-sc-cate-name",
    )
    NOT_TEXT = ("figure", "figcaption")
    IMAGE_SOURCES = ("data-src", "data-original", "src")  # lazy images keep the URL in data-src
    TAGS = "div.c-widget-tags.onecms__tags a"
    CANONICAL = 'link[rel="canonical"]::attr(href)'

    def __init__(self, response: Any) -> None:
        super().__init__(response)
        self.ld = news_article_ld(self.page)

    def _first(self, selectors: tuple[str, ...]) -> Selector | None:
        for css in selectors:
            found = self.page.css(css)
            if found:
                return found[0]
        return None

    def _ld(self, key: str) -> str | None:
        value = self.ld.get(key)
        if not isinstance(value, str) or not value.strip():
            return None
        return value.strip()

    def _ld_image(self) -> str | None:
        image = self.ld.get("image")
        image = image[0] if isinstance(image, list) and image else image
        url = image.get("url") if isinstance(image, dict) else image
        return url if isinstance(url, str) and url.strip() else None

    def url(self) -> str:
        canonical = self.absolute(self.page.css(self.CANONICAL).get())
        return canonical_url(canonical if article_key(canonical) else self.response.url)

    @property
    def key(self) -> ArticleKey:
        key = article_key(self.url())
        if key is None:
            raise ValueError(f"not an article URL: {self.response.url}")
        return key

    def _crumbs(self) -> list[str]:
        names: list[str] = []
        for link in self.page.css(self.BREADCRUMB):
            name, href = node_text(link), self.absolute(link.attrib.get("href"))
            if name.casefold() == _HOME or (href and urlsplit(href).path in ("", "/")):
                names.clear()  # what stands before "Trang chủ" is not a section
            elif name and not article_key(href) and name not in names:
                names.append(name)
        return names or self._category()

    def _category(self) -> list[str]:
        """``a.block-sc-cate-name`` alone; its link names the parent of a subsection."""
        link = self.page.css(self.CATEGORY)[:1]
        name = node_text(link)
        path = urlsplit(self.absolute(link.attrib.get("href"))).path.strip("/")
        parent = CURRENT.sections.get(path.split("/")[0]) if "/" in path else None
        if not name:
            return []
        return [parent.name, name] if parent and parent.name != name else [name]

    def section(self) -> str:
        return next(iter(self._crumbs()), "")

    def subsection(self) -> str | None:
        crumbs = self._crumbs()
        return crumbs[1] if len(crumbs) > 1 else None

    def title(self) -> str:
        return (
            node_text(self.page.css(self.TITLE))
            or self._ld("headline")
            or (meta_content(self.page, "og:title") or "")
        )

    def sapo(self) -> str:
        found = next(filter(None, (node_text(self.page.css(css)) for css in self.SAPO)), "")
        return found or self._ld("description") or meta_content(self.page, "og:description") or ""

    def body(self) -> str:
        header = (self.HEADER, self.TITLE, *self.SAPO, self.AUTHOR, self.DATE)
        drop = (*self.NOT_CONTENT, *self.NOT_TEXT, *header)
        for css in self.BODY:
            for node in self.page.css(css)[:1]:
                if found := paragraphs(node, drop=drop):
                    return "\n\n".join(found)
        return ""

    def authors(self) -> list[str]:
        names = (n for span in self.page.css(self.AUTHOR) for n in split_authors(node_text(span)))
        return list(dict.fromkeys(names))

    def tags(self) -> list[str]:
        return texts(self.page.css(self.TAGS))

    def _image_url(self, img: Selector) -> str:
        for attr in self.IMAGE_SOURCES:
            value = (img.attrib.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                return self.absolute(value)
        return ""

    def _image_nodes(self) -> list[Selector]:
        scope = self._first(self.IMAGE_SCOPE)
        inside = pruned(scope, (*self.NOT_CONTENT, self.HEADER)).css("img") if scope else []
        return [*self.page.css(self.HEAD_MEDIA), *inside]

    def images(self) -> list[dict[str, str]]:
        found: dict[str, str] = {}
        for img in self._image_nodes():
            url = self._image_url(img)
            if url and "/thumbs/" not in url and url not in found:  # thumbs: related articles
                found[url] = node_text(img.xpath("ancestor::figure[1]//figcaption"))
        lead = meta_content(self.page, "og:image") or self._ld_image()
        if not found and lead:  # no image on the page: the metadata's lead image
            found[self.absolute(lead)] = ""
        return [{"url": url, "caption": caption} for url, caption in found.items()]

    def published_text(self) -> str:
        return node_text(self.page.css(self.DATE)[:1])

    def published_at(self) -> str | None:
        return meta_content(self.page, "article:published_time") or self._ld("datePublished")

    def updated_at(self) -> str | None:
        return meta_content(self.page, "article:modified_time") or self._ld("dateModified")


class Era2023DetailHeadArticle(Era2023Article):
    """The older markup revision of the same CMS: ``c-detail-head`` header, ``h2.desc`` sapo."""

    detect = '[class*="c-detail-head__"]'

    HEADER = ".c-detail-head"
    TITLE = "h1.c-detail-head__title"
    SAPO = ("h2.desc",)  # also og:description, the fallback of every sapo
    AUTHOR = "span.c-detail-head__author"
    DATE = "span.c-detail-head__time"  # 17:22 17/08/2025
    BODY = ("div.c-news-detail", "article.entry")


class Era2023Listing(ListingLayout):
    name = "era_2023"
    detect = "ul.onecms__loading"

    ITEMS = "ul.onecms__loading > li[pid]"
    LINKS = ("h3.b-grid__title a", "div.b-grid__desc a", "div.b-grid__img a")
    TITLE = "h3.b-grid__title"
    TIME = "span.b-grid__time"
    CHANNEL = "div[data-view][data-action]::attr(data-action)"  # api/getarticletopread/463

    def _items(self) -> SelectorList[Selector]:
        return self.page.css(self.ITEMS)

    def entries(self) -> list[ListingEntry]:
        entries: dict[str, ListingEntry] = {}
        for item in self._items():
            hrefs = [h for css in self.LINKS for h in item.css(css).xpath("@href").getall()]
            for url in filter(is_listed_article, self.article_links(hrefs)[:1]):
                title = node_text(item.css(self.TITLE))
                when = node_text(item.css(self.TIME)) or None
                entries.setdefault(url, ListingEntry(url=url, title=title, published_text=when))
        return list(entries.values())

    def _channel(self) -> str | None:
        for action in self.page.css(self.CHANNEL).getall():
            if match := _CHANNEL.search(action):
                return match.group(1)
        return None

    def next_url(self) -> str | None:
        pids = self._items().xpath("@pid").getall()
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
