"""Captures of one article, grouped and ordered newest first, and their replay URLs. Pure.

Called by the ``wayback`` and ``commoncrawl`` spiders with the lines of their index pages.
Captures of one article under any URL form (``www.`` or not, any case, with or without the
slug) share its ``urls.article_key``; the newest is tried first. A replay URL uses the
``id_`` form (the page as captured, not rewritten) with the EXACT timestamp and URL of the
CDX line: a timestamp that is not a capture's silently replays the closest one.

    >>> line = CdxLine("http://www.hanoimoi.com.vn/tin-tuc/kinh-te/7/a", "20170501000000")
    >>> Capture.of(line).replay_url("https://web.archive.org/web/")
    'https://web.archive.org/web/20170501000000id_/http://www.hanoimoi.com.vn/tin-tuc/kinh-te/7/a'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from hnmcrawler.archives.cdx import CdxLine, RecordPlace
from hnmcrawler.sites import CURRENT_HOST, Site
from hnmcrawler.urls import ArticleKey, article_key


def section_prefixes(site: Site, sections: Mapping[str, str | None]) -> list[str]:
    """The index prefixes of each section's articles: its news (``/Tin-tuc/``) and its video
    and photo items (``/Media/``), in any case, ``www.`` or not (the index key folds both).
    hanoimoi.vn's article URLs have no section: the whole host, once."""
    if site.host == CURRENT_HOST:
        return [f"{CURRENT_HOST}/"]
    slugs = [urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in sections]
    kinds = ("Tin-tuc", "Media")
    return list(dict.fromkeys(f"{site.host}/{kind}/{slug}/" for slug in slugs for kind in kinds))


@dataclass(frozen=True)
class Capture:
    url: str  # the URL as captured
    timestamp: str  # the CDX line's 14 digits
    captured_at: datetime
    record: RecordPlace | None = field(default=None, compare=False)  # its WARC record, if known

    @classmethod
    def of(cls, line: CdxLine) -> Capture:
        return cls(line.url, line.timestamp, line.captured_at, line.record)

    def replay_url(self, replay_base: str) -> str:
        """``{replay_base}/{timestamp}id_/{url}``: the capture's bytes as archived."""
        return f"{replay_base.rstrip('/')}/{self.timestamp}id_/{self.url}"


@dataclass
class Grouped:
    """Captures by article, newest first, and the lines that were not kept."""

    articles: dict[ArticleKey, list[Capture]]
    not_articles: int = 0  # listings, images, other pages under the prefix
    not_html_200: int = 0  # what a server that ignores the filters still sent


def group_captures(lines: Iterable[CdxLine], host: str | None = None) -> Grouped:
    """Group 200 HTML captures of articles (of ``host``'s site, when given) by article key,
    newest first, each (timestamp, URL) once."""
    found: dict[ArticleKey, set[Capture]] = {}
    grouped = Grouped({})
    for line in lines:
        if not line.is_html_200:
            grouped.not_html_200 += 1
            continue
        key = article_key(line.url)
        if key is None or (host is not None and key.site != host):
            grouped.not_articles += 1
            continue
        found.setdefault(key, set()).add(Capture.of(line))
    for key, captures in found.items():
        grouped.articles[key] = sorted(captures, key=newest_first)
    return grouped


def newest_first(capture: Capture) -> tuple[float, str]:
    return (-capture.captured_at.timestamp(), capture.url)  # the URL breaks ties steadily


def merge(older: list[Capture], newer: list[Capture]) -> list[Capture]:
    """Two lists of one article's captures (two CDX pages), as one, newest first."""
    return sorted(set(older) | set(newer), key=newest_first)


def status_reason(status: int) -> str:
    """Why a capture of another status than 200 is passed over.

    >>> [status_reason(s) for s in (301, 404, 500)]
    ['redirect', 'missing', 'not_200']
    """
    if status in (404, 410):
        return "missing"
    return "redirect" if 300 <= status < 400 else "not_200"
