"""URL canonicalisation and article keys: the one place that knows URL shapes.

The same article reached by two links is one article: scheme and ``www.``, the case of
``Tin-tuc`` and of legacy section segments, trailing slashes, query strings and fragments
all fold into one canonical URL, and ``site`` + ``article_id`` is the key. (A mirror's
loopback addresses never reach here: ``handlers.py`` answers under the real URL.)

    http://www.hanoimoi.com.vn/tin-tuc/phap-dinh/951457/abc/?x=1#top
    -> http://hanoimoi.com.vn/Tin-tuc/Phap-dinh/951457/abc
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from hnmcrawler.sites import CURRENT_HOST, SITE_HOSTS, site_for_host

MAX_ARTICLE_ID = 2**63 - 1  # what every store's BIGINT holds; the site's ids are 7 digits
# /Tin-tuc/{Section}/{id}/{slug} and /Media/{Section}/{id}/{slug} (hnm-site.md, seen)
_LEGACY_ARTICLE = re.compile(r"^/(tin-tuc|media)/([^/]+)/(\d{1,19})(?:/([^/]*))?/?$", re.IGNORECASE)
# https://hanoimoi.vn/{ascii-slug}-{id}.html (hnm-site.md, seen); "-event{N}.html" is not one.
_CURRENT_ARTICLE = re.compile(r"^/([a-z0-9][a-z0-9-]*)-(\d{1,19})\.html$", re.IGNORECASE)


class ArticleKey(NamedTuple):
    site: str
    article_id: int


def is_site_url(url: str) -> bool:
    """True for an http(s) URL on one of the sites' hosts."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname in SITE_HOSTS


def _legacy_path(path: str) -> str | None:
    match = _LEGACY_ARTICLE.match(path)
    if not match:
        return None
    kind, section, article_id, slug = match.groups()
    # "Tin-tuc"/"Media" as the site writes them; a section written in one case is
    # capitalised ("phap-dinh", "PHAP-DINH" -> "Phap-dinh"), mixed case kept ("Ha-Noi").
    mixed = not (section.islower() or section.isupper())
    segments = [kind.capitalize(), section if mixed else section.capitalize(), article_id]
    if slug:
        segments.append(slug)
    return "/" + "/".join(segments)


def _article_path(host: str, path: str) -> str | None:
    if host == CURRENT_HOST:
        match = _CURRENT_ARTICLE.match(path)
        return f"/{match.group(1).lower()}-{match.group(2)}.html" if match else None
    return _legacy_path(path)


@lru_cache(maxsize=8192)  # pure, and asked about each article URL several times a page
def canonical_url(url: str) -> str:
    """The canonical form of a site URL; article URLs lose query and fragment. A URL that
    cannot be parsed (``http://[bad``) is returned as it is."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    site = site_for_host(parts.hostname or "")
    if site is None:
        return url.strip()
    scheme, host = urlsplit(site.base_url)[:2]
    article_path = _article_path(site.host, parts.path)
    if article_path is not None:
        return urlunsplit((scheme, host, article_path, "", ""))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, parts.query, ""))


@lru_cache(maxsize=8192)
def article_key(url: str) -> ArticleKey | None:
    """``site`` + numeric ``article_id`` read from an article URL, or None for other URLs
    (and for URLs that cannot be parsed, or whose id is 0 or beyond ``MAX_ARTICLE_ID``).

    Cached because it pays: a crawl asks it about each article URL about 13 times (listing
    links, key sets, the scheduler, the layouts, the store's plan; 92% hits on the mirror), and
    a hit costs 0.07 µs against 2 µs to parse, about 1% of a crawl's CPU an article."""
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname or ""
    except ValueError:  # "http://[bad": not a URL
        return None
    site = site_for_host(hostname)
    if site is None or parts.scheme not in ("http", "https"):
        return None
    if site.host == CURRENT_HOST:
        match, group = _CURRENT_ARTICLE.match(parts.path), 2
    else:
        match, group = _LEGACY_ARTICLE.match(parts.path), 3
    article_id = int(match.group(group)) if match else 0
    return ArticleKey(site.host, article_id) if 0 < article_id <= MAX_ARTICLE_ID else None


def is_article_url(url: str) -> bool:
    return article_key(url) is not None
