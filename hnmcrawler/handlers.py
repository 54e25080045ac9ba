"""The mirror download handler, on only when ``HNM_MIRROR`` is set (``MirrorAddon``).

With ``HNM_MIRROR=http://127.0.0.1:PORT``, a request for ``http(s)://<host>/<path>?<query>``
is downloaded from ``http://127.0.0.1:PORT/<host>/<path>?<query>`` (same method, headers and
body) and the response comes back under the real URL, so spiders, layouts, pipelines, logs
and stores never see the mirror. Redirects the mirror sends are mapped back the same way.

``MirrorAddon`` (in ``ADDONS``) installs ``MirrorDownloadHandler`` for http and https only
when the setting is there: a crawl of the real site runs Scrapy's own handler, and nothing of
this module but the add-on is in its path.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from hnmcrawler.sites import site_for_host

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

HANDLER = "hnmcrawler.handlers.MirrorDownloadHandler"
_LOOPBACK = re.compile(r"^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$", re.IGNORECASE)


def mirror_url(url: str, mirror: str) -> str:
    """``https://hanoimoi.vn/a?b`` -> ``<mirror>/hanoimoi.vn/a?b``."""
    parts = urlsplit(url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{parts.netloc}{path}{query}"


def unmirror(url: str) -> str:
    """``http://127.0.0.1:8080/hanoimoi.com.vn/a?b`` -> ``http://hanoimoi.com.vn/a?b``.

    A mirror serves ``<host>/<path>`` under a loopback address; any other URL is returned
    unchanged. The scheme is the site's own (see ``sites.py``).
    """
    parts = urlsplit(url)
    if not _LOOPBACK.match(parts.netloc):
        return url
    host, _, rest = parts.path.lstrip("/").partition("/")
    site = site_for_host(host)
    if site is None:
        return url
    scheme = urlsplit(site.base_url).scheme
    return urlunsplit((scheme, host.casefold(), "/" + rest, parts.query, parts.fragment))


class MirrorAddon:
    """Put ``MirrorDownloadHandler`` in place for http and https when ``HNM_MIRROR`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("HNM_MIRROR"):
            return
        handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="addon")


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.mirror: str = (crawler.settings.get("HNM_MIRROR") or "").rstrip("/")

    async def download_request(self, request: Request) -> Response:
        if not self.mirror:
            return await super().download_request(request)
        mirrored = request.replace(url=mirror_url(request.url, self.mirror))
        mirrored.meta.pop("proxy", None)  # the mirror is on this machine: never through a proxy
        mirrored.headers.pop(b"Proxy-Authorization", None)
        response = await super().download_request(mirrored)
        if "download_latency" in mirrored.meta:  # AutoThrottle reads it from the request
            request.meta["download_latency"] = mirrored.meta["download_latency"]
        return self._unmirror(response, request)

    def _unmirror(self, response: Response, request: Request) -> Response:
        location = response.headers.get(b"Location")
        if location:
            raw = location.decode("latin-1")
            real = unmirror(response.urljoin(raw))
            if real.startswith(self.mirror + "/"):
                # "/Tin-tuc/..." as the real site would send it: relative to the real URL.
                real = urljoin(request.url, raw)
            response.headers[b"Location"] = real.encode("latin-1")
        return response.replace(url=request.url, request=request)
