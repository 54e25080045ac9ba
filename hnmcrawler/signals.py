"""Signals hnmcrawler sends besides Scrapy's own (``crawler.signals.send_catch_log``)."""

from __future__ import annotations

article_listed = object()
"""A listing (section page, "more" answer, feed or sitemap) named an article.

Arguments: ``section`` (the listing it came from), ``url`` (canonical article URL) and
``listed_at`` (the date the listing printed, aware, or None). The health extension counts
listed against stored articles with it.
"""

article_unlisted = object()
"""A listed article turned out to fall outside the crawl's dates (argument ``url``)."""
