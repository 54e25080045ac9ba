"""An archive's captures of a section's listing pages: which prefix to ask, which captures to
read, and whether a listed article is one this run asked for. Pure.

Called by ``spiders.listings`` (the ``wayback`` and ``commoncrawl`` spiders' listing pass).
A legacy section's listing pages are ``/Danh-muc-tin/{categoryId}/{Slug}`` and its later pages
(``?page=2``, the form is the site's: any query is another page); the index prefix
``{host}/Danh-muc-tin/{categoryId}/`` finds them all, in any case. The newest capture of each
distinct listing page is read, the first pages first. hanoimoi.vn's section pages are not
asked (they list the newest articles only, and their prefix is every article's too).

    >>> line = CdxLine("http://www.hanoimoi.com.vn/danh-muc-tin/175/Phap-luat?page=2", "2023")
    >>> listing_prefix(line.url), listing_prefix("http://hanoimoi.com.vn/Tin-tuc/Phap-luat/")
    ('hanoimoi.com.vn/Danh-muc-tin/175/', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from hnmcrawler.archives.captures import Capture, newest_first
from hnmcrawler.archives.cdx import CdxLine
from hnmcrawler.sites import CURRENT_HOST, Site, site_for_host
from hnmcrawler.urls import canonical_url

_LISTING_PATH = re.compile(r"^/danh-muc-tin/(\d+)(?:/|$)", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)")


def listing_prefixes(site: Site, sections: Mapping[str, str | None]) -> list[str]:
    """The index prefix of each section's listing pages (none on hanoimoi.vn).

    >>> from hnmcrawler.sites import CURRENT, LEGACY
    >>> listing_prefixes(LEGACY, {LEGACY.sections["kinh-te"].listing_url: "Kinh tế"})
    ['hanoimoi.com.vn/Danh-muc-tin/190/']
    >>> listing_prefixes(CURRENT, {CURRENT.sections["kinh-te"].listing_url: "Kinh tế"})
    []
    """
    if site.host == CURRENT_HOST:
        return []
    prefixes = (listing_prefix(url) for url in sections)
    return list(dict.fromkeys(prefix for prefix in prefixes if prefix is not None))


def listing_prefix(url: str) -> str | None:
    """The index prefix of the section a legacy listing page belongs to, or None."""
    parts = urlsplit(url)
    site = site_for_host(parts.hostname or "")
    found = _LISTING_PATH.match(parts.path)
    if site is None or site.host == CURRENT_HOST or found is None:
        return None
    return f"{site.host}/Danh-muc-tin/{found[1]}/"


def split_listings(lines: Iterable[CdxLine]) -> tuple[list[tuple[str, Capture]], list[CdxLine]]:
    """The 200 HTML captures of listing pages (with their section's prefix), and the rest."""
    listings: list[tuple[str, Capture]] = []
    others: list[CdxLine] = []
    for line in lines:
        prefix = listing_prefix(line.url) if line.is_html_200 else None
        if prefix is None:
            others.append(line)
        else:
            listings.append((prefix, Capture.of(line)))
    return listings, others


def page_key(url: str) -> str:
    """One key for every captured form of a listing page (``www.``, case)."""
    return canonical_url(url).casefold()


def keep_newest(pages: dict[str, Capture], capture: Capture) -> None:
    """Keep in ``pages`` (page key -> capture) the newest capture of each listing page."""
    key = page_key(capture.url)
    if key not in pages or newest_first(capture) < newest_first(pages[key]):
        pages[key] = capture


def first_pages(pages: Mapping[str, Capture], cap: int) -> list[Capture]:
    """The captures of at most ``cap`` listing pages (0: all), the first pages first: keys in
    natural order (``...Phap-luat``, ``...?page=2``, ``...?page=10``).

    >>> from datetime import UTC, datetime
    >>> when = datetime(2023, 6, 1, tzinfo=UTC)
    >>> urls = ("a?page=10", "a", "a?page=2")
    >>> pages = {url: Capture(url, "20230601000000", when) for url in urls}
    >>> [capture.url for capture in first_pages(pages, 2)]
    ['a', 'a?page=2']
    """
    ordered = sorted(pages, key=_natural)
    return [pages[key] for key in (ordered[:cap] if cap > 0 else ordered)]


def _natural(key: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (-1, part) for part in _NUMBER.split(key)]


def under(url: str, prefixes: Iterable[str]) -> bool:
    """Whether an article URL falls under one of the index prefixes asked (any case, ``www.``
    or not): an article listed elsewhere (a subsection's own path) was not looked for.

    >>> asked = ["hanoimoi.com.vn/Tin-tuc/Phap-luat/"]
    >>> under("http://www.hanoimoi.com.vn/tin-tuc/phap-luat/1/a", asked)
    True
    """
    parts = urlsplit(url)
    site = site_for_host(parts.hostname or "")
    if site is None:
        return False
    where = f"{site.host}{parts.path}".casefold()
    return any(where.startswith(prefix.casefold()) for prefix in prefixes)
