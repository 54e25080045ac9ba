"""WARC (ISO 28500) for hnmcrawler: a crawl's exchanges kept, and read back for re-extraction.

``WarcAddon`` (in ``ADDONS``) installs ``capture``'s middleware only with ``HNM_WARC_DIR``;
``capture`` and ``writer`` write a crawl's WARC
files; ``records`` builds their records with warcio; ``reader`` reads the response records of
any WARC, ours or another tool's; ``extraction`` turns one into an article row the way a crawl
does. ``hnmcrawler reextract`` (``commands/reextract.py``) puts them together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

MIDDLEWARE = "hnmcrawler.warc.capture.WarcCaptureMiddleware"
CAPTURE_ORDER = 950  # above DownloaderStats (850): the first process_response of all


class WarcAddon:
    """Put ``WarcCaptureMiddleware`` in place when ``HNM_WARC_DIR`` is set; else nothing (and
    nothing of warcio is imported)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.get("HNM_WARC_DIR"):
            settings["DOWNLOADER_MIDDLEWARES"][MIDDLEWARE] = CAPTURE_ORDER
