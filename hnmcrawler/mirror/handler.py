"""``MirrorDownloadHandler``: fetch site URLs from a mirror when ``HNM_MIRROR`` is set.

With ``HNM_MIRROR=http://127.0.0.1:PORT``, a request for ``http(s)://<host>/<path>?<query>``
is downloaded from ``http://127.0.0.1:PORT/<host>/<path>?<query>`` (same method, headers and
body) and the response comes back under the real URL, so spiders, layouts, pipelines, logs
and stores never see the mirror. Redirects the mirror sends are mapped back the same way.
Without the setting it is Scrapy's own HTTP/1.1 handler, unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from hnmcrawler.urls import unmirror

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def mirror_url(url: str, mirror: str) -> str:
    """``https://hanoimoi.vn/a?b`` -> ``<mirror>/hanoimoi.vn/a?b``."""
    parts = urlsplit(url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror.rstrip('/')}/{parts.netloc}{path}{query}"


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.mirror: str = (crawler.settings.get("HNM_MIRROR") or "").rstrip("/")

    async def download_request(self, request: Request) -> Response:
        if not self.mirror:
            return await super().download_request(request)
        mirrored = request.replace(url=mirror_url(request.url, self.mirror))
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
